package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.models.V1Job;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.runner.dispatch.Dispatcher;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dispatcher against the real API server: exactly one runner Job per generation. */
@ExtendWith(ControlPlaneExtension.class)
class DispatchIT {

  @Test
  void racing_dispatchers_start_one_runner_job_per_pending_restore_and_leave_finished_ones(
      ControlPlane cp) throws Exception {
    LenientJson.install();
    String ns = cp.createNamespace("dispatch");
    TargetFixtures fixtures = new TargetFixtures(cp.admin());
    RawApi raw = new RawApi(cp.admin());
    for (int i = 0; i < 7; i++) {
      fixtures.restore(
          ns,
          """
          apiVersion: neo4j.neo4j.com/v1alpha1
          kind: Neo4jRestore
          metadata: {name: pending-%d}
          spec: {targetCluster: prod, databaseName: movies, source: {type: backup, backupRef: nightly}}
          """
              .formatted(i));
    }
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: finished}
        spec: {targetCluster: prod, databaseName: movies, source: {type: backup, backupRef: nightly}}
        """);
    raw.mergePatch(
        "/apis/"
            + RestoreApi.API_VERSION
            + "/namespaces/"
            + ns
            + "/"
            + RestoreApi.PLURAL
            + "/finished/status",
        ApiMapper.json()
            .readTree(
                "{\"status\":{\"phase\":\"Completed\",\"observedGeneration\":1,\"attempt\":{\"generation\":1}}}"));

    // three dispatchers at once (small pages, so paging is exercised too)
    List<Callable<List<String>>> sweeps = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sweeps.add(
          () ->
              new Dispatcher(
                      raw,
                      "localhost/neo4j-restore-runner:test",
                      new PrintStream(new ByteArrayOutputStream()),
                      3)
                  .sweep(List.of(ns)));
    }
    List<String> started = new ArrayList<>();
    for (Future<List<String>> f : Executors.newFixedThreadPool(3).invokeAll(sweeps)) {
      started.addAll(f.get());
    }
    assertEquals(7, started.size(), "each pending restore started exactly once: " + started);
    List<V1Job> jobs = new BatchV1Api(cp.admin()).listNamespacedJob(ns).execute().getItems();
    assertEquals(7, jobs.size());
    for (V1Job job : jobs) {
      String restore = job.getMetadata().getLabels().get("restore.neo4j.neo4j.com/restore");
      assertTrue(restore.startsWith("pending-"), restore);
      var r = fixtures.read(ns, restore);
      assertEquals(
          ResourceNames.runnerJob(restore, r.metadata().uid(), 1, null),
          job.getMetadata().getName());
      assertTrue(
          job.getMetadata().getOwnerReferences() == null
              || job.getMetadata().getOwnerReferences().isEmpty(),
          "the runner Job is not owned by the restore (a prune must not kill it)");
    }
    // re-running changes nothing
    assertTrue(
        new Dispatcher(raw, "img", new PrintStream(new ByteArrayOutputStream()))
            .sweep(List.of(ns))
            .isEmpty());
  }
}

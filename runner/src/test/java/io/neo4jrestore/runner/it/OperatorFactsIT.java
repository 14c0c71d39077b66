package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.RunCommand;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Facts about the Neo4j operator's objects (docs/compat.md) that the runner checks before anything
 * changes, against the real API server: the operator's own restore controller claiming the
 * resource, a ReadWriteOncePod data volume, a v1alpha1 Neo4jBackup that records no run, and the
 * operator rewrite this runner does not support. Each refusal leaves no Job of this product and no
 * call to Neo4j.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorFactsIT {
  private ControlPlane cp;
  private FakeKubelet kubelet;
  private TargetFixtures fixtures;
  private FakeDatabase database;
  private String ns;

  @BeforeAll
  void setUp(ControlPlane controlPlane, FakeKubelet fakeKubelet) {
    LenientJson.install();
    cp = controlPlane;
    kubelet = fakeKubelet;
    fixtures = new TargetFixtures(cp.admin());
  }

  @BeforeEach
  void freshNamespace() {
    ns = cp.createNamespace("facts");
    database = new FakeDatabase();
    kubelet.autoCompleteJobs(true);
  }

  private Neo4jRestore runRefused(String name, String reason) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RunnerExit exit =
        new RunCommand(
                TestWiring.with(database), new PrintStream(out, true, StandardCharsets.UTF_8))
            .target(ns, name)
            .run(cp.admin());
    Neo4jRestore r = fixtures.read(ns, name);
    assertEquals(Phases.FAILED, r.status().phase(), out.toString());
    assertEquals(reason, r.status().condition(Conditions.READY).reason(), r.status().message());
    assertTrue(exit == RunnerExit.FAILED || exit == RunnerExit.INVALID_SPEC, exit + "\n" + out);
    assertEquals(
        List.of(),
        new BatchV1Api(cp.admin())
                .listNamespacedJob(ns)
                .labelSelector(Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_VALUE)
                .execute()
                .getItems()
                .stream()
                .map(j -> j.getMetadata().getName())
                .filter(n -> !n.contains("-run-"))
                .toList(),
        "no Job of this product was created");
    assertEquals(List.of(), database.calls, "Neo4j was not touched");
    assertEquals(
        r.metadata().generation(),
        r.status().observedGeneration(),
        "observedGeneration is set on every outcome, a refusal before the claim too");
    assertTrue(r.status().stats().duration() != null, "a Failed restore has a duration");
    assertEquals(1, r.status().stats().errorCount(), "the refusal is the attempt's one error");
    return r;
  }

  private void restore(String name, String extraMetadata, String source) throws Exception {
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: %s%s}
        spec:
          targetCluster: dev
          databaseName: movies
          source: %s
        """
            .formatted(name, extraMetadata, source));
  }

  private static final String S3_FILE =
      "{type: s3, storage: {type: s3, bucket: b}, backupPath: /movies.backup}";

  @Test
  void a_restore_job_of_the_operators_own_restore_controller_is_refused() throws Exception {
    fixtures.standalone(ns, "dev", "5.26.12-enterprise");
    restore("claimed", "", S3_FILE);
    fixtures.operatorRestoreJob(ns, "claimed-restore");

    Neo4jRestore r = runRefused("claimed", Reasons.CLAIMED_BY_OPERATOR);
    assertTrue(r.status().message().contains("claimed-restore"), r.status().message());
    assertTrue(r.status().message().contains("changed nothing"), r.status().message());
  }

  @Test
  void a_resource_carrying_the_operators_finalizer_is_left_alone() throws Exception {
    fixtures.standalone(ns, "dev", "5.26.12-enterprise");
    restore("finalized", ", finalizers: [" + Annotations.OPERATOR_RESTORE_FINALIZER + "]", S3_FILE);
    Neo4jRestore r = runRefused("finalized", Reasons.CLAIMED_BY_OPERATOR);
    assertTrue(
        r.status().message().contains(Annotations.OPERATOR_RESTORE_FINALIZER),
        r.status().message());
    new RawApi(cp.admin())
        .mergePatch(
            "/apis/neo4j.neo4j.com/v1alpha1/namespaces/" + ns + "/neo4jrestores/finalized",
            Map.of("metadata", Map.of("finalizers", List.of())));
  }

  @Test
  void an_online_restore_into_a_read_write_once_pod_volume_is_refused() throws Exception {
    fixtures.standalone(ns, "dev", "5.26.12-enterprise", "ReadWriteOncePod");
    restore("rwop", "", S3_FILE);
    Neo4jRestore r = runRefused("rwop", Reasons.INVALID_SPEC);
    assertTrue(r.status().message().contains("neo4j-data-dev-0"), r.status().message());
    assertTrue(r.status().message().contains("ReadWriteOncePod"), r.status().message());
    assertTrue(r.status().message().contains("stopCluster: true"), r.status().message());
  }

  @Test
  void a_v1alpha1_backup_without_backup_path_is_refused_naming_its_run_folders() throws Exception {
    fixtures.standalone(ns, "dev", "5.26.12-enterprise");
    fixtures.pvc(ns, "backups");
    fixtures.backup(ns, "daily", Map.of("type", "pvc", "pvc", Map.of("name", "backups")));
    restore("unrecorded", "", "{type: backup, backupRef: daily}");
    Neo4jRestore r = runRefused("unrecorded", Reasons.SOURCE_NOT_FOUND);
    assertTrue(r.status().message().contains("daily-<yyyyMMdd-HHmmss>"), r.status().message());
    assertTrue(r.status().message().contains("spec.source.backupPath"), r.status().message());
  }

  @Test
  void a_target_of_the_operator_rewrite_is_refused_as_unsupported() throws Exception {
    OperatorRewrite.served(
        cp,
        () -> {
          restore("rewrite", "", S3_FILE);
          Neo4jRestore r = runRefused("rewrite", Reasons.UNSUPPORTED_OPERATOR);
          assertTrue(r.status().message().contains("kind Neo4j"), r.status().message());
        });
  }
}

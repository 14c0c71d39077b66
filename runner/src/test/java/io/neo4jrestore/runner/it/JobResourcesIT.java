package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Volume;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.RunCommand;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import io.neo4jrestore.testenv.Wait;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The restore Job the runner creates, as the API server has it: requests and limits derived from
 * the target's server container (the fixtures give it the Neo4j operator's defaults: requests 500m
 * and 1Gi, limits 1 and 2Gi) and a bounded scratch volume; with {@code pvc.size} and {@code
 * pvc.storageClassName} the real ephemeral-volume controller makes the pod's scratch claim.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobResourcesIT {
  private ControlPlane cp;
  private FakeKubelet kubelet;
  private TargetFixtures fixtures;
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
    ns = cp.createNamespace("sizing");
    kubelet.autoCompleteJobs(true);
  }

  private Neo4jRestore restore(String name, FakeDatabase database) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RunnerExit exit =
        new RunCommand(
                TestWiring.with(database), new PrintStream(out, true, StandardCharsets.UTF_8))
            .target(ns, name)
            .run(cp.admin());
    assertEquals(RunnerExit.SUCCEEDED, exit, out.toString());
    Neo4jRestore r = fixtures.read(ns, name);
    assertEquals(Phases.COMPLETED, r.status().phase());
    return r;
  }

  private V1Job restoreJob(Neo4jRestore r) throws Exception {
    return new BatchV1Api(cp.admin())
        .readNamespacedJob(
            ResourceNames.job(r.metadata().name(), r.metadata().uid(), 1, null, JobRole.RESTORE),
            ns)
        .execute();
  }

  private static V1Volume volume(V1Job job, String name) {
    return job.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> name.equals(v.getName()))
        .findFirst()
        .orElseThrow();
  }

  private static void assertResources(
      V1Container c, String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
    Map<String, Quantity> requests = c.getResources().getRequests();
    Map<String, Quantity> limits = c.getResources().getLimits();
    assertEquals(Quantity.fromString(cpuRequest), requests.get("cpu"), "cpu request");
    assertEquals(Quantity.fromString(memoryRequest), requests.get("memory"), "memory request");
    assertEquals(Quantity.fromString(cpuLimit), limits.get("cpu"), "cpu limit");
    assertEquals(Quantity.fromString(memoryLimit), limits.get("memory"), "memory limit");
  }

  @Test
  void an_offline_restore_gets_the_servers_resources_and_an_empty_dir_as_large_as_its_data_volume()
      throws Exception {
    fixtures.cluster(ns, "prod", "2025.04.0-enterprise", 2);
    fixtures.offlineRestore(ns, "nightly");
    V1Job job = restoreJob(restore("nightly", new FakeDatabase().withDatabase("orders")));

    V1Container restore = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertResources(restore, "500m", "1Gi", "1", "2Gi");
    V1Volume temp = volume(job, "restore-temp");
    assertEquals(
        Quantity.fromString("1Gi"),
        temp.getEmptyDir().getSizeLimit(),
        "the fixtures' data volume template asks for 1Gi");
    assertNull(temp.getEphemeral());
  }

  @Test
  void pvc_size_and_class_give_an_online_restore_a_scratch_claim_made_with_its_pod()
      throws Exception {
    fixtures.standalone(ns, "solo", "2025.04.0-enterprise");
    fixtures.pvc(ns, "backups");
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: from-pvc}
        spec:
          targetCluster: solo
          databaseName: movies
          source:
            type: storage
            storage: {type: pvc, path: nightly, pvc: {name: backups, size: 3Gi, storageClassName: fast}}
            backupPath: movies.backup
        """);
    V1Job job = restoreJob(restore("from-pvc", new FakeDatabase()));

    // online: a quarter of the server's requests, at least 100m and 512Mi; its limits
    assertResources(
        job.getSpec().getTemplate().getSpec().getContainers().get(0), "125m", "512Mi", "1", "2Gi");
    var claimTemplate = volume(job, "restore-temp").getEphemeral().getVolumeClaimTemplate();
    assertEquals("fast", claimTemplate.getSpec().getStorageClassName());

    CoreV1Api core = new CoreV1Api(cp.admin());
    V1Pod pod =
        core.listNamespacedPod(ns)
            .labelSelector("job-name=" + job.getMetadata().getName())
            .execute()
            .getItems()
            .get(0);
    String claimName = pod.getMetadata().getName() + "-restore-temp";
    V1PersistentVolumeClaim[] claim = new V1PersistentVolumeClaim[1];
    Wait.until(
        "the ephemeral-volume controller's claim " + claimName,
        Duration.ofSeconds(60),
        () -> {
          claim[0] = core.readNamespacedPersistentVolumeClaim(claimName, ns).execute();
          return true;
        });
    assertEquals("fast", claim[0].getSpec().getStorageClassName());
    assertEquals(
        Quantity.fromString("3Gi"), claim[0].getSpec().getResources().getRequests().get("storage"));
    assertEquals(
        pod.getMetadata().getUid(),
        claim[0].getMetadata().getOwnerReferences().get(0).getUid(),
        "deleted with the pod");
  }
}

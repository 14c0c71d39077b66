package io.neo4jrestore.runner.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreStatus;
import io.neo4jrestore.runner.kube.ClusterOps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The in-memory world's own behaviour, beyond the ports' contract: its StatefulSet and Job
 * controllers, its faults and its call log.
 */
class InMemoryWorldTest {
  private static final String NS = "ns";
  private final InMemoryWorld world = new InMemoryWorld();
  private final ClusterOps cluster = world.cluster();

  @Test
  void a_stateful_set_has_ready_pods_and_bound_claims() throws Exception {
    new WorldFixtures(world).cluster(NS, "prod", "5.26.12-enterprise", 3, null);
    var sts = cluster.statefulSet(NS, "prod-server").orElseThrow();
    assertEquals(3, sts.getStatus().getReadyReplicas());
    List<V1Pod> pods = cluster.pods(NS, "app.kubernetes.io/instance=prod");
    assertEquals(3, pods.size());
    assertEquals("Running", pods.get(0).getStatus().getPhase());
    assertEquals("True", pods.get(0).getStatus().getConditions().get(0).getStatus());
    var claim = cluster.pvc(NS, "data-prod-server-2").orElseThrow();
    assertEquals("Bound", claim.getStatus().getPhase());
    assertTrue(claim.getSpec().getVolumeName() != null);
  }

  @Test
  void scaling_down_deletes_pods_above_the_replicas_and_keeps_their_claims() throws Exception {
    new WorldFixtures(world).cluster(NS, "prod", "5.26.12-enterprise", 3, null);
    String uid = cluster.pvc(NS, "data-prod-server-1").orElseThrow().getMetadata().getUid();
    cluster.scale(NS, "prod-server", 1);
    assertEquals(1, cluster.pods(NS, "app.kubernetes.io/instance=prod").size());
    assertEquals(1, cluster.statefulSet(NS, "prod-server").orElseThrow().getStatus().getReplicas());
    assertTrue(cluster.pvcExists(NS, "data-prod-server-2"));
    cluster.scale(NS, "prod-server", 3);
    assertEquals(
        uid,
        cluster.pvc(NS, "data-prod-server-1").orElseThrow().getMetadata().getUid(),
        "the pod came back on its retained claim");
  }

  @Test
  void scaling_down_deletes_the_claims_when_the_policy_says_delete() throws Exception {
    new WorldFixtures(world).cluster(NS, "prod", "5.26.12-enterprise", 3, "Delete");
    cluster.scale(NS, "prod-server", 0);
    assertTrue(cluster.pods(NS, "app.kubernetes.io/instance=prod").isEmpty());
    assertTrue(cluster.pvcs(NS, List.of("data-prod-server-0", "data-prod-server-2")).isEmpty());
    assertEquals(
        0, cluster.statefulSet(NS, "prod-server").orElseThrow().getStatus().getReadyReplicas());
  }

  @Test
  void a_created_job_succeeds_at_once_by_default() throws Exception {
    cluster.createJob(NS, job("restore-a"));
    V1Job job = cluster.job(NS, "restore-a").orElseThrow();
    assertEquals(1, job.getStatus().getSucceeded());
    assertEquals("Complete", job.getStatus().getConditions().get(0).getType());
    List<V1Pod> pods = cluster.jobPods(NS, "restore-a");
    assertEquals(1, pods.size());
    assertTrue(pods.get(0).getMetadata().getName().matches("restore-a-[0-9a-z]{5}"));
    assertEquals("Succeeded", pods.get(0).getStatus().getPhase());
  }

  @Test
  void a_job_fails_or_waits_as_scripted() throws Exception {
    world.jobs().onCreate("restore-", JobOutcome.FAIL).onCreate("restore-held", JobOutcome.HOLD);
    cluster.createJob(NS, job("restore-b"));
    V1Job failed = cluster.job(NS, "restore-b").orElseThrow();
    assertEquals(1, failed.getStatus().getFailed());
    assertEquals("Failed", failed.getStatus().getConditions().get(0).getType());
    V1Pod pod = cluster.jobPods(NS, "restore-b").get(0);
    assertEquals("Failed", pod.getStatus().getPhase());
    assertEquals(
        1, pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode());

    cluster.createJob(NS, job("restore-held-1"));
    assertEquals(1, cluster.job(NS, "restore-held-1").orElseThrow().getStatus().getActive());
    world.jobs().fail(NS, "restore-held-1", "DeadlineExceeded", "too slow");
    var condition =
        cluster.job(NS, "restore-held-1").orElseThrow().getStatus().getConditions().get(0);
    assertEquals(
        "DeadlineExceeded: too slow", condition.getReason() + ": " + condition.getMessage());

    cluster.createJob(NS, job("restore-held-2"));
    world.jobs().complete(NS, "restore-held-2");
    assertEquals(1, cluster.job(NS, "restore-held-2").orElseThrow().getStatus().getSucceeded());
  }

  @Test
  void an_armed_fault_answers_the_next_matching_call_once() throws Exception {
    new WorldFixtures(world).cluster(NS, "prod", "5.26.12-enterprise", 3, null);
    world.failNext("scale", "/apis/apps/v1/namespaces/ns/", 503);
    assertEquals(
        503, assertThrows(ApiException.class, () -> cluster.scale(NS, "prod-server", 0)).getCode());
    cluster.scale(NS, "prod-server", 0);
    assertEquals(0, cluster.statefulSet(NS, "prod-server").orElseThrow().getSpec().getReplicas());
  }

  @Test
  void a_status_conflict_can_be_armed() throws Exception {
    Neo4jRestore r = new WorldFixtures(world).offlineRestore(NS, "r", "prod");
    world.conflictNextStatusWrite();
    var store = world.restores(NS, "r");
    assertEquals(
        409,
        assertThrows(
                ApiException.class,
                () -> store.writeStatus(status(), r.metadata().resourceVersion()))
            .getCode());
    CallOrder.assertThat(world.calls()).times("writeStatus ns/r", 1);
  }

  @Test
  void the_call_order_fails_with_the_whole_log() throws Exception {
    new WorldFixtures(world).cluster(NS, "prod", "5.26.12-enterprise", 3, null);
    cluster.scale(NS, "prod-server", 0);
    cluster.createJob(NS, job("restore-c"));
    CallOrder.assertThat(world.calls())
        .contains("scale ns/prod-server 0")
        .before("createJob ns/restore-")
        .inOrder("scale ns/", "createJob ns/")
        .never("scale ns/prod-server 3");
    assertEquals(1, CallOrder.assertThat(world.calls()).count("createJob"));
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> CallOrder.assertThat(world.calls()).inOrder("createJob ns/", "scale ns/"));
    assertTrue(e.getMessage().contains("#0 scale ns/prod-server 0"), e.getMessage());
  }

  private static Neo4jRestoreStatus status() {
    return ApiMapper.json().convertValue(Map.of("phase", "Running"), Neo4jRestoreStatus.class);
  }

  private static V1Job job(String name) {
    return ClusterOpsContract.job(NS, name);
  }
}

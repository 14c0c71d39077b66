package io.neo4jrestore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Job;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.testenv.neo4j.StandInBackup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An offline restore over an existing database of a three-server cluster from a {@code Neo4jBackup}
 * on a claim: the StatefulSet goes 3 -> 0 -> 3 with real pods stopping and starting, the restore
 * Job mounts server 0's real data claim, the database is recreated seeded from server 0, and {@code
 * watch} and {@code logs} show what happened.
 */
class ClusterOfflineRestoreE2E extends K3sTest {
  private static final String NS = "e2e-cluster";

  /**
   * A run folder as the v1alpha1 operator's backup Jobs name them on a PVC ({@code
   * <backup>-<yyyyMMdd-HHmmss>}, docs/compat.md): that line records no run, so the restore names
   * it.
   */
  private static final String RUN_FOLDER = "nightly-20250104-000000";

  private Targets.Target prod;
  private List<Path> artifacts;

  ClusterOfflineRestoreE2E() {
    super(NS);
  }

  @Override
  protected void setUp() throws Exception {
    Instant t = hoursAgo(6);
    artifacts =
        backups(
            RUN_FOLDER,
            StandInBackup.of("orders", t, true, 1, 41),
            StandInBackup.of("orders", t.plus(Duration.ofHours(3)), false, 42, 63));
    targets.apply(
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jBackup
        metadata: {name: nightly, namespace: %s}
        spec:
          storage: {type: pvc, pvc: {name: backups}}
        """
            .formatted(NS));
    // orders exists (online) on server 0 with an older store; it is replaced (force)
    prod =
        targets.cluster(
            NS,
            "prod",
            3,
            Targets.Servers.plain().slow(2, 0).withDatabases(Map.of("orders", "online")));
  }

  @Test
  void an_offline_restore_scales_the_cluster_to_zero_restores_into_server_0s_claim_and_back()
      throws Exception {
    Map<String, String> podsBefore = targets.podUids(prod);
    Map<String, String> claimsBefore = targets.claimUids(prod);
    assertEquals(3, podsBefore.size(), podsBefore.toString());
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = sampler(seen, sampling);

    restores.create(
        NS,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: orders-offline}
        spec:
          targetCluster: prod
          databaseName: orders
          source: {type: backup, backupRef: nightly, backupPath: %s/%s}
          force: true
          stopCluster: true
        """
            .formatted(RUN_FOLDER, artifacts.get(1).getFileName()));
    Cli.Result watched;
    try {
      watched = restores.watch(NS, "orders-offline", Duration.ofMinutes(10));
    } finally {
      sampling.set(false);
      sampler.join();
    }
    assertEquals(0, watched.exitCode(), watched.toString());
    for (String step : List.of(Steps.STOP_CLUSTER, Steps.RESTORE, Steps.START_CLUSTER)) {
      assertTrue(
          watched
              .out()
              .lines()
              .anyMatch(l -> l.contains("step " + step) && l.contains("Succeeded")),
          "watch showed no " + step + ":\n" + watched.out());
    }
    Neo4jRestore done = restores.read(NS, "orders-offline");
    assertEquals(Phases.COMPLETED, done.status().phase(), done.status().message());

    // 3 -> 0 -> 3: every pod was stopped and a new one started; the claims are the same
    assertTrue(seen.contains("replicas=0 pods=0"), "the cluster was never seen at 0: " + seen);
    Map<String, String> podsAfter = targets.podUids(prod);
    assertEquals(podsBefore.keySet(), podsAfter.keySet());
    for (String pod : podsBefore.keySet()) {
      assertNotEquals(podsBefore.get(pod), podsAfter.get(pod), pod + " was not restarted");
    }
    assertEquals(claimsBefore, targets.claimUids(prod));

    // the restore Job mounted server 0's data claim, and its neo4j-admin replaced the old store
    V1Job job = restores.jobs(NS, "orders-offline", "restore").get(0);
    assertTrue(
        job.getSpec().getTemplate().getSpec().getVolumes().stream()
            .anyMatch(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && prod.dataClaim(0).equals(v.getPersistentVolumeClaim().getClaimName())),
        job.getSpec().getTemplate().getSpec().getVolumes().toString());
    Map<String, String> store = targets.store(prod, 0, "orders");
    assertEquals("63", store.get("lastTx"));
    assertEquals(
        "/backup/"
            + RUN_FOLDER
            + "/"
            + artifacts.get(0).getFileName()
            + ",/backup/"
            + RUN_FOLDER
            + "/"
            + artifacts.get(1).getFileName(),
        store.get("artifacts"));
    assertNull(targets.store(prod, 1, "orders"), "only server 0 received the restore");
    assertEquals("online", targets.databases(prod).get("orders"));

    // the database was stopped before and recreated seeded from server 0 after, over Bolt
    String server0 = e2e.cli().kubectlOk("logs", "-n", NS, prod.pod(0));
    assertTrue(server0.contains("CALL dbms.cluster.recreateDatabase"), server0);
    assertFalse(server0.contains(Targets.ADMIN_PASSWORD));

    // logs: the runner's steps and the restore Job's own output
    Cli.Result logs = restores.logs(NS, "orders-offline");
    assertEquals(0, logs.exitCode(), logs.toString());
    assertTrue(
        logs.out().contains("Restore of database orders completed: 63 transactions"), logs.out());
    assertTrue(logs.out().contains("StopCluster"), logs.out());
  }

  /** Records "replicas=N pods=M" whenever it changes, every 200 ms. */
  private Thread sampler(List<String> seen, AtomicBoolean running) {
    AppsV1Api apps = new AppsV1Api(e2e.k3s().admin());
    CoreV1Api core = new CoreV1Api(e2e.k3s().admin());
    Thread t =
        new Thread(
            () -> {
              while (running.get()) {
                try {
                  int replicas =
                      apps.readNamespacedStatefulSet(prod.statefulSet(), NS)
                          .execute()
                          .getSpec()
                          .getReplicas();
                  long pods =
                      core.listNamespacedPod(NS).execute().getItems().stream()
                          .filter(
                              p -> p.getMetadata().getName().startsWith(prod.statefulSet() + "-"))
                          .count();
                  String s = "replicas=" + replicas + " pods=" + pods;
                  if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(s)) {
                    seen.add(s);
                  }
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  return;
                } catch (Exception e) {
                  // a failed read is just a missed sample
                }
              }
            },
            "statefulset-sampler");
    t.setDaemon(true);
    t.start();
    return t;
  }
}

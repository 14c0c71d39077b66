package io.neo4jrestore.plugin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.plugin.kube.ApiClients;
import io.neo4jrestore.plugin.kube.Kubeconfig;
import io.neo4jrestore.plugin.kube.KubeconfigLoader;
import io.neo4jrestore.plugin.testing.Snapshots;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl neo4j-restore watch} against the real API server while the test plays the runner
 * by writing {@code /status} step by step; watches are dropped and expired on the way.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchIT {
  private static final Duration LINE = Duration.ofSeconds(30);
  private String ns;
  private Kubectl kubectl;
  private Kubectl viaProxy;
  private Admin admin;
  private WatchProxy proxy;

  @BeforeAll
  void setUp(ControlPlane cp, @TempDir Path dir) throws Exception {
    ns = cp.createNamespace("watch");
    admin = new Admin(cp.adminKubeconfig());
    kubectl = new Kubectl(Admin.threeFileKubeconfig(dir, cp.adminKubeconfig(), ns));
    Kubeconfig.Selection s =
        KubeconfigLoader.load(List.of(cp.adminKubeconfig())).select(null, null, null);
    proxy =
        new WatchProxy(
            ApiClients.transport(
                s, ApiClients.credentials(s, Clock.systemUTC(), false), Duration.ZERO));
    Path proxied = dir.resolve("proxied.yaml");
    Files.writeString(
        proxied,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: proxy\n  cluster:\n    server: "
            + proxy.url()
            + "\nusers:\n- name: anonymous\n  user: {}\ncontexts:\n- name: proxy\n  context:\n"
            + "    cluster: proxy\n    user: anonymous\n    namespace: "
            + ns
            + "\ncurrent-context: proxy\n");
    viaProxy = new Kubectl(proxied.toString());
  }

  @AfterAll
  void tearDown() {
    if (proxy != null) {
      proxy.close();
    }
  }

  private void create(String name) {
    Kubectl.Result r = kubectl.run(Kubectl.createArgs(name, "--no-start"));
    assertEquals(0, r.exitCode(), r.toString());
  }

  private void write(String name, Snapshots s) {
    admin.patchStatus(ns, name, s.snapshot().get("status"));
  }

  private static long count(String text, String needle) {
    return text.lines().filter(l -> l.contains(needle)).count();
  }

  @Test
  void follows_to_completed_through_dropped_and_expired_watches_printing_each_step_once()
      throws Exception {
    create("steps");
    Snapshots s = Snapshots.restore(ns, "steps");
    Kubectl.Running watch = viaProxy.start("watch", "steps", "--timeout", "3m");
    watch.awaitLine(l -> l.contains("phase Pending"), LINE);

    String t0 = "2025-01-20T10:00:00Z";
    write(
        "steps",
        s.phase("Running", "restoring")
            .started(t0)
            .step("ResolveTarget", "Running", t0, null, null));
    watch.awaitLine(l -> l.contains("step ResolveTarget     Running"), LINE);

    // the connection ends mid-restore: watch again from the last resourceVersion
    proxy.dropWatches();
    write("steps", s.step("ResolveTarget", "Succeeded", t0, "2025-01-20T10:00:02Z", "prod"));
    watch.awaitLine(l -> l.contains("step ResolveTarget     Succeeded in 2s"), LINE);

    // the next watch asks for a resourceVersion long compacted: the API server says 410 Gone
    proxy.staleNextWatch();
    proxy.dropWatches();
    write("steps", s.step("Claim", "Running", "2025-01-20T10:00:03Z", null, null));
    write(
        "steps",
        s.step("Claim", "Succeeded", "2025-01-20T10:00:03Z", "2025-01-20T10:00:04Z", null));
    watch.awaitLine(l -> l.contains("step Claim             Succeeded in 1s"), LINE);

    // and once as HTTP 410 (the proxy answers it)
    proxy.goneNextWatch();
    proxy.dropWatches();
    write(
        "steps",
        s.step("Restore", "Running", "2025-01-20T10:00:05Z", null, null)
            .progress("Restore", "1.2GiB of 4GiB"));
    watch.awaitLine(l -> l.contains("1.2GiB of 4GiB"), LINE);

    write(
        "steps",
        s.step("Restore", "Succeeded", "2025-01-20T10:00:05Z", "2025-01-20T10:03:05Z", null)
            .phase("Completed", "restored movies")
            .completed("2025-01-20T10:03:06Z")
            .duration("3m06s")
            .condition(
                "Ready", "True", "Succeeded", "database movies is online", "2025-01-20T10:03:06Z"));
    Kubectl.Result r = watch.await(Duration.ofSeconds(60));
    assertEquals(0, r.exitCode(), r.toString());
    for (String line :
        List.of(
            "phase Pending",
            "phase Running",
            "step ResolveTarget     Running",
            "step ResolveTarget     Succeeded in 2s",
            "step Claim             Succeeded in 1s",
            "step Restore           Running",
            "step Restore           Succeeded in 3m00s",
            "condition Ready=True",
            "phase Completed")) {
      assertEquals(1, count(r.out(), line), line + " once in:\n" + r);
    }
    assertTrue(r.out().endsWith("neo4jrestore " + ns + "/steps Completed in 3m06s\n"), r.out());
    assertEquals(2, count(r.err(), "(410 Gone); listing again"), r.toString());
    assertTrue(
        proxy.watchQueries.stream().anyMatch(q -> q.startsWith("STALE ")),
        proxy.watchQueries.toString());
    // the watch asked for bookmarks, a server-side timeout and just this restore
    String first = proxy.watchQueries.get(0);
    assertTrue(first.contains("allowWatchBookmarks=true"), first);
    assertTrue(first.contains("timeoutSeconds="), first);
    assertTrue(first.contains("fieldSelector=metadata.name%3Dsteps"), first);
  }

  @Test
  void a_failed_restore_ends_the_watch_with_exit_1_and_what_to_do_next() throws Exception {
    create("fails");
    Snapshots s = Snapshots.restore(ns, "fails");
    Kubectl.Running watch = kubectl.start("watch", "fails");
    watch.awaitLine(l -> l.contains("phase Pending"), LINE);
    String t0 = "2025-01-20T10:00:00Z";
    write(
        "fails",
        s.phase("Running", null).started(t0).step("ResolveTarget", "Running", t0, null, null));
    watch.awaitLine(l -> l.contains("step ResolveTarget     Running"), LINE);
    write(
        "fails",
        s.step(
                "ResolveTarget",
                "Failed",
                t0,
                "2025-01-20T10:00:01Z",
                "no Neo4jEnterpriseCluster or Neo4jEnterpriseStandalone named prod")
            .phase("Failed", "target prod not found")
            .completed("2025-01-20T10:00:01Z")
            .condition(
                "Ready",
                "False",
                "TargetNotFound",
                "target prod not found",
                "2025-01-20T10:00:01Z"));
    Kubectl.Result r = watch.await(Duration.ofSeconds(60));
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(
        r.out().contains("step ResolveTarget     Failed in 1s  no Neo4jEnterpriseCluster"),
        r.out());
    assertTrue(r.err().contains("Failed (TargetNotFound): target prod not found"), r.err());
    assertTrue(r.err().contains("next: Check the target"), r.err());

    // describe says the same, with the next step
    Kubectl.Result describe = kubectl.run("describe", "fails");
    assertTrue(describe.out().contains("Next:       Check the target"), describe.out());
  }

  @Test
  void a_restore_that_does_not_end_in_time_exits_4() {
    create("slow");
    Kubectl.Result r = kubectl.run("watch", "slow", "--timeout", "3s");
    assertEquals(4, r.exitCode(), r.toString());
    assertTrue(r.err().contains("timed out waiting for neo4jrestore " + ns + "/slow"), r.err());
  }
}

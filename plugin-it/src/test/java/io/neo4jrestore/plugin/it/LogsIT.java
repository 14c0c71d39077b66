package io.neo4jrestore.plugin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.plugin.testing.Snapshots;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl neo4j-restore logs} against the real API server: the restore's Jobs run as pods of
 * the fake kubelet, whose output the test writes; pods/log goes through kube-apiserver.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogsIT {
  private static final Duration LINE = Duration.ofSeconds(30);
  private String ns;
  private Kubectl kubectl;
  private Admin admin;
  private FakeKubelet kubelet;

  @BeforeAll
  void setUp(ControlPlane cp, FakeKubelet kubelet, @TempDir Path dir) {
    this.kubelet = kubelet;
    ns = cp.createNamespace("logs");
    admin = new Admin(cp.adminKubeconfig());
    kubectl = new Kubectl(Admin.threeFileKubeconfig(dir, cp.adminKubeconfig(), ns));
  }

  /** Creates the restore (without its runner) and returns its UID. */
  private String create(String name) {
    Kubectl.Result r = kubectl.run(Kubectl.createArgs(name, "--no-start"));
    assertEquals(0, r.exitCode(), r.toString());
    return admin.restore(ns, name).orElseThrow().at("/metadata/uid").asText();
  }

  private String job(String restore, String uid, String job, JobRole role) throws Exception {
    return admin.runningJob(ns, restore, uid, job, role, LINE);
  }

  /** One line, and a little time so the next one gets a later timestamp. */
  private void write(String pod, String line) throws InterruptedException {
    kubelet.appendOutput(ns, pod, "main", line + "\n");
    Thread.sleep(15);
  }

  private void complete(String name) {
    admin.patchStatus(
        ns,
        name,
        Snapshots.restore(ns, name)
            .phase("Completed", "restored movies")
            .started("2025-01-20T10:00:00Z")
            .completed("2025-01-20T10:01:00Z")
            .snapshot()
            .get("status"));
  }

  @Test
  void merges_two_jobs_in_time_order_with_tail_and_timestamps() throws Exception {
    String uid = create("merged");
    String runner = job("merged", uid, "merged-run", JobRole.RUNNER);
    String restore = job("merged", uid, "merged-restore", JobRole.RESTORE);
    write(runner, "resolving target prod");
    write(restore, "neo4j-admin database restore movies");
    write(runner, "restore Job started");
    write(restore, "restored movies");
    write(runner, "done");

    Kubectl.Result r = kubectl.run("logs", "merged");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(
        "[runner] resolving target prod\n"
            + "[restore] neo4j-admin database restore movies\n"
            + "[runner] restore Job started\n"
            + "[restore] restored movies\n"
            + "[runner] done\n",
        r.out(),
        r.toString());

    Kubectl.Result tail = kubectl.run("logs", "merged", "--tail", "2", "--timestamps");
    assertEquals(0, tail.exitCode(), tail.toString());
    String[] lines = tail.out().split("\n");
    assertEquals(2, lines.length, tail.toString());
    assertTrue(
        lines[0].matches("\\[restore\\] \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z restored movies"), lines[0]);
    assertTrue(lines[1].matches("\\[runner\\] \\S+Z done"), lines[1]);

    // after the Jobs ended the logs are still there
    kubelet.finishJob(ns, "merged-restore", 0);
    kubelet.finishJob(ns, "merged-run", 0);
    complete("merged");
    Kubectl.Result after = kubectl.run("logs", "merged", "--tail", "1");
    assertEquals("[runner] done\n", after.out(), after.toString());
  }

  @Test
  void follow_receives_new_lines_and_new_pods_and_ends_when_the_pods_finish() throws Exception {
    String uid = create("followed");
    String runner = job("followed", uid, "followed-run", JobRole.RUNNER);
    write(runner, "first");
    Kubectl.Running logs = kubectl.start("logs", "followed", "-f");
    logs.awaitLine(l -> l.equals("[runner] first"), LINE);
    write(runner, "appended while following");
    logs.awaitLine(l -> l.equals("[runner] appended while following"), LINE);

    // a Job that starts later is picked up
    String restore = job("followed", uid, "followed-restore", JobRole.RESTORE);
    write(restore, "restoring movies");
    logs.awaitLine(l -> l.equals("[restore] restoring movies"), LINE);
    write(runner, "restore Job ended");
    logs.awaitLine(l -> l.equals("[runner] restore Job ended"), LINE);

    // the restore ends, then its pods: the command ends too
    complete("followed");
    kubelet.finishJob(ns, "followed-restore", 0);
    write(runner, "runner exits");
    kubelet.finishJob(ns, "followed-run", 0);
    Kubectl.Result r = logs.await(Duration.ofSeconds(60));
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(
        "[runner] first\n"
            + "[runner] appended while following\n"
            + "[restore] restoring movies\n"
            + "[runner] restore Job ended\n"
            + "[runner] runner exits\n",
        r.out(),
        r.toString());
  }

  @Test
  void a_restore_without_pods_says_so() {
    create("nopods");
    complete("nopods");
    Kubectl.Result r = kubectl.run("logs", "nopods");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.err().contains("no pods are left for neo4jrestore " + ns + "/nopods"), r.err());
  }
}

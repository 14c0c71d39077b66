package io.neo4jrestore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.testenv.Wait;
import io.neo4jrestore.testenv.neo4j.StandInBackup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runner pod killed for real at three points of an offline restore: SIGKILL of its container
 * while the target is being stopped, deletion with grace period 0 while the restore Job runs, and
 * SIGKILL again while the target starts. Each time the Job controller starts a new runner pod,
 * which resumes from status; the restore completes with one restore Job and the target back up.
 */
class RunnerResumeE2E extends K3sTest {
  private static final String NS = "e2e-resume";
  private static final String NAME = "keys-resumed";

  private Targets.Target vault;
  private List<Path> artifacts;

  RunnerResumeE2E() {
    super(NS);
  }

  @Override
  protected void setUp() throws Exception {
    Instant t = hoursAgo(1);
    // a restore that takes 25 s, a server that takes 10 s to stop and 10 s to be ready: each
    // step lasts long enough to be caught running
    artifacts = backups("vault", StandInBackup.of("keys", t, true, 1, 30).restoreTaking(25));
    vault = targets.standalone(NS, "vault", Targets.Servers.plain().slow(10, 10));
  }

  @Test
  void a_runner_killed_at_three_points_is_replaced_by_the_job_and_the_next_pod_resumes()
      throws Exception {
    create(NAME, "vault", "keys", "  stopCluster: true\n" + pvcSource("vault", artifacts.get(0)));
    List<String> killed = new ArrayList<>();

    restores.awaitStep(NS, NAME, Steps.STOP_CLUSTER, Steps.RUNNING, Duration.ofMinutes(3));
    V1Pod first = runningRunner(killed);
    e2e.k3s().sigkill(first, "runner");
    killed.add(first.getMetadata().getName());

    restores.awaitStep(NS, NAME, Steps.RESTORE, Steps.RUNNING, Duration.ofMinutes(3));
    V1Pod second = runningRunner(killed);
    e2e.cli()
        .kubectlOk(
            "delete",
            "pod",
            second.getMetadata().getName(),
            "-n",
            NS,
            "--grace-period=0",
            "--force");
    killed.add(second.getMetadata().getName());

    restores.awaitStep(NS, NAME, Steps.START_CLUSTER, Steps.RUNNING, Duration.ofMinutes(4));
    V1Pod third = runningRunner(killed);
    e2e.k3s().sigkill(third, "runner");
    killed.add(third.getMetadata().getName());

    Neo4jRestore done = restores.awaitEnd(NS, NAME, Duration.ofMinutes(6));
    assertEquals(Phases.COMPLETED, done.status().phase(), done.status().message());
    assertTrue(
        done.status().steps().stream()
            .allMatch(s -> Steps.SUCCEEDED.equals(s.state()) || Steps.SKIPPED.equals(s.state())),
        done.status().steps().toString());
    String finisher = done.status().attempt().runnerPod();
    assertTrue(!killed.contains(finisher), finisher + " was killed: " + killed);

    // the Job counted three failed pods and a fourth that succeeded (once it has exited)
    Wait.until(
        "the runner Job of " + NS + "/" + NAME + " to be Complete",
        Duration.ofMinutes(1),
        () -> {
          var conditions = restores.jobs(NS, NAME, "runner").get(0).getStatus().getConditions();
          return conditions != null
              && conditions.stream()
                  .anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
        });
    V1Job runner = restores.jobs(NS, NAME, "runner").get(0);
    assertEquals(3, runner.getStatus().getFailed(), runner.getStatus().toString());
    assertEquals(1, runner.getStatus().getSucceeded(), runner.getStatus().toString());
    var sigkilled =
        restores.pods(NS, runner.getMetadata().getName()).stream()
            .filter(p -> p.getMetadata().getName().equals(first.getMetadata().getName()))
            .findFirst()
            .orElseThrow();
    assertEquals(
        137,
        sigkilled
            .getStatus()
            .getContainerStatuses()
            .get(0)
            .getState()
            .getTerminated()
            .getExitCode());

    // one restore Job, the store written, the target back up
    assertEquals(1, restores.jobs(NS, NAME, "restore").size());
    assertEquals("30", targets.store(vault, 0, "keys").get("lastTx"));
    targets.awaitReady(vault, 1, Duration.ofMinutes(1));
    assertEquals("online", targets.databases(vault).get("keys"));
  }

  /** The runner Job's pod whose container is running now (not one already killed). */
  private V1Pod runningRunner(List<String> killed) {
    V1Pod[] found = new V1Pod[1];
    Wait.until(
        "a running runner pod of " + NS + "/" + NAME + " other than " + killed,
        Duration.ofMinutes(3),
        () -> {
          V1Job job = restores.jobs(NS, NAME, "runner").get(0);
          for (V1Pod p : restores.pods(NS, job.getMetadata().getName())) {
            if (!killed.contains(p.getMetadata().getName())
                && p.getMetadata().getDeletionTimestamp() == null
                && p.getStatus().getContainerStatuses() != null
                && p.getStatus().getContainerStatuses().stream()
                    .anyMatch(c -> c.getState() != null && c.getState().getRunning() != null)) {
              found[0] = p;
              return true;
            }
          }
          return false;
        });
    return found[0];
  }
}

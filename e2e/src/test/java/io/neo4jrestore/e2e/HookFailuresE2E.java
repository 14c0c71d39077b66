package io.neo4jrestore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.testenv.neo4j.StandInBackup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hook Jobs that fail for real: a pre-restore hook whose container exits non-zero (nothing was
 * changed yet, nothing is), and a post-restore hook that outlives its timeout (Kubernetes' Job
 * controller ends it; the data is restored and online, and the restore says so).
 */
class HookFailuresE2E extends K3sTest {
  private static final String NS = "e2e-hooks";

  private Targets.Target shop;
  private List<Path> artifacts;

  HookFailuresE2E() {
    super(NS);
  }

  @Override
  protected void setUp() throws Exception {
    Instant t = hoursAgo(1);
    artifacts =
        backups(
            "shop",
            StandInBackup.of("carts", t, true, 1, 12),
            StandInBackup.of("audit", t, true, 1, 5));
    shop =
        targets.standalone(
            NS, "shop", Targets.Servers.plain().withDatabases(Map.of("carts", "online")));
  }

  private void restore(String name, String database, Path artifact, String hooks) throws Exception {
    create(
        name,
        "shop",
        database,
        "  force: true\n" + pvcSource("shop", artifact) + "  options:\n" + hooks);
  }

  @Test
  void a_pre_restore_hook_job_that_exits_non_zero_fails_the_restore_and_changes_nothing()
      throws Exception {
    Map<String, String> pods = targets.podUids(shop);
    restore(
        "carts-pre-hook-fails",
        "carts",
        artifacts.get(0),
        """
                preRestore:
                  job:
                    template:
                      container: {image: %s, command: [sh, -c, 'echo "refusing: carts are being checked out"; exit 3']}
                    timeout: 2m
            """
            .formatted(e2e.images().hook()));
    Cli.Result watched = restores.watch(NS, "carts-pre-hook-fails", Duration.ofMinutes(5));
    assertEquals(1, watched.exitCode(), watched.toString());

    Neo4jRestore failed = restores.read(NS, "carts-pre-hook-fails");
    assertEquals(Phases.FAILED, failed.status().phase());
    assertEquals(
        Reasons.PRE_RESTORE_HOOK_FAILED,
        failed.status().condition("Ready").reason(),
        failed.status().message());
    assertTrue(
        failed.status().message().contains("pre-restore hook Job"), failed.status().message());
    // the hook's container really exited 3
    var hookJob = restores.jobs(NS, "carts-pre-hook-fails", "hook").get(0);
    var hookPod = restores.pods(NS, hookJob.getMetadata().getName()).get(0);
    assertEquals(
        3,
        hookPod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode());
    // nothing changed: no restore Job, the database online with its old store, the pod untouched
    assertTrue(restores.jobs(NS, "carts-pre-hook-fails", "restore").isEmpty());
    assertEquals("online", targets.databases(shop).get("carts"));
    assertEquals("7", targets.store(shop, 0, "carts").get("lastTx"));
    assertEquals(pods, targets.podUids(shop));
  }

  @Test
  void a_post_restore_hook_job_past_its_timeout_fails_the_restore_with_the_data_online()
      throws Exception {
    restore(
        "audit-post-hook-times-out",
        "audit",
        artifacts.get(1),
        """
                postRestore:
                  job:
                    template:
                      container: {image: %s, command: [sh, -c, 'echo "reindexing audit"; sleep 600']}
                    timeout: 15s
            """
            .formatted(e2e.images().hook()));
    Cli.Result watched = restores.watch(NS, "audit-post-hook-times-out", Duration.ofMinutes(6));
    assertEquals(1, watched.exitCode(), watched.toString());

    Neo4jRestore failed = restores.read(NS, "audit-post-hook-times-out");
    assertEquals(Phases.FAILED, failed.status().phase());
    assertEquals(
        Reasons.POST_RESTORE_HOOK_FAILED,
        failed.status().condition("Ready").reason(),
        failed.status().message());
    assertTrue(failed.status().message().contains("DeadlineExceeded"), failed.status().message());
    // the Job controller ended it at its deadline
    var hookJob = restores.jobs(NS, "audit-post-hook-times-out", "hook").get(0);
    assertTrue(
        hookJob.getStatus().getConditions().stream()
            .anyMatch(
                c -> "Failed".equals(c.getType()) && "DeadlineExceeded".equals(c.getReason())),
        hookJob.getStatus().toString());
    // the data is restored and online; nothing was undone
    assertEquals("online", targets.databases(shop).get("audit"));
    assertEquals("5", targets.store(shop, 0, "audit").get("lastTx"));
  }
}

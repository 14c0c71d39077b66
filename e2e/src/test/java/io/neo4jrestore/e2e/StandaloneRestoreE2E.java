package io.neo4jrestore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.model.HookOutcome;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.testenv.neo4j.StandInBackup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An online restore of a new database into a standalone, through the plugin, with every pod real:
 * the runner, the verify Job's inspect, the pre- and post-restore hook Jobs, and the restore Job
 * writing into the serving pod's data volume beside it.
 */
class StandaloneRestoreE2E extends K3sTest {
  private Targets.Target graph;
  private List<Path> artifacts;

  StandaloneRestoreE2E() {
    super("e2e-standalone");
  }

  @Override
  protected void setUp() throws Exception {
    Instant t = hoursAgo(2);
    artifacts =
        backups(
            "graph",
            StandInBackup.of("movies", t, true, 1, 20),
            StandInBackup.of("movies", t.plus(Duration.ofHours(1)), false, 21, 30));
    graph = targets.standalone(namespace(), "graph", Targets.Servers.plain());
  }

  @Test
  void an_online_restore_with_a_verified_backup_and_hook_jobs_runs_each_of_them_as_a_pod()
      throws Exception {
    String servingPod = targets.podUids(graph).get(graph.pod(0));
    String hook = e2e.images().hook();
    create(
        "movies-online",
        "graph",
        "movies",
        pvcSource("graph", artifacts.get(1))
            + """
              options:
                verifyBackup: true
                preRestore:
                  job:
                    template:
                      container: {image: %s, command: [sh, -c, 'echo "pre-restore hook ran in $(hostname)"']}
                    timeout: 2m
                postRestore:
                  job:
                    template:
                      container: {image: %s, command: [sh, -c, 'echo "post-restore hook ran in $(hostname)"']}
                    timeout: 2m
            """
                .formatted(hook, hook));

    Cli.Result watched = restores.watch(namespace(), "movies-online", Duration.ofMinutes(8));
    assertEquals(0, watched.exitCode(), watched.toString());
    assertTrue(watched.out().contains("phase Completed"), watched.out());

    Neo4jRestore done = restores.read(namespace(), "movies-online");
    assertEquals(Phases.COMPLETED, done.status().phase(), done.status().message());
    assertEquals("True", done.status().condition(Conditions.BACKUP_VERIFIED).status());
    assertEquals(Boolean.TRUE, done.status().backupInfo().verified());
    List<HookOutcome> hooks = done.status().hooks();
    assertEquals(2, hooks.size(), hooks.toString());
    assertTrue(
        hooks.stream().allMatch(h -> "job".equals(h.kind()) && "Succeeded".equals(h.state())),
        hooks.toString());

    // each Job ran as a real pod to its end
    for (String role : List.of("verify", "hook", "restore")) {
      List<V1Job> jobs = restores.jobs(namespace(), "movies-online", role);
      assertFalse(jobs.isEmpty(), "no " + role + " Job");
      for (V1Job job : jobs) {
        assertEquals(1, job.getStatus().getSucceeded(), role + " Job " + job.getStatus());
      }
    }
    // the restore Job mounted the serving pod's data claim on its node, beside the running server
    V1Job restoreJob = restores.jobs(namespace(), "movies-online", "restore").get(0);
    assertTrue(
        restoreJob.getSpec().getTemplate().getSpec().getVolumes().stream()
            .anyMatch(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && graph.dataClaim(0).equals(v.getPersistentVolumeClaim().getClaimName())),
        restoreJob.getSpec().getTemplate().getSpec().getVolumes().toString());
    V1Pod restorePod = restores.pods(namespace(), restoreJob.getMetadata().getName()).get(0);
    assertEquals(e2e.k3s().node(), restorePod.getSpec().getNodeName());
    assertEquals(servingPod, targets.podUids(graph).get(graph.pod(0)), "online: never restarted");

    // what the stand-in's neo4j-admin wrote, and what its server now serves
    Map<String, String> store = targets.store(graph, 0, "movies");
    assertNotNull(store, "no store in the data volume");
    assertEquals("30", store.get("lastTx"));
    assertEquals(
        "/backup/graph/"
            + artifacts.get(0).getFileName()
            + ",/backup/graph/"
            + artifacts.get(1).getFileName(),
        store.get("artifacts"));
    assertEquals("online", targets.databases(graph).get("movies"));

    // logs: the real output of every Job, and no credentials
    Cli.Result logs = restores.logs(namespace(), "movies-online");
    assertEquals(0, logs.exitCode(), logs.toString());
    for (String line :
        List.of(
            "pre-restore hook ran in movies-online-prehook",
            "post-restore hook ran in movies-online-posthook",
            "Restore of database movies completed: 30 transactions")) {
      assertTrue(logs.out().contains(line), "no \"" + line + "\" in:\n" + logs.out());
    }
    assertFalse(logs.out().contains(Targets.ADMIN_PASSWORD), "the admin password was logged");
  }
}

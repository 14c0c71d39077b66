package io.neo4jrestore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.models.V1Job;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.testenv.Wait;
import io.neo4jrestore.testenv.neo4j.StandInBackup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GitOps path: a restore applied with plain {@code kubectl apply} (no plugin) sits Pending
 * until the dispatcher CronJob that {@code install} created fires on its schedule; its Job's pod
 * (the runner image, {@code dispatch}) starts the runner Job, which restores.
 */
class DispatcherE2E extends K3sTest {
  private static final String NS = "e2e-gitops";

  private Targets.Target wiki;
  private List<Path> artifacts;

  DispatcherE2E() {
    super(NS);
  }

  @Override
  protected void setUp() throws Exception {
    Instant t = hoursAgo(1);
    artifacts = backups("wiki", StandInBackup.of("pages", t, true, 1, 8));
    wiki = targets.standalone(NS, "wiki", Targets.Servers.plain());
  }

  @Test
  void a_restore_applied_with_kubectl_is_started_by_the_dispatcher_cronjob_on_its_schedule()
      throws Exception {
    Cli.Result applied =
        e2e.cli()
            .kubectlWithInput(
                """
                apiVersion: neo4j.neo4j.com/v1alpha1
                kind: Neo4jRestore
                metadata: {name: pages-from-git, namespace: %s}
                spec:
                  targetCluster: wiki
                  databaseName: pages
                  source:
                    type: storage
                    storage: {type: pvc, pvc: {name: backups}, path: wiki}
                    backupPath: %s
                """
                    .formatted(NS, artifacts.get(0).getFileName()),
                "apply",
                "-f",
                "-");
    assertEquals(0, applied.exitCode(), applied.toString());
    assertTrue(restores.jobs(NS, "pages-from-git", "runner").isEmpty(), "nobody started it yet");

    // the CronJob fires every minute
    Wait.until(
        "the dispatcher to start the runner Job of " + NS + "/pages-from-git",
        Duration.ofSeconds(150),
        () -> !restores.jobs(NS, "pages-from-git", "runner").isEmpty());
    // a Job of the CronJob ran `dispatch` and says it started this runner Job (read at once: the
    // CronJob keeps one successful Job, and fires again within a minute)
    String runnerJob = restores.jobs(NS, "pages-from-git", "runner").get(0).getMetadata().getName();
    StringBuilder logs = new StringBuilder();
    Wait.until(
        "a dispatcher Job's log to name " + runnerJob,
        Duration.ofSeconds(45),
        () -> {
          logs.setLength(0);
          for (V1Job j : dispatcherJobs()) {
            logs.append(
                e2e.cli()
                    .kubectl(
                        "logs",
                        "-n",
                        K3sExtension.INSTALL_NAMESPACE,
                        "job/" + j.getMetadata().getName())
                    .out());
          }
          return logs.toString().contains("started runner Job " + NS + "/" + runnerJob);
        });

    Neo4jRestore done = restores.awaitEnd(NS, "pages-from-git", Duration.ofMinutes(5));
    assertEquals(Phases.COMPLETED, done.status().phase(), done.status().message());
    assertEquals("online", targets.databases(wiki).get("pages"));
  }

  private List<V1Job> dispatcherJobs() throws Exception {
    return new BatchV1Api(e2e.k3s().admin())
        .listNamespacedJob(K3sExtension.INSTALL_NAMESPACE).execute().getItems().stream()
            .filter(
                j ->
                    j.getMetadata().getOwnerReferences() != null
                        && j.getMetadata().getOwnerReferences().stream()
                            .anyMatch(o -> "CronJob".equals(o.getKind())))
            .toList();
  }
}

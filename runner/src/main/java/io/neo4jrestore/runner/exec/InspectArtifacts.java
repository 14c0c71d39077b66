package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.validation.DatabaseNames;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.job.BackupAccess;
import io.neo4jrestore.runner.job.BackupInspect;
import io.neo4jrestore.runner.job.BackupInspectParser;
import io.neo4jrestore.runner.job.JobIdentity;
import io.neo4jrestore.runner.job.Placement;
import java.util.List;

/**
 * Neo4j 5.26 restores only from exact artifact files, and exec form has no globbing: a folder
 * source is listed with {@code neo4j-admin backup inspect --format=TABULAR --latest-chain} in a
 * short Job in the target's image, and the chain of the database is pinned. Nothing on the target
 * changes.
 */
final class InspectArtifacts {
  private InspectArtifacts() {}

  static ResolvedSource pin(RunContext c, ResolvedSource folder) throws Exception {
    String database = folder.sourceDatabase();
    JobIdentity id = identity(c, JobRole.INSPECT);
    String output =
        run(
            c,
            id,
            io.neo4jrestore.api.Steps.RESOLVE_SOURCE,
            folder,
            folder.location(),
            database,
            true);
    if (output == null) {
      throw new RestoreFailure(
          Reasons.SOURCE_NOT_FOUND, "inspect Job " + id.name() + " left no output to read");
    }
    List<ResolvedSource.Artifact> chain;
    try {
      chain =
          BackupInspectParser.artifacts(output).stream()
              .filter(
                  a -> a.database() == null || DatabaseNames.sameDatabase(a.database(), database))
              .toList();
    } catch (IllegalArgumentException e) {
      throw new RestoreFailure(
          Reasons.SOURCE_NOT_FOUND,
          "cannot read the output of inspect Job " + id.name() + ": " + e.getMessage());
    }
    if (chain.isEmpty()) {
      throw new RestoreFailure(
          Reasons.SOURCE_NOT_FOUND,
          "no backup of database "
              + database
              + " in "
              + folder.location()
              + "; check spec.source (or name the .backup file in backupPath)");
    }
    return new ResolvedSource(
        folder.storageType(),
        folder.location(),
        chain,
        null,
        folder.restoreUntil(),
        folder.credentialsSecret(),
        folder.pvcName(),
        folder.endpoint(),
        folder.serviceAccount());
  }

  /** The inspect (or verify) Job of this attempt. */
  static JobIdentity identity(RunContext c, JobRole role) {
    return JobIdentity.forAttempt(
        c.namespace(),
        c.name(),
        c.restore().metadata().uid(),
        c.generation(),
        c.retryToken(),
        role);
  }

  /**
   * Runs {@code neo4j-admin backup inspect} on {@code path} in a Job in the target's image (with
   * the source's credentials and volumes) and returns what its succeeded pod printed, or null. A
   * Job that fails or cannot start throws {@link RestoreFailure} with reason {@code JobFailed}.
   */
  static String run(
      RunContext c,
      JobIdentity id,
      String step,
      ResolvedSource source,
      String path,
      String database,
      boolean latestChain)
      throws Exception {
    V1Job job =
        BackupInspect.job(
            new BackupInspect.Request(
                id,
                c.target(),
                path,
                database,
                latestChain,
                BackupAccess.from(source),
                Placement.anywhere(),
                c.bounds().inspectJob()));
    return run(c, id, step, job, path);
  }

  /**
   * Starts an inspect or verify Job built by the caller (or finds it: resumed run), waits for it
   * and returns what its succeeded pod printed, or null.
   */
  static String run(RunContext c, JobIdentity id, String step, V1Job job, String path)
      throws Exception {
    JobLauncher.start(c, job);
    c.status().stepProgress(step, "inspecting " + path + " with Job " + id.name());
    c.save();
    JobWaiter.awaitCompletion(
        c,
        id.name(),
        id.labels().get(io.neo4jrestore.api.Labels.COMPONENT) + " Job",
        c.bounds().inspectJob().plusMinutes(1));
    return log(c, id.name(), "Succeeded");
  }

  /** What the Job's last pod in {@code phase} (any when null) printed, or null. */
  static String log(RunContext c, String job, String phase) throws Exception {
    String output = null;
    for (V1Pod pod : c.cluster().jobPods(c.namespace(), job)) {
      if (pod.getStatus() != null && (phase == null || phase.equals(pod.getStatus().getPhase()))) {
        output =
            c.cluster().podLog(c.namespace(), pod.getMetadata().getName(), BackupInspect.CONTAINER);
      }
    }
    return output;
  }
}

package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.validation.DatabaseNames;
import io.neo4jrestore.runner.job.BackupAccess;
import io.neo4jrestore.runner.job.BackupInspect;
import io.neo4jrestore.runner.job.BackupInspectParser;
import io.neo4jrestore.runner.job.JobIdentity;
import io.neo4jrestore.runner.job.Placement;
import java.util.List;

/**
 * Neo4j 5.26 restores only from exact artifact files, and exec form has no globbing: a folder
 * source is listed with {@code neo4j-admin backup inspect --format=JSON --latest-chain} in a short
 * Job in the target's image, and the chain of the database is pinned. Nothing on the target
 * changes.
 */
final class InspectArtifacts {
  private InspectArtifacts() {}

  static ResolvedSource pin(RunContext c, ResolvedSource folder) throws Exception {
    String database = folder.sourceDatabase();
    JobIdentity id = identity(c);
    BackupAccess access = BackupAccess.from(folder);
    V1Job job =
        BackupInspect.job(
            new BackupInspect.Request(
                id,
                c.target(),
                folder.location(),
                database,
                true,
                access,
                Placement.anywhere(),
                BackupInspect.DEFAULT_DEADLINE));
    String output = run(c, id.name(), job, folder.location());
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

  /** The inspect Job of this attempt. */
  static JobIdentity identity(RunContext c) {
    return JobIdentity.forAttempt(
        c.namespace(),
        c.name(),
        c.restore().metadata().uid(),
        c.generation(),
        c.retryToken(),
        JobRole.INSPECT);
  }

  /**
   * Starts the inspect Job (or finds it: resumed run), waits for it and returns the log of its
   * inspect container.
   */
  static String run(RunContext c, String jobName, V1Job job, String location) throws Exception {
    JobLauncher.start(c, job);
    c.status()
        .stepProgress(
            io.neo4jrestore.api.Steps.RESOLVE_SOURCE,
            "listing " + location + " with inspect Job " + jobName);
    c.save();
    JobWaiter.awaitCompletion(
        c, jobName, "inspect Job", BackupInspect.DEFAULT_DEADLINE.plusMinutes(1));
    String output = null;
    for (V1Pod pod : c.cluster().jobPods(c.namespace(), jobName)) {
      if (pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase())) {
        output =
            c.cluster().podLog(c.namespace(), pod.getMetadata().getName(), BackupInspect.CONTAINER);
      }
    }
    if (output == null) {
      throw new RestoreFailure(
          Reasons.SOURCE_NOT_FOUND, "inspect Job " + jobName + " left no output to read");
    }
    return output;
  }
}

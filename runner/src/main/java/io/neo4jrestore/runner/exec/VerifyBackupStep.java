package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.job.BackupInspectParser;
import io.neo4jrestore.runner.job.BackupInspectParser.Entry;
import io.neo4jrestore.runner.job.BackupVerification;
import io.neo4jrestore.runner.job.JobIdentity;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Step: {@code options.verifyBackup}. Before anything changes, a short {@code verify} Job in the
 * target's image runs {@code neo4j-admin backup inspect} on the folder of the pinned artifacts;
 * {@link BackupVerification} checks what it lists. A refusal ends the restore {@code Failed} with
 * {@code VerificationFailed} and the target untouched. Without {@code verifyBackup} the condition
 * {@code BackupVerified} is {@code False} with reason {@code NotRequested}.
 */
final class VerifyBackupStep implements Step {
  private static final DateTimeFormatter RESTORE_UNTIL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @Override
  public String name() {
    return Steps.VERIFY_BACKUP;
  }

  /** Not requested, it only records so (no Job, no event): written with the next write. */
  @Override
  public boolean announce(RunContext c) {
    return requested(c);
  }

  @Override
  public boolean outcomeEvent(RunContext c) {
    return requested(c);
  }

  private static boolean requested(RunContext c) {
    var options = c.restore().spec().options();
    return options != null && Boolean.TRUE.equals(options.verifyBackup());
  }

  @Override
  public String execute(RunContext c) throws Exception {
    if (!requested(c)) {
      condition(
          c,
          Conditions.FALSE,
          Reasons.NOT_REQUESTED,
          "options.verifyBackup is not set: the artifacts were not inspected before the restore. "
              + BackupInfos.NO_VERSION);
      return "not requested (options.verifyBackup is not set)";
    }
    ResolvedSource source = c.status().resolvedSource();
    String database =
        source.sourceDatabase() != null
            ? source.sourceDatabase()
            : c.restore().spec().databaseName();
    List<String> pinned = source.artifacts().stream().map(ResolvedSource.Artifact::path).toList();
    // a folder Neo4j resolves itself: its latest chain of the database; pinned files: the whole
    // folder, unfiltered, so that a file of another database or a gap in the chain shows
    String folder = pinned.isEmpty() ? source.location() : parent(pinned.get(pinned.size() - 1));
    JobIdentity id = InspectArtifacts.identity(c, JobRole.VERIFY);
    String output;
    try {
      output =
          InspectArtifacts.run(
              c, id, name(), source, folder, pinned.isEmpty() ? database : null, pinned.isEmpty());
    } catch (RestoreFailure f) {
      if (!Reasons.JOB_FAILED.equals(f.reason())) {
        throw f;
      }
      throw refuse(
          c,
          "neo4j-admin "
              + c.target().version()
              + " (the target's image) could not inspect "
              + folder
              + ": "
              + f.getMessage()
              + lastLine(InspectArtifacts.log(c, id.name(), null))
              + ". The artifacts may be missing or unreadable, damaged, or written by a newer Neo4j"
              + " than the target's");
    }
    List<Entry> chain;
    try {
      List<Entry> listing = BackupInspectParser.parse(output == null ? "" : output);
      chain =
          BackupVerification.verify(
              new BackupVerification.Request(
                  listing, pinned, database, folder, restoreUntil(source.restoreUntil())));
    } catch (IllegalArgumentException e) {
      throw refuse(
          c,
          "cannot read the output of verify Job "
              + id.name()
              + " on "
              + folder
              + ": "
              + e.getMessage());
    } catch (BackupVerification.Refused r) {
      throw refuse(c, r.getMessage());
    }
    c.status().resolvedSource(withMetadata(source, chain));
    c.status().backupInfo(BackupInfos.verified(source, chain));
    String summary =
        chain.size()
            + " artifact(s) of database "
            + database
            + ", transactions "
            + chain.get(0).lowestTransactionId()
            + "-"
            + chain.get(chain.size() - 1).highestTransactionId()
            + ", an unbroken chain from a full backup, readable by Neo4j "
            + c.target().version()
            + ". "
            + BackupInfos.NO_VERSION;
    condition(c, Conditions.TRUE, Reasons.VERIFIED, summary);
    c.save();
    return "verified: " + summary;
  }

  private static RestoreFailure refuse(RunContext c, String message) {
    String full = "backup verification refused the source: " + message + "; nothing was changed";
    condition(c, Conditions.FALSE, Reasons.VERIFICATION_FAILED, full);
    return new RestoreFailure(Reasons.VERIFICATION_FAILED, full);
  }

  private static void condition(RunContext c, String status, String reason, String message) {
    c.status()
        .condition(Conditions.BACKUP_VERIFIED, status, reason, message, c.generation(), c.now());
  }

  /** The pinned artifacts with what inspect reported about them (same paths, same order). */
  private static ResolvedSource withMetadata(ResolvedSource source, List<Entry> chain) {
    List<ResolvedSource.Artifact> artifacts = new ArrayList<>();
    for (ResolvedSource.Artifact a : source.artifacts()) {
      String name = a.path().substring(a.path().lastIndexOf('/') + 1);
      Entry e =
          chain.stream()
              .filter(x -> name.equals(x.path()) || x.path().endsWith("/" + name))
              .findFirst()
              .orElse(null);
      artifacts.add(
          e == null
              ? a
              : new ResolvedSource.Artifact(
                  a.path(),
                  a.sizeBytes(),
                  e.database(),
                  e.time(),
                  e.full(),
                  e.lowestTransactionId(),
                  e.highestTransactionId(),
                  a.checksum()));
    }
    return new ResolvedSource(
        source.storageType(),
        source.location(),
        List.copyOf(artifacts),
        source.sourceDatabase(),
        source.restoreUntil(),
        source.credentialsSecret(),
        source.pvcName(),
        source.endpoint(),
        source.serviceAccount());
  }

  /** The {@code --restore-until} time in UTC; null when absent or a transaction id. */
  private static Instant restoreUntil(String value) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(value, RESTORE_UNTIL).toInstant(ZoneOffset.UTC);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? path : path.substring(0, slash);
  }

  private static String lastLine(String log) {
    if (log == null || log.isBlank()) {
      return "";
    }
    List<String> lines = log.strip().lines().toList();
    String last = lines.get(lines.size() - 1).strip();
    return " (its last output: "
        + (last.length() > 300 ? last.substring(0, 300) + "..." : last)
        + ")";
  }
}

package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.model.ResolvedSource.Artifact;
import io.neo4jrestore.api.model.RestoreBackupInfo;
import io.neo4jrestore.runner.job.BackupInspectParser.Entry;
import java.util.List;
import java.util.Objects;

/**
 * {@code status.backupInfo}: what is known about the backup, from the pinned artifacts (always) or
 * from the inspected chain ({@code verifyBackup}). {@code neo4jVersion} is never filled: backup
 * artifacts do not record the Neo4j version that wrote them, and nothing else here knows it.
 */
final class BackupInfos {
  /**
   * What the {@code BackupVerified} condition says about {@code backupInfo.neo4jVersion}, so the
   * empty field is explained where the user looks (docs/compat.md: the inspect output has no
   * version column, the operators record none).
   */
  static final String NO_VERSION =
      "backupInfo.neo4jVersion stays empty: neither backup artifacts (neo4j-admin backup inspect)"
          + " nor the Neo4j operator record the Neo4j version that wrote a backup";

  private BackupInfos() {}

  /** From the pinned artifacts; fields the source does not tell stay empty. */
  static RestoreBackupInfo known(ResolvedSource pinned) {
    List<Artifact> chain = pinned.artifacts();
    if (chain.isEmpty()) {
      return new RestoreBackupInfo(
          pinned.location(), null, pinned.sourceDatabase(), null, null, null, null, null, false);
    }
    Artifact last = chain.get(chain.size() - 1);
    long size =
        chain.stream().filter(a -> a.sizeBytes() != null).mapToLong(Artifact::sizeBytes).sum();
    List<String> databases =
        chain.stream().map(Artifact::database).filter(Objects::nonNull).distinct().toList();
    return new RestoreBackupInfo(
        chain.size() == 1 ? last.path() : pinned.location(),
        last.createdAt(),
        databases.size() == 1 ? databases.get(0) : pinned.sourceDatabase(),
        null,
        size > 0 ? ByteSizes.format(size) : null,
        full(chain.stream().map(Artifact::full).toList()),
        chain.get(0).lowestTransactionId(),
        last.highestTransactionId(),
        false);
  }

  /**
   * From the chain {@code backup inspect} listed and the checks passed; the size comes from the
   * pinned artifacts when every one of them has one (the inspect table lists no sizes).
   */
  static RestoreBackupInfo verified(ResolvedSource source, List<Entry> chain) {
    Entry last = chain.get(chain.size() - 1);
    List<Artifact> pinned = source.artifacts();
    boolean sized = !pinned.isEmpty() && pinned.stream().allMatch(a -> a.sizeBytes() != null);
    long size =
        pinned.stream().filter(a -> a.sizeBytes() != null).mapToLong(Artifact::sizeBytes).sum();
    return new RestoreBackupInfo(
        source.artifacts().isEmpty() ? source.location() : last.path(),
        last.time(),
        last.database(),
        null,
        sized ? ByteSizes.format(size) : null,
        full(chain.stream().map(e -> (Boolean) e.full()).toList()),
        chain.get(0).lowestTransactionId(),
        last.highestTransactionId(),
        true);
  }

  /** True for one full backup, false for a chain with differentials, null when unknown. */
  private static Boolean full(List<Boolean> kinds) {
    if (kinds.isEmpty() || kinds.contains(null)) {
      return null;
    }
    return kinds.size() == 1 && kinds.get(0);
  }
}

package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.model.RestoreStats;
import io.neo4jrestore.api.validation.Durations;
import java.time.Duration;

/**
 * {@code status.stats}: a value that cannot be measured is left out, never written as 0. Data size
 * and file count come from the pinned artifacts (when their sizes are known); throughput is data
 * size divided by the restore Job's run time.
 */
final class Stats {
  private Stats() {}

  static RestoreStats afterRestore(RestoreStats old, ResolvedSource source, long jobSeconds) {
    Long bytes = null;
    Integer files = null;
    if (source != null && source.artifacts() != null && !source.artifacts().isEmpty()) {
      boolean allFiles = source.artifacts().stream().allMatch(a -> a.path().endsWith(".backup"));
      if (allFiles) {
        files = source.artifacts().size();
      }
      if (source.artifacts().stream().allMatch(a -> a.sizeBytes() != null)) {
        bytes = source.artifacts().stream().mapToLong(ResolvedSource.Artifact::sizeBytes).sum();
      }
    }
    String throughput =
        bytes != null && jobSeconds > 0 ? ByteSizes.format(bytes / jobSeconds) + "/s" : null;
    return new RestoreStats(
        old == null ? null : old.duration(),
        bytes == null ? null : ByteSizes.format(bytes),
        throughput,
        files,
        old == null ? null : old.errorCount(),
        bytes,
        jobSeconds > 0 ? jobSeconds : null);
  }

  static RestoreStats withDuration(RestoreStats old, Duration total) {
    RestoreStats s = old == null ? new RestoreStats(null, null, null, null, null, null, null) : old;
    return new RestoreStats(
        Durations.format(total),
        s.dataSize(),
        s.throughput(),
        s.fileCount(),
        s.errorCount(),
        s.dataSizeBytes(),
        s.restoreJobSeconds());
  }

  static RestoreStats withErrorCount(RestoreStats s, int errors) {
    return new RestoreStats(
        s.duration(),
        s.dataSize(),
        s.throughput(),
        s.fileCount(),
        errors,
        s.dataSizeBytes(),
        s.restoreJobSeconds());
  }
}

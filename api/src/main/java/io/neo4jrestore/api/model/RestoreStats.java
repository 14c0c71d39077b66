package io.neo4jrestore.api.model;

/**
 * Restore statistics. A value that could not be measured is absent, never zero.
 *
 * @param duration whole restore, start to completion, e.g. {@code 4m12s}
 * @param dataSize sum of the pinned artifacts' sizes, e.g. {@code 1.5GiB}
 * @param throughput data size divided by the restore Job's run time, e.g. {@code 48.2MiB/s}
 * @param fileCount number of pinned artifacts
 * @param errorCount errors reported by the restore
 * @param dataSizeBytes {@code dataSize} in bytes, for tools
 * @param restoreJobSeconds the restore Job's run time in seconds
 */
public record RestoreStats(
    String duration,
    String dataSize,
    String throughput,
    Integer fileCount,
    Integer errorCount,
    Long dataSizeBytes,
    Long restoreJobSeconds) {}

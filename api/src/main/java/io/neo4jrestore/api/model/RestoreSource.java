package io.neo4jrestore.api.model;

/**
 * Where the backup comes from.
 *
 * @param type one of {@code backup, storage, pitr, s3, gcs, azure}
 * @param backupRef a {@code Neo4jBackup} in the same namespace (type {@code backup})
 * @param storage an explicit location (types {@code storage, s3, gcs, azure})
 * @param backupPath an artifact or folder inside the location
 * @param pointInTime RFC 3339 time to restore up to ({@code --restore-until}, converted to UTC)
 * @param pitr the point-in-time recovery configuration (type {@code pitr})
 */
public record RestoreSource(
    String type,
    String backupRef,
    StorageLocation storage,
    String backupPath,
    String pointInTime,
    PitrConfig pitr) {}

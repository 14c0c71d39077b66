package io.neo4jrestore.api.model;

/**
 * The base backup of a PITR restore.
 *
 * @param type {@code backup} or {@code storage}
 */
public record BaseBackupSource(
    String type, String backupRef, StorageLocation storage, String backupPath) {}

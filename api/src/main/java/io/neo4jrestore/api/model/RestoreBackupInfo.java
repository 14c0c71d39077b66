package io.neo4jrestore.api.model;

/**
 * What is known about the restored backup.
 *
 * @param neo4jVersion only set from a real source; backup artifacts do not record the version that
 *     wrote them
 * @param full true for a full backup, false for a differential chain
 * @param lowestTransactionId lowest transaction id covered by the artifacts
 * @param highestTransactionId highest transaction id covered by the artifacts
 * @param verified true when the artifacts were inspected ({@code options.verifyBackup})
 */
public record RestoreBackupInfo(
    String backupPath,
    String backupCreatedAt,
    String originalDatabase,
    String neo4jVersion,
    String backupSize,
    Boolean full,
    Long lowestTransactionId,
    Long highestTransactionId,
    Boolean verified) {}

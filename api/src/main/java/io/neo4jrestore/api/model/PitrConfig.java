package io.neo4jrestore.api.model;

/**
 * Point-in-time recovery: a base backup plus the differential artifacts / transaction logs that
 * reach {@link RestoreSource#pointInTime()}.
 */
public record PitrConfig(
    BaseBackupSource baseBackup,
    StorageLocation logStorage,
    String logRetention,
    String recoveryPointObjective,
    Boolean validateLogIntegrity,
    CompressionConfig compression,
    EncryptionConfig encryption) {

  public static final String DEFAULT_LOG_RETENTION = "7d";
  public static final String DEFAULT_RECOVERY_POINT_OBJECTIVE = "1m";
}

package io.neo4jrestore.plugin.restore;

import java.util.List;

/**
 * The {@code create} flags that describe a restore, as given (null when absent).
 *
 * @param sourceType {@code backup, storage, s3, gcs, azure} or {@code pvc} (storage on a PVC)
 * @param drillAssert {@code spec.drill.assertions}, as given; any drill flag makes it a drill
 */
public record CreateFlags(
    String target,
    String database,
    String sourceType,
    String backupRef,
    String bucket,
    String path,
    String backupPath,
    String provider,
    String credentialsSecret,
    String pvc,
    String pointInTime,
    boolean force,
    boolean stopCluster,
    String timeout,
    boolean verify,
    boolean replaceExisting,
    List<String> preCypher,
    List<String> postCypher,
    List<String> drillAssert,
    Integer drillKeep,
    String drillSchedule,
    String drillNamespace) {}

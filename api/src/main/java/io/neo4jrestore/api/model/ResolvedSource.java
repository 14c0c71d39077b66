package io.neo4jrestore.api.model;

import java.util.List;

/**
 * The source resolved into concrete artifacts, pinned at claim time.
 *
 * @param storageType {@code s3}, {@code gcs}, {@code azure} or {@code pvc}
 * @param location the folder or URI the artifacts were found in
 * @param artifacts the exact artifacts, in chain order
 * @param sourceDatabase the database name inside the backup, when it differs or must be picked
 * @param restoreUntil the {@code --restore-until} value in UTC, as passed to neo4j-admin
 * @param credentialsSecret the Secret whose keys the restore Job receives (its name only)
 * @param pvcName the PVC the artifacts live on, for type {@code pvc}
 * @param endpoint an S3-compatible endpoint taken from the {@code Neo4jBackup}
 * @param serviceAccount the ServiceAccount the restore Job runs as
 */
public record ResolvedSource(
    String storageType,
    String location,
    List<Artifact> artifacts,
    String sourceDatabase,
    String restoreUntil,
    String credentialsSecret,
    String pvcName,
    String endpoint,
    String serviceAccount) {

  /**
   * One backup artifact.
   *
   * @param path file name or URI as passed to {@code --from-path}
   * @param sizeBytes size in bytes, when known
   * @param createdAt backup time, when known
   * @param full full (true) or differential (false), when known
   */
  public record Artifact(
      String path,
      Long sizeBytes,
      String database,
      String createdAt,
      Boolean full,
      Long lowestTransactionId,
      Long highestTransactionId,
      String checksum) {}
}

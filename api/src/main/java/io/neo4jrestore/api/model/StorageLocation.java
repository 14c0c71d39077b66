package io.neo4jrestore.api.model;

/**
 * A storage backend, shared in shape with {@code Neo4jBackup}.
 *
 * @param type one of {@code s3, gcs, azure, pvc}
 * @param bucket bucket (S3, GCS) or container (Azure) name; required for cloud types
 * @param path prefix inside the bucket or the PVC
 * @param cloud provider, credentials and identity for cloud types
 * @param pvc the volume for type {@code pvc}
 */
public record StorageLocation(
    String type, String bucket, String path, CloudBlock cloud, PvcSpec pvc) {}

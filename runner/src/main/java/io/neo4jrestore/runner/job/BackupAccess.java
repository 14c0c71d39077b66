package io.neo4jrestore.runner.job;

import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.runner.source.CloudProvider;
import java.util.Locale;
import java.util.Map;

/**
 * How a Job in the Neo4j image reaches the backup: the same wiring for the restore Job and the
 * inspect/verify Job (docs/compat.md, "Cloud credentials and workload identity").
 *
 * <ul>
 *   <li>{@code pvc}: the PVC is mounted read-only at {@link JobPods#BACKUP_MOUNT_PATH}; artifact
 *       paths are absolute paths under it (where the operator's backup Jobs write them).
 *   <li>{@code s3}, {@code azure} with a Secret: every key of the Secret becomes an environment
 *       variable ({@code envFrom}): {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 *       {@code AWS_REGION}, {@code AWS_ENDPOINT_URL_S3}; {@code AZURE_STORAGE_ACCOUNT}, {@code
 *       AZURE_STORAGE_KEY}, {@code AZURE_CLIENT_ID/SECRET/TENANT_ID}. Secret values never appear in
 *       the manifest.
 *   <li>{@code gcs} with a Secret: its key {@code GOOGLE_APPLICATION_CREDENTIALS_JSON} is mounted
 *       as a file and {@code GOOGLE_APPLICATION_CREDENTIALS} points at it; {@code
 *       GOOGLE_CLOUD_PROJECT} comes from the Secret's key of that name when present.
 *   <li>no Secret: ambient workload identity through {@code serviceAccount} (whose annotations
 *       carry the identity). Without a Secret and without a ServiceAccount the SDK's default chain
 *       applies (e.g. a node role).
 * </ul>
 *
 * @param storage where the artifacts live
 * @param backupPvc the PVC holding the artifacts, for {@link StorageType#PVC} only
 * @param credentialsSecret the Secret named by {@code credentialsSecretRef} (cloud types only)
 * @param s3Endpoint an S3-compatible endpoint from the {@code Neo4jBackup}; set as {@code
 *     AWS_ENDPOINT_URL_S3}, which wins over the same key in the Secret (explicit {@code env} beats
 *     {@code envFrom}) because it names where the backups were written
 * @param serviceAccount the workload-identity ServiceAccount; null runs the Job as {@link
 *     ResourceNames#unprivilegedServiceAccount()}
 * @param automountServiceAccountToken mount the ServiceAccount token. False is right for EKS IRSA
 *     and Pod Identity, GKE Workload Identity and Azure Workload Identity: their webhooks or
 *     metadata servers provide their own credentials. Only true with a {@code serviceAccount}.
 */
public record BackupAccess(
    StorageType storage,
    String backupPvc,
    String credentialsSecret,
    String s3Endpoint,
    String serviceAccount,
    boolean automountServiceAccountToken) {

  /** The storage types of a resolved source, with the cloud provider each implies. */
  public enum StorageType {
    S3("s3"),
    GCS("gcs"),
    AZURE("azure"),
    PVC("pvc");

    private final String value;

    StorageType(String value) {
      this.value = value;
    }

    /** The API's spelling: {@code s3}, {@code gcs}, {@code azure}, {@code pvc}. */
    public String value() {
      return value;
    }

    public boolean isCloud() {
      return this != PVC;
    }

    /** Parses the API's spelling; throws IllegalArgumentException naming the allowed values. */
    public static StorageType of(String value) {
      for (StorageType t : values()) {
        if (t.value.equals(value == null ? null : value.toLowerCase(Locale.ROOT))) {
          return t;
        }
      }
      throw new IllegalArgumentException(
          "storage type \"" + value + "\" is not one of s3, gcs, azure, pvc");
    }
  }

  public BackupAccess {
    if (storage == null) {
      throw new IllegalArgumentException("storage type is required");
    }
    if (storage == StorageType.PVC) {
      JobIdentity.requireText(backupPvc, "the backup PVC of a pvc source");
      if (credentialsSecret != null) {
        throw new IllegalArgumentException(
            "a pvc source takes no credentials Secret (got \"" + credentialsSecret + "\")");
      }
    } else if (backupPvc != null) {
      throw new IllegalArgumentException(
          "a " + storage.value() + " source takes no backup PVC (got \"" + backupPvc + "\")");
    }
    if (s3Endpoint != null && storage != StorageType.S3) {
      throw new IllegalArgumentException(
          "an S3 endpoint only applies to s3 sources, not " + storage.value());
    }
    if (automountServiceAccountToken && serviceAccount == null) {
      throw new IllegalArgumentException(
          "the unprivileged ServiceAccount never gets a token; name a workload-identity"
              + " ServiceAccount to mount one");
    }
  }

  /** The wiring for a pinned source; the token is not mounted (see the record's Javadoc). */
  public static BackupAccess from(ResolvedSource source) {
    StorageType type = StorageType.of(source.storageType());
    return new BackupAccess(
        type,
        type == StorageType.PVC ? source.pvcName() : null,
        type.isCloud() ? source.credentialsSecret() : null,
        type == StorageType.S3 ? source.endpoint() : null,
        source.serviceAccount(),
        false);
  }

  /**
   * Labels the Job's pod needs: Azure Workload Identity mutates only pods labelled {@code
   * azure.workload.identity/use: "true"} (an Azure source read through a ServiceAccount, without a
   * Secret); none otherwise.
   */
  public Map<String, String> podLabels() {
    return storage == StorageType.AZURE && credentialsSecret == null && serviceAccount != null
        ? CloudProvider.AZURE_POD_LABEL
        : Map.of();
  }

  /** The ServiceAccount the Job runs as. */
  public String serviceAccountOrDefault() {
    return serviceAccount != null ? serviceAccount : ResourceNames.unprivilegedServiceAccount();
  }
}

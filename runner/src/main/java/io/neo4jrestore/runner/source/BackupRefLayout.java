package io.neo4jrestore.runner.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.StorageLocation;
import io.neo4jrestore.api.validation.Quoting;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.target.Lineage;

/**
 * Where a {@code Neo4jBackup}'s artifacts are, as each operator line writes them (docs/compat.md,
 * "Neo4jBackup"). Pure: the backup as the API server serves it in, a location out.
 *
 * <ul>
 *   <li>Base: cloud storage {@code <scheme>://<bucket>/<storage.path, default "backups">/}; a PVC
 *       its root ({@code storage.path} is not used by either line's backup Jobs). Azure URIs are
 *       {@code azb://<bucket>/...}, exactly as the operator's Jobs pass them to neo4j-admin.
 *   <li>v1beta1 records each run in {@code status.history}; the newest {@code Succeeded} run's
 *       {@code backupsPath} (the chain folder: {@code spec.chainFromBackup} or the backup's name)
 *       is the folder restored when {@code backupPath} is not given.
 *   <li>v1alpha1 records no run: its PVC runs are folders {@code <backup>-<yyyyMMdd-HHmmss>}, so
 *       {@code backupPath} must name the folder or file; without it the restore is refused.
 *   <li>{@code backupPath} (when given) is relative to the base, whatever the line.
 *   <li>The S3 endpoint is {@code spec.storage.cloud.endpointURL} (v1beta1; v1alpha1 has none).
 *       {@code forcePathStyle: true} is refused: neo4j-admin documents no path-style setting.
 * </ul>
 *
 * @param storage the backup's storage with {@code path} set to the base folder ({@code null} for a
 *     PVC root)
 * @param backupPath the folder or file under the base to restore
 * @param endpoint the S3-compatible endpoint, or null
 * @param cloudRoot the URI root ({@code s3://b}, {@code gs://b}, {@code azb://b}); null for a PVC
 */
public record BackupRefLayout(
    StorageLocation storage, String backupPath, String endpoint, String cloudRoot) {

  /** Where the operator's backup Jobs write when {@code storage.path} is empty. */
  static final String DEFAULT_PATH = "backups";

  /**
   * Locates the backup named {@code ref} served at {@code lineage}; {@code backupPath} is the
   * restore's {@code source.backupPath} (or {@code pitr.baseBackup.backupPath}), or null.
   */
  public static BackupRefLayout locate(
      Lineage lineage, String namespace, String ref, JsonNode backup, String backupPath) {
    String what = "Neo4jBackup " + namespace + "/" + ref;
    JsonNode storageNode = backup.at("/spec/storage");
    if (!storageNode.isObject()) {
      throw new RestoreFailure(Reasons.SOURCE_NOT_FOUND, what + " has no spec.storage");
    }
    StorageLocation storage;
    try {
      storage = ApiMapper.json().treeToValue(storageNode, StorageLocation.class);
    } catch (JsonProcessingException e) {
      throw new RestoreFailure(
          Reasons.SOURCE_NOT_FOUND, what + ": unreadable spec.storage", false, e);
    }
    if (storage.type() == null) {
      throw new RestoreFailure(Reasons.SOURCE_NOT_FOUND, what + " has no spec.storage.type");
    }
    JsonNode cloud = storageNode.path("cloud");
    if (cloud.path("forcePathStyle").asBoolean(false)) {
      throw new RestoreFailure(
          Reasons.INVALID_SPEC,
          what
              + " sets spec.storage.cloud.forcePathStyle: neo4j-admin documents no path-style"
              + " setting, so the runner cannot read the backup the way it was written"
              + " (docs/compat.md); nothing was changed. Restore it with source.type: storage and"
              + " an endpoint the store serves in virtual-hosted style");
    }
    String endpoint = cloud.path("endpointURL").asText("");
    boolean pvc = "pvc".equals(storage.type());
    String base =
        pvc
            ? null
            : storage.path() == null || storage.path().isEmpty() ? DEFAULT_PATH : storage.path();
    String scheme =
        switch (storage.type()) {
          case "s3" -> "s3://";
          case "gcs" -> "gs://";
          case "azure" -> "azb://";
          default -> null;
        };
    // the backup's own bucket and path are checked first: hostile text is refused as such, never
    // echoed in another refusal
    String root =
        scheme == null ? null : Locations.bucket(scheme, storage.bucket(), what + " spec.storage");
    if (root != null) {
      Locations.below(root, base, null, what + " spec.storage");
    }
    String path = backupPath;
    if (path == null || path.isBlank()) {
      path = recordedRun(lineage, what, backup, storage, pvc);
    }
    StorageLocation located =
        new StorageLocation(storage.type(), storage.bucket(), base, storage.cloud(), storage.pvc());
    return new BackupRefLayout(located, path, endpoint.isBlank() ? null : endpoint, root);
  }

  /** The chain folder of the newest Succeeded run (v1beta1), or a refusal that says what to set. */
  private static String recordedRun(
      Lineage lineage, String what, JsonNode backup, StorageLocation storage, boolean pvc) {
    String where =
        pvc
            ? "on PVC " + Quoting.quoted(storage.pvc() == null ? "?" : storage.pvc().name())
            : "under "
                + Quoting.quoted(
                    storage.bucket()
                        + "/"
                        + (storage.path() == null || storage.path().isEmpty()
                            ? DEFAULT_PATH
                            : storage.path()));
    if (lineage == Lineage.V1ALPHA1) {
      throw new RestoreFailure(
          Reasons.SOURCE_NOT_FOUND,
          what
              + " (operator line v1alpha1) does not record where its runs are: set"
              + " spec.source.backupPath to the run's folder or file "
              + where
              + (pvc
                  ? " (its backup Jobs write folders named "
                      + backup.at("/metadata/name").asText("<backup>")
                      + "-<yyyyMMdd-HHmmss>)"
                  : "")
              + "; nothing was changed");
    }
    // status.history is kept newest first by the v1beta1 operator
    for (JsonNode run : backup.at("/status/history")) {
      if ("Succeeded".equals(run.path("status").asText())) {
        String folder = run.path("backupsPath").asText("");
        if (!folder.isBlank()) {
          return folder;
        }
      }
    }
    throw new RestoreFailure(
        Reasons.SOURCE_NOT_FOUND,
        what
            + " has no Succeeded run with a backupsPath in status.history yet: wait for a backup"
            + " to succeed, or set spec.source.backupPath to a folder or file "
            + where
            + "; nothing was changed");
  }
}

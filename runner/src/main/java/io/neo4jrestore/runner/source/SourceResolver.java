package io.neo4jrestore.runner.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Secret;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.CloudBlock;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.PvcSpec;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.model.RestoreSource;
import io.neo4jrestore.api.model.StorageLocation;
import io.neo4jrestore.api.validation.PointInTime;
import io.neo4jrestore.runner.exec.RestoreFailure;
import io.neo4jrestore.runner.kube.ClusterOps;
import io.neo4jrestore.runner.kube.ServedVersions;
import io.neo4jrestore.runner.target.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Turns {@code spec.source} into concrete artifact locations, pinned in status so a resumed or
 * retried run restores exactly what was planned.
 *
 * <p>Locations: cloud {@code <scheme>://<bucket>/<storage.path>/<backupPath>} ({@code s3://},
 * {@code gs://}, {@code azb://<account>/<container>}); PVC {@code
 * /backup/<storage.path>/<backupPath>} on the named claim. {@code backupPath} is always relative to
 * {@code storage.path}; a leading {@code /} changes nothing, and one followed by {@code
 * storage.path} itself is ambiguous and refused ({@link Locations}). A path ending in {@code
 * .backup} is one artifact file; anything else is a folder.
 */
public final class SourceResolver {
  /** Where a backup PVC is mounted in the restore Job (read-only). */
  public static final String BACKUP_MOUNT = "/backup";

  private final ClusterOps cluster;
  private String restoreName;
  private String restoreUid;

  public SourceResolver(ClusterOps cluster) {
    this.cluster = cluster;
  }

  /**
   * With the restore's name and UID: an auto-created identity ServiceAccount is named after them.
   */
  public ResolvedSource resolve(
      String namespace, String restoreName, String restoreUid, Neo4jRestoreSpec spec, Target target)
      throws ApiException {
    this.restoreName = restoreName;
    this.restoreUid = restoreUid;
    RestoreSource source = spec.source();
    String restoreUntil =
        source.pointInTime() == null ? null : PointInTime.toRestoreUntil(source.pointInTime());
    return switch (source.type()) {
      case "backup" ->
          fromBackup(
              namespace, source.backupRef(), source.backupPath(), spec, target, restoreUntil);
      case "storage", "s3", "gcs", "azure" ->
          fromStorage(
              namespace,
              source.storage(),
              source.backupPath(),
              null,
              spec,
              target,
              restoreUntil,
              "storage");
      case "pitr" ->
          throw new RestoreFailure(
              Reasons.INVALID_SPEC,
              "source.type pitr is not supported by this runner version yet; restore the base backup"
                  + " with type backup or storage and pointInTime");
      default ->
          throw new RestoreFailure(Reasons.INVALID_SPEC, "unknown source.type " + source.type());
    };
  }

  private ResolvedSource fromBackup(
      String namespace,
      String backupRef,
      String backupPath,
      Neo4jRestoreSpec spec,
      Target target,
      String restoreUntil)
      throws ApiException {
    String version =
        ServedVersions.versionServing(cluster.raw(), RestoreApi.GROUP, RestoreApi.BACKUP_PLURAL)
            .orElseThrow(
                () ->
                    new RestoreFailure(
                        Reasons.SOURCE_NOT_FOUND,
                        "the API server serves no Neo4jBackup resource; is the Neo4j operator installed?"));
    JsonNode backup;
    try {
      backup =
          cluster
              .raw()
              .get(
                  "/apis/"
                      + RestoreApi.GROUP
                      + "/"
                      + version
                      + "/namespaces/"
                      + namespace
                      + "/"
                      + RestoreApi.BACKUP_PLURAL
                      + "/"
                      + backupRef);
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        throw new RestoreFailure(
            Reasons.SOURCE_NOT_FOUND,
            "Neo4jBackup "
                + namespace
                + "/"
                + backupRef
                + " not found; check spec.source.backupRef");
      }
      throw e;
    }
    JsonNode storageNode = backup.at("/spec/storage");
    if (storageNode.isMissingNode()) {
      throw new RestoreFailure(
          Reasons.SOURCE_NOT_FOUND,
          "Neo4jBackup " + namespace + "/" + backupRef + " has no spec.storage");
    }
    StorageLocation storage;
    try {
      storage = ApiMapper.json().treeToValue(storageNode, StorageLocation.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new RestoreFailure(
          Reasons.SOURCE_NOT_FOUND,
          "Neo4jBackup " + backupRef + ": unreadable spec.storage",
          false,
          e);
    }
    if (storage.path() != null && storage.path().isEmpty()) {
      storage =
          new StorageLocation(
              storage.type(), storage.bucket(), null, storage.cloud(), storage.pvc());
    }
    if (storage.path() == null && !"pvc".equals(storage.type())) {
      // the operator's backup Jobs write to <bucket>/backups when no path is set
      storage =
          new StorageLocation(
              storage.type(), storage.bucket(), "backups", storage.cloud(), storage.pvc());
    }
    String endpoint = storageNode.path("endpointURL").asText(null);
    return fromStorage(
        namespace,
        storage,
        backupPath,
        endpoint,
        spec,
        target,
        restoreUntil,
        "Neo4jBackup " + namespace + "/" + backupRef + " spec.storage");
  }

  private ResolvedSource fromStorage(
      String namespace,
      StorageLocation storage,
      String backupPath,
      String endpoint,
      Neo4jRestoreSpec spec,
      Target target,
      String restoreUntil,
      String where)
      throws ApiException {
    CloudBlock cloud = storage.cloud();
    String secret = cloud == null ? null : cloud.credentialsSecretRef();
    String location;
    String pvcName = null;
    switch (storage.type()) {
      case "pvc" -> {
        PvcSpec pvc = storage.pvc();
        pvcName = pvc.name();
        if (!cluster.pvcExists(namespace, pvcName)) {
          throw new RestoreFailure(
              Reasons.SOURCE_NOT_FOUND,
              "backup PVC "
                  + namespace
                  + "/"
                  + pvcName
                  + " not found; check source storage.pvc.name");
        }
        location = join(BACKUP_MOUNT, storage.path(), backupPath, where);
      }
      case "s3" ->
          location =
              join(
                  Locations.bucket("s3://", storage.bucket(), where),
                  storage.path(),
                  backupPath,
                  where);
      case "gcs" ->
          location =
              join(
                  Locations.bucket("gs://", storage.bucket(), where),
                  storage.path(),
                  backupPath,
                  where);
      case "azure" ->
          location =
              join(
                  Locations.bucket(
                      "azb://" + azureAccount(namespace, secret) + "/", storage.bucket(), where),
                  storage.path(),
                  backupPath,
                  where);
      default ->
          throw new RestoreFailure(Reasons.INVALID_SPEC, "unknown storage.type " + storage.type());
    }
    if (secret != null && cluster.secret(namespace, secret).isEmpty()) {
      throw new RestoreFailure(
          Reasons.CREDENTIALS_MISSING,
          "credentials Secret "
              + namespace
              + "/"
              + secret
              + " (cloud.credentialsSecretRef) not found; create it or use workload identity");
    }
    List<ResolvedSource.Artifact> artifacts;
    String sourceDatabase = null;
    if (location.endsWith(".backup")) {
      artifacts =
          List.of(new ResolvedSource.Artifact(location, null, null, null, null, null, null, null));
    } else {
      // a folder: 2025.02+ reads it and picks the database's chain itself; older versions need the
      // exact files, which the runner lists with an inspect Job before anything changes
      artifacts = List.of();
      location = trimSlash(location);
      sourceDatabase = spec.databaseName();
    }
    String serviceAccount = null;
    if (cloud != null && cloud.identity() != null) {
      var identity = cloud.identity();
      serviceAccount =
          identity.serviceAccount() != null
              ? identity.serviceAccount()
              : identity.autoCreate() != null && identity.autoCreate().enabledOrDefault()
                  ? io.neo4jrestore.api.ResourceNames.serviceAccount(restoreName, restoreUid)
                  : null;
    }
    return new ResolvedSource(
        storage.type(),
        location,
        artifacts,
        sourceDatabase,
        restoreUntil,
        secret,
        pvcName,
        endpoint,
        serviceAccount);
  }

  /** Azure URIs name the storage account, which the resource does not: it comes from the Secret. */
  private String azureAccount(String namespace, String secret) throws ApiException {
    Optional<V1Secret> s = secret == null ? Optional.empty() : cluster.secret(namespace, secret);
    byte[] account = s.map(V1Secret::getData).map(d -> d.get("AZURE_STORAGE_ACCOUNT")).orElse(null);
    if (account == null) {
      throw new RestoreFailure(
          Reasons.CREDENTIALS_MISSING,
          "an Azure source needs the storage account: add AZURE_STORAGE_ACCOUNT to the Secret named by"
              + " cloud.credentialsSecretRef"
              + (secret == null ? " (none is set)" : " (" + namespace + "/" + secret + ")"));
    }
    return Locations.azureAccount(
        new String(account, StandardCharsets.UTF_8).trim(), namespace + "/" + secret);
  }

  /**
   * {@code root/storage.path/backupPath}, checked by {@link Locations#below}; a folder ends with
   * {@code /}, an artifact ({@code .backup}) does not.
   */
  static String join(String root, String storagePath, String backupPath) {
    return join(root, storagePath, backupPath, "storage");
  }

  private static String join(String root, String storagePath, String backupPath, String where) {
    String p = Locations.below(root, storagePath, backupPath, where);
    return p + (p.endsWith(".backup") ? "" : "/");
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}

package io.neo4jrestore.runner.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.model.CloudBlock;
import io.neo4jrestore.api.model.CloudIdentity;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.PvcSpec;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.model.RestoreSource;
import io.neo4jrestore.api.model.StorageLocation;
import io.neo4jrestore.api.validation.PointInTime;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.kube.ClusterOps;
import io.neo4jrestore.runner.target.Lineage;
import io.neo4jrestore.runner.target.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  private final List<String> warnings = new ArrayList<>();
  private AutoCreated autoCreated;
  private String storageField = "spec.source.storage";

  /**
   * A ServiceAccount to create for the resolved location's workload identity ({@code
   * identity.autoCreate}), wherever the location came from: the restore's storage, a Neo4jBackup's,
   * or the PITR base backup's. {@code field} names where its {@code autoCreate} is written, for
   * refusals.
   */
  public record AutoCreated(String name, Map<String, String> annotations, String field) {}

  public SourceResolver(ClusterOps cluster) {
    this.cluster = cluster;
  }

  /**
   * What the resolutions so far found accepted but of no effect, or unverifiable, for the user to
   * see (a Warning event and the step's message).
   */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /**
   * The field the next resolutions' own {@code storage} is written at (default {@code
   * spec.source.storage}; the PITR base and log storages set theirs), for refusals.
   */
  public SourceResolver storageField(String field) {
    this.storageField = field;
    return this;
  }

  /** The first resolution's ServiceAccount to auto-create, if any. */
  public Optional<AutoCreated> autoCreated() {
    return Optional.ofNullable(autoCreated);
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
        cluster
            .servedVersion(RestoreApi.GROUP, RestoreApi.BACKUP_PLURAL)
            .orElseThrow(
                () ->
                    new RestoreFailure(
                        Reasons.SOURCE_NOT_FOUND,
                        "the API server serves no Neo4jBackup resource; is the Neo4j operator installed?"));
    Lineage lineage =
        Lineage.of(RestoreApi.GROUP + "/" + version, "Neo4jBackup " + namespace + "/" + backupRef);
    JsonNode backup =
        cluster
            .object(
                "/apis/"
                    + RestoreApi.GROUP
                    + "/"
                    + version
                    + "/namespaces/"
                    + namespace
                    + "/"
                    + RestoreApi.BACKUP_PLURAL
                    + "/"
                    + backupRef)
            .orElseThrow(
                () ->
                    new RestoreFailure(
                        Reasons.SOURCE_NOT_FOUND,
                        "Neo4jBackup "
                            + namespace
                            + "/"
                            + backupRef
                            + " not found; check spec.source.backupRef"));
    BackupRefLayout layout =
        BackupRefLayout.locate(lineage, namespace, backupRef, backup, backupPath);
    return fromStorage(
        namespace,
        layout.storage(),
        layout.backupPath(),
        layout.endpoint(),
        layout.cloudRoot(),
        spec,
        target,
        restoreUntil,
        "Neo4jBackup " + namespace + "/" + backupRef + " spec.storage");
  }

  /**
   * @param cloudRoot the URI root as the backup's writer used it ({@code type: backup}), or null to
   *     derive it from the storage ({@code azb://} then names the account from the Secret)
   * @param where the object the storage comes from, named in refusals
   */
  private ResolvedSource fromStorage(
      String namespace,
      StorageLocation storage,
      String backupPath,
      String endpoint,
      String cloudRoot,
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
      case "s3", "gcs" ->
          location =
              join(
                  Locations.bucket(
                      "s3".equals(storage.type()) ? "s3://" : "gs://", storage.bucket(), where),
                  storage.path(),
                  backupPath,
                  where);
      case "azure" ->
          // a Neo4jBackup's Jobs name no account in the URI (cloudRoot); a restore's own storage
          // does
          location =
              join(
                  cloudRoot != null
                      ? Locations.bucket("azb://", storage.bucket(), where)
                      : Locations.bucket(
                          "azb://" + azureAccount(namespace, secret) + "/",
                          storage.bucket(),
                          where),
                  storage.path(),
                  backupPath,
                  where);
      default ->
          throw new RestoreFailure(Reasons.INVALID_SPEC, "unknown storage.type " + storage.type());
    }
    CloudProvider provider =
        CloudProvider.of(storage.type(), cloud == null ? null : cloud.provider());
    if (secret != null) {
      checkCredentials(namespace, secret, provider);
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
    String serviceAccount =
        cloud == null || cloud.identity() == null || provider == null
            ? null
            : identity(
                namespace,
                cloud.identity(),
                provider,
                ("storage".equals(where) ? storageField : where) + ".cloud.identity.autoCreate");
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

  /**
   * The credentials Secret exists and holds the keys its provider needs (names only; values are
   * never read here), so a Job does not start without them.
   */
  private void checkCredentials(String namespace, String secret, CloudProvider provider)
      throws ApiException {
    Optional<V1Secret> s = cluster.secret(namespace, secret);
    String what = "credentials Secret " + namespace + "/" + secret;
    if (s.isEmpty()) {
      throw new RestoreFailure(
          Reasons.CREDENTIALS_MISSING,
          what + " (cloud.credentialsSecretRef) not found; create it or use workload identity");
    }
    Map<String, byte[]> data = s.get().getData() == null ? Map.of() : s.get().getData();
    List<String> missing = provider.missingCredentialKeys(data.keySet());
    if (!missing.isEmpty()) {
      throw new RestoreFailure(
          Reasons.CREDENTIALS_MISSING,
          what
              + " has no "
              + String.join(", ", missing)
              + ", which provider "
              + provider.value()
              + " needs; add the key(s) to the Secret (docs/compat.md, \"Cloud credentials\")");
    }
  }

  /**
   * The ServiceAccount the Jobs run as for {@code identity}, checked against the provider's
   * workload-identity annotation before anything changes: an existing one is read, an auto-created
   * one is checked by its {@code autoCreate.annotations} (and created by the caller).
   */
  private String identity(
      String namespace, CloudIdentity identity, CloudProvider provider, String autoCreateField)
      throws ApiException {
    String name;
    Map<String, String> annotations;
    if (identity.serviceAccount() != null) {
      name = identity.serviceAccount();
      V1ServiceAccount sa =
          cluster
              .serviceAccount(namespace, name)
              .orElseThrow(
                  () ->
                      new RestoreFailure(
                          Reasons.CREDENTIALS_MISSING,
                          "ServiceAccount "
                              + namespace
                              + "/"
                              + name
                              + " (cloud.identity.serviceAccount) not found; create it with the"
                              + " workload-identity annotation, or use identity.autoCreate"));
      annotations = sa.getMetadata() == null ? null : sa.getMetadata().getAnnotations();
    } else if (identity.autoCreate() != null && identity.autoCreate().enabledOrDefault()) {
      name = ResourceNames.serviceAccount(restoreName, restoreUid);
      annotations = identity.autoCreate().annotations();
      if (autoCreated == null) {
        autoCreated =
            new AutoCreated(name, annotations == null ? Map.of() : annotations, autoCreateField);
      }
    } else {
      warnings.add(
          "cloud.identity (provider "
              + provider.value()
              + ") names no ServiceAccount (autoCreate is disabled and serviceAccount is not"
              + " set): the Jobs read the storage with the node's own identity");
      return null;
    }
    CloudProvider.IdentityCheck check = provider.check(namespace + "/" + name, annotations);
    if (check.refused()) {
      throw new RestoreFailure(
          Reasons.CREDENTIALS_MISSING, check.message() + "; nothing was changed");
    }
    if (check.message() != null) {
      warnings.add(check.message());
    }
    return name;
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

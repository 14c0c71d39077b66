package io.neo4jrestore.runner.job;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimVolumeSource;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1SecretEnvSource;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1SecretVolumeSource;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.neo4jrestore.api.model.EncryptionConfig;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.PitrConfig;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.runner.pitr.PitrLayout;
import io.neo4jrestore.runner.stage.Encryption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The PITR staging init container (runner image, {@code stage} subcommand; docs/pitr.md) added to
 * an inspect or restore Job: it links plain artifacts and decodes compressed/encrypted ones from
 * the backup volumes into an {@code emptyDir} at {@link PitrLayout#STAGED_MOUNT}, which the Neo4j
 * container then reads. The key reaches it only as a Secret volume ({@link #KEY_DIR}); no value is
 * in the manifest or on a command line.
 *
 * @param runnerImage the runner image (its entrypoint runs the runner)
 * @param from folders to look in (under {@code /backup} or {@link PitrLayout#LOGS_MOUNT})
 * @param to where to stage ({@link PitrLayout#VIEW} for inspect, {@link PitrLayout#CHAIN} for
 *     restore)
 * @param artifacts staged names in chain order; empty stages every artifact found
 * @param verifyChecksums {@code pitr.validateLogIntegrity}
 * @param encryption {@code AES256} / {@code ChaCha20Poly1305}, or null when not enabled
 * @param keySecret the Secret holding the key, with encryption
 * @param keySecretKey the key inside it
 * @param logsPvc the log PVC when it is not the base backup's PVC (mounted at {@link
 *     PitrLayout#LOGS_MOUNT})
 * @param credentialsSecret for {@code s3://} and {@code azb://} folders: the Secret whose keys
 *     become the stage container's environment ({@code AWS_ACCESS_KEY_ID}, ..., {@code
 *     AZURE_STORAGE_ACCOUNT}, {@code AZURE_STORAGE_KEY}), as for neo4j-admin
 * @param s3Endpoint an S3-compatible endpoint ({@code AWS_ENDPOINT_URL_S3}), or null
 * @param gcsCredentialsSecret for {@code gs://} folders: the Secret whose {@code
 *     GOOGLE_APPLICATION_CREDENTIALS_JSON} is mounted as the file {@code
 *     GOOGLE_APPLICATION_CREDENTIALS} names (as for neo4j-admin), and whose optional {@code
 *     STORAGE_EMULATOR_HOST} becomes that variable
 * @param compression what {@code pitr.compression} declares ({@code gzip}, {@code lz4}, {@code
 *     zstd}, or {@code none} when not enabled), or null when absent
 */
public record StageContainer(
    String runnerImage,
    List<String> from,
    String to,
    List<String> artifacts,
    boolean verifyChecksums,
    String encryption,
    String keySecret,
    String keySecretKey,
    String logsPvc,
    String credentialsSecret,
    String s3Endpoint,
    String gcsCredentialsSecret,
    String compression) {

  public static final String CONTAINER = "stage";
  public static final String KEY_DIR = "/var/run/secrets/neo4j-restore/pitr-key";
  static final String STAGED_VOLUME = "restore-staged";
  static final String LOGS_VOLUME = "backup-logs";
  static final String KEY_VOLUME = "pitr-key";
  static final String GCP_KEY_VOLUME = "stage-gcp-credentials";

  public StageContainer {
    JobIdentity.requireText(runnerImage, "the runner image");
    from = List.copyOf(from);
    artifacts = List.copyOf(artifacts);
    Objects.requireNonNull(to, "to");
    if (encryption != null) {
      JobIdentity.requireText(keySecret, "pitr.encryption.keySecret");
    }
    for (String a : artifacts) {
      RestoreArguments.refuseOptionLike(a, "artifact name");
    }
  }

  /** The init container of the inspect Job: stages every artifact into {@link PitrLayout#VIEW}. */
  public static StageContainer forInspect(
      PitrConfig pitr, ResolvedSource base, String baseFolder, String runnerImage) {
    return of(
        pitr,
        base,
        PitrLayout.folders(pitr, baseFolder, base.pvcName()),
        PitrLayout.VIEW,
        List.of(),
        runnerImage);
  }

  /** The init container of the restore Job: stages exactly the pinned chain. */
  public static StageContainer forRestore(
      Neo4jRestoreSpec spec, ResolvedSource pinned, String runnerImage) {
    PitrConfig pitr = spec.source().pitr();
    return of(
        pitr,
        pinned,
        PitrLayout.folders(pitr, pinned.location(), pinned.pvcName()),
        PitrLayout.CHAIN,
        pinned.artifacts().stream().map(ResolvedSource.Artifact::path).toList(),
        runnerImage);
  }

  private static StageContainer of(
      PitrConfig pitr,
      ResolvedSource base,
      List<String> from,
      String to,
      List<String> artifacts,
      String runnerImage) {
    EncryptionConfig enc = pitr.encryption();
    boolean encrypted = enc != null && Boolean.TRUE.equals(enc.enabled());
    boolean cloud = PitrLayout.downloads(base.storageType());
    boolean s3 = "s3".equals(base.storageType());
    boolean gcs = "gcs".equals(base.storageType());
    return new StageContainer(
        runnerImage,
        from,
        to,
        artifacts,
        PitrLayout.validateLogIntegrity(pitr),
        encrypted ? Encryption.of(enc.algorithm()).specName() : null,
        encrypted ? enc.keySecret() : null,
        encrypted ? enc.keySecretKey() : null,
        PitrLayout.logsPvc(pitr, base.pvcName()),
        cloud && !gcs ? base.credentialsSecret() : null,
        s3 ? base.endpoint() : null,
        gcs ? base.credentialsSecret() : null,
        PitrLayout.declaredCompression(pitr));
  }

  /** The container's arguments (the image's entrypoint is the runner). */
  public List<String> args() {
    List<String> args = new ArrayList<>(List.of("stage"));
    from.forEach(f -> args.add("--from=" + f));
    args.add("--to=" + to);
    artifacts.forEach(a -> args.add("--artifact=" + a));
    if (verifyChecksums) {
      args.add("--verify-checksums");
    }
    if (compression != null) {
      args.add("--compression=" + compression);
    }
    if (encryption != null) {
      args.add("--encryption=" + encryption);
      args.add("--key-file=" + KEY_DIR + "/key");
    }
    return List.copyOf(args);
  }

  /**
   * Adds the init container and its volumes to {@code job}; every container of the pod gets the
   * staged folder ({@code scratch}: a sized emptyDir or a generic ephemeral volume) and the log
   * volume (plain artifacts are links into them).
   */
  public V1Job addTo(V1Job job, Scratch scratch) {
    V1PodSpec pod = job.getSpec().getTemplate().getSpec();
    pod.addVolumesItem(scratch.volume(STAGED_VOLUME));
    List<V1VolumeMount> shared = new ArrayList<>();
    shared.add(new V1VolumeMount().name(STAGED_VOLUME).mountPath(PitrLayout.STAGED_MOUNT));
    if (pod.getVolumes().stream().anyMatch(v -> JobPods.BACKUP_VOLUME.equals(v.getName()))) {
      // the base backup PVC (BackupAccess); plain artifacts are links into it
      shared.add(
          new V1VolumeMount()
              .name(JobPods.BACKUP_VOLUME)
              .mountPath(JobPods.BACKUP_MOUNT_PATH)
              .readOnly(true));
    }
    if (logsPvc != null) {
      pod.addVolumesItem(
          new V1Volume()
              .name(LOGS_VOLUME)
              .persistentVolumeClaim(
                  new V1PersistentVolumeClaimVolumeSource().claimName(logsPvc).readOnly(true)));
      V1VolumeMount logs =
          new V1VolumeMount().name(LOGS_VOLUME).mountPath(PitrLayout.LOGS_MOUNT).readOnly(true);
      shared.add(logs);
      pod.getContainers().forEach(c -> c.addVolumeMountsItem(copy(logs)));
    }
    pod.getContainers()
        .forEach(
            c ->
                c.addVolumeMountsItem(
                    new V1VolumeMount()
                        .name(STAGED_VOLUME)
                        .mountPath(PitrLayout.STAGED_MOUNT)
                        .readOnly(true)));
    V1Container stage =
        new V1Container()
            .name(CONTAINER)
            .image(runnerImage)
            .args(new ArrayList<>(args()))
            .resources(JobSizing.stage())
            .securityContext(JobPods.containerSecurity())
            .terminationMessagePolicy("FallbackToLogsOnError");
    shared.forEach(m -> stage.addVolumeMountsItem(copy(m)));
    if (credentialsSecret != null) {
      stage.addEnvFromItem(
          new V1EnvFromSource().secretRef(new V1SecretEnvSource().name(credentialsSecret)));
    }
    if (s3Endpoint != null) {
      stage.addEnvItem(new V1EnvVar().name("AWS_ENDPOINT_URL_S3").value(s3Endpoint));
    }
    if (gcsCredentialsSecret != null) {
      pod.addVolumesItem(
          new V1Volume()
              .name(GCP_KEY_VOLUME)
              .secret(
                  new V1SecretVolumeSource()
                      .secretName(gcsCredentialsSecret)
                      .defaultMode(0440) // group-readable: fsGroup 7474 owns the files
                      .addItemsItem(
                          new V1KeyToPath()
                              .key(JobPods.GCP_CREDENTIALS_KEY)
                              .path(JobPods.GCP_CREDENTIALS_FILE))));
      stage.addVolumeMountsItem(
          new V1VolumeMount()
              .name(GCP_KEY_VOLUME)
              .mountPath(JobPods.GCP_CREDENTIALS_DIR)
              .readOnly(true));
      stage.addEnvItem(
          new V1EnvVar()
              .name("GOOGLE_APPLICATION_CREDENTIALS")
              .value(JobPods.GCP_CREDENTIALS_DIR + "/" + JobPods.GCP_CREDENTIALS_FILE));
      stage.addEnvItem(
          new V1EnvVar()
              .name("STORAGE_EMULATOR_HOST")
              .valueFrom(
                  new V1EnvVarSource()
                      .secretKeyRef(
                          new V1SecretKeySelector()
                              .name(gcsCredentialsSecret)
                              .key("STORAGE_EMULATOR_HOST")
                              .optional(true))));
    }
    if (encryption != null) {
      pod.addVolumesItem(
          new V1Volume()
              .name(KEY_VOLUME)
              .secret(
                  new V1SecretVolumeSource()
                      .secretName(keySecret)
                      .defaultMode(0440) // group-readable: fsGroup 7474 owns the files
                      .addItemsItem(
                          new V1KeyToPath()
                              .key(keySecretKey == null ? "key" : keySecretKey)
                              .path("key"))));
      stage.addVolumeMountsItem(
          new V1VolumeMount().name(KEY_VOLUME).mountPath(KEY_DIR).readOnly(true));
    }
    pod.addInitContainersItem(stage);
    return JobPods.withoutEmptyCollections(job);
  }

  private static V1VolumeMount copy(V1VolumeMount m) {
    return new V1VolumeMount()
        .name(m.getName())
        .mountPath(m.getMountPath())
        .readOnly(m.getReadOnly());
  }
}

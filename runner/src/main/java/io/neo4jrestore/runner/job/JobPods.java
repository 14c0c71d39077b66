package io.neo4jrestore.runner.job;

import io.kubernetes.client.openapi.models.V1Affinity;
import io.kubernetes.client.openapi.models.V1Capabilities;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1LocalObjectReference;
import io.kubernetes.client.openapi.models.V1NodeAffinity;
import io.kubernetes.client.openapi.models.V1NodeSelector;
import io.kubernetes.client.openapi.models.V1NodeSelectorRequirement;
import io.kubernetes.client.openapi.models.V1NodeSelectorTerm;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimVolumeSource;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1SELinuxOptions;
import io.kubernetes.client.openapi.models.V1SeccompProfile;
import io.kubernetes.client.openapi.models.V1SecretEnvSource;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1SecretVolumeSource;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Toleration;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.neo4jrestore.runner.job.BackupAccess.StorageType;
import io.neo4jrestore.runner.target.Target;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The pod wiring shared by the restore Job and the inspect/verify Job. */
final class JobPods {
  /** UID, GID and fsGroup of the {@code neo4j} user in the official image. */
  static final long NEO4J_UID = 7474L;

  static final String DATA_MOUNT_PATH = "/data";

  /**
   * Where a backup PVC is mounted: the path the operator's backup Jobs write to, so artifact paths
   * read from {@code Neo4jBackup} runs need no rewriting.
   */
  static final String BACKUP_MOUNT_PATH = "/backup";

  static final String GCP_CREDENTIALS_DIR = "/var/run/secrets/neo4j-restore/gcp";
  static final String GCP_CREDENTIALS_FILE = "credentials.json";
  static final String GCP_CREDENTIALS_KEY = "GOOGLE_APPLICATION_CREDENTIALS_JSON";

  static final String DATA_VOLUME = "data";
  static final String BACKUP_VOLUME = "backup";
  static final String TEMP_VOLUME = "restore-temp";
  static final String GCP_VOLUME = "gcp-credentials";

  /** Long enough for {@code kubectl neo4j-restore logs} a week later; then the Job is removed. */
  static final int TTL_SECONDS_AFTER_FINISHED = (int) Duration.ofDays(7).toSeconds();

  private static final String MODELS = "io.kubernetes.client.openapi.models";

  private JobPods() {}

  /**
   * A Job that runs its pod once: {@code backoffLimit: 0} because a half-run restore must not be
   * retried blindly (the runner decides), no {@code podFailurePolicy} (with no retries it changes
   * nothing), and a TTL so finished Jobs do not pile up.
   */
  static V1Job job(JobIdentity id, V1PodSpec pod, long activeDeadlineSeconds) {
    return job(id, pod, activeDeadlineSeconds, Map.of());
  }

  /**
   * The same, with {@code podLabels} added to the pod template's labels (e.g. the Azure Workload
   * Identity label, {@link BackupAccess#podLabels()}).
   */
  static V1Job job(
      JobIdentity id, V1PodSpec pod, long activeDeadlineSeconds, Map<String, String> podLabels) {
    Map<String, String> templateLabels = new LinkedHashMap<>(id.labels());
    templateLabels.putAll(podLabels);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(
        "kubectl.kubernetes.io/default-container", pod.getContainers().get(0).getName());
    V1Job job =
        new V1Job()
            .apiVersion("batch/v1")
            .kind("Job")
            .metadata(
                new V1ObjectMeta()
                    .name(id.name())
                    .namespace(id.namespace())
                    .labels(new LinkedHashMap<>(id.labels())))
            .spec(
                new V1JobSpec()
                    .backoffLimit(0)
                    .activeDeadlineSeconds(activeDeadlineSeconds)
                    .ttlSecondsAfterFinished(TTL_SECONDS_AFTER_FINISHED)
                    .template(
                        new V1PodTemplateSpec()
                            .metadata(
                                new V1ObjectMeta().labels(templateLabels).annotations(annotations))
                            .spec(pod)));
    return withoutEmptyCollections(job);
  }

  /**
   * Sets every empty list and map in a tree of client-java models to null. The generated models
   * start each collection as an empty one and Gson sends it, so a Job would carry dozens of {@code
   * []} and {@code {}} fields, among them fields an older API server does not know (e.g. {@code
   * restartPolicyRules}, Kubernetes 1.34): a warning per create, an error under {@code
   * fieldValidation=Strict}. An empty collection and an absent one mean the same to Kubernetes.
   * Empty <em>objects</em> such as {@code emptyDir: {}} are kept. (Reflection over the same fields
   * Gson serializes, so a native image needs no extra registration.)
   */
  static <T> T withoutEmptyCollections(T model) {
    prune(model, Collections.newSetFromMap(new IdentityHashMap<>()));
    return model;
  }

  private static void prune(Object o, Set<Object> seen) {
    if (o == null || !MODELS.equals(o.getClass().getPackageName()) || !seen.add(o)) {
      return;
    }
    for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        try {
          f.setAccessible(true);
          Object v = f.get(o);
          if (v instanceof Collection<?> col) {
            if (col.isEmpty()) {
              f.set(o, null);
            } else {
              col.forEach(e -> prune(e, seen));
            }
          } else if (v instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
              f.set(o, null);
            } else {
              map.values().forEach(e -> prune(e, seen));
            }
          } else {
            prune(v, seen);
          }
        } catch (IllegalAccessException | RuntimeException e) {
          throw new IllegalStateException("cannot clear " + c.getName() + "." + f.getName(), e);
        }
      }
    }
  }

  /**
   * The pod skeleton: run once, as the image's {@code neo4j} user, no Service environment
   * variables, the ServiceAccount of {@code access} and its token only when asked for.
   */
  static V1PodSpec pod(Target target, BackupAccess access, Placement placement) {
    V1PodSpec pod =
        new V1PodSpec()
            .restartPolicy("Never")
            .serviceAccountName(access.serviceAccountOrDefault())
            .automountServiceAccountToken(access.automountServiceAccountToken())
            .enableServiceLinks(false)
            .securityContext(podSecurity(placement));
    if (target.imagePullSecrets() != null && !target.imagePullSecrets().isEmpty()) {
      pod.imagePullSecrets(
          target.imagePullSecrets().stream()
              .map(n -> new V1LocalObjectReference().name(n))
              .toList());
    }
    if (placement.nodeName() != null) {
      pod.affinity(onNode(placement.nodeName()));
    }
    if (!placement.tolerations().isEmpty()) {
      pod.tolerations(placement.tolerations().stream().map(JobPods::copy).toList());
    }
    return pod;
  }

  /** A container running {@code command} (exec form: no shell) in the target's image. */
  static V1Container container(String name, Target target, List<String> command) {
    V1Container c =
        new V1Container()
            .name(name)
            .image(target.image())
            .command(new ArrayList<>(command))
            .securityContext(containerSecurity())
            // the last lines of neo4j-admin's output become the pod's termination message
            .terminationMessagePolicy("FallbackToLogsOnError");
    if (target.imagePullPolicy() != null) {
      c.imagePullPolicy(target.imagePullPolicy());
    }
    return c;
  }

  /** Volumes, mounts and environment that give the container access to the backup. */
  static void wireBackupAccess(V1PodSpec pod, V1Container container, BackupAccess access) {
    if (access.storage() == StorageType.PVC) {
      pod.addVolumesItem(
          new V1Volume()
              .name(BACKUP_VOLUME)
              .persistentVolumeClaim(
                  new V1PersistentVolumeClaimVolumeSource()
                      .claimName(access.backupPvc())
                      .readOnly(true)));
      container.addVolumeMountsItem(
          new V1VolumeMount().name(BACKUP_VOLUME).mountPath(BACKUP_MOUNT_PATH).readOnly(true));
      return;
    }
    if (access.s3Endpoint() != null) {
      container.addEnvItem(new V1EnvVar().name("AWS_ENDPOINT_URL_S3").value(access.s3Endpoint()));
    }
    String secret = access.credentialsSecret();
    if (secret == null) {
      return; // workload identity or the SDK's default chain
    }
    if (access.storage() == StorageType.GCS) {
      pod.addVolumesItem(
          new V1Volume()
              .name(GCP_VOLUME)
              .secret(
                  new V1SecretVolumeSource()
                      .secretName(secret)
                      .defaultMode(0440) // group-readable: fsGroup 7474 owns the files
                      .addItemsItem(
                          new V1KeyToPath().key(GCP_CREDENTIALS_KEY).path(GCP_CREDENTIALS_FILE))));
      container.addVolumeMountsItem(
          new V1VolumeMount().name(GCP_VOLUME).mountPath(GCP_CREDENTIALS_DIR).readOnly(true));
      container.addEnvItem(
          new V1EnvVar()
              .name("GOOGLE_APPLICATION_CREDENTIALS")
              .value(GCP_CREDENTIALS_DIR + "/" + GCP_CREDENTIALS_FILE));
      container.addEnvItem(
          new V1EnvVar()
              .name("GOOGLE_CLOUD_PROJECT")
              .valueFrom(
                  new V1EnvVarSource()
                      .secretKeyRef(
                          new V1SecretKeySelector()
                              .name(secret)
                              .key("GOOGLE_CLOUD_PROJECT")
                              .optional(true))));
    } else {
      container.addEnvFromItem(
          new V1EnvFromSource().secretRef(new V1SecretEnvSource().name(secret)));
    }
  }

  /**
   * Pod-level security: the {@code neo4j} user (7474) so restored files get the owner the server
   * expects; {@code OnRootMismatch} so a large data volume is not re-chowned file by file; the
   * serving pod's SELinux labels when sharing its volume.
   */
  static V1PodSecurityContext podSecurity(Placement placement) {
    V1PodSecurityContext sc =
        new V1PodSecurityContext()
            .runAsUser(NEO4J_UID)
            .runAsGroup(NEO4J_UID)
            .fsGroup(NEO4J_UID)
            .fsGroupChangePolicy("OnRootMismatch")
            .runAsNonRoot(true)
            .seccompProfile(new V1SeccompProfile().type("RuntimeDefault"));
    if (placement.seLinuxOptions() != null) {
      V1SELinuxOptions s = placement.seLinuxOptions();
      sc.seLinuxOptions(
          new V1SELinuxOptions()
              .user(s.getUser())
              .role(s.getRole())
              .type(s.getType())
              .level(s.getLevel()));
    }
    if (placement.seLinuxChangePolicy() != null) {
      sc.seLinuxChangePolicy(placement.seLinuxChangePolicy());
    }
    return sc;
  }

  static V1SecurityContext containerSecurity() {
    return new V1SecurityContext()
        .allowPrivilegeEscalation(false)
        .privileged(false)
        .runAsNonRoot(true)
        .capabilities(new V1Capabilities().drop(new ArrayList<>(List.of("ALL"))));
  }

  /**
   * A required node affinity on the node's name. {@code matchFields metadata.name} rather than the
   * {@code kubernetes.io/hostname} label: the label is not guaranteed to equal the node name (it
   * differs on some clouds), the field is; the DaemonSet controller pins pods the same way. Unlike
   * {@code spec.nodeName} it still goes through the scheduler (resources, taints).
   */
  static V1Affinity onNode(String nodeName) {
    return new V1Affinity()
        .nodeAffinity(
            new V1NodeAffinity()
                .requiredDuringSchedulingIgnoredDuringExecution(
                    new V1NodeSelector()
                        .addNodeSelectorTermsItem(
                            new V1NodeSelectorTerm()
                                .addMatchFieldsItem(
                                    new V1NodeSelectorRequirement()
                                        .key("metadata.name")
                                        .operator("In")
                                        .addValuesItem(nodeName)))));
  }

  private static V1Toleration copy(V1Toleration t) {
    return new V1Toleration()
        .key(t.getKey())
        .operator(t.getOperator())
        .value(t.getValue())
        .effect(t.getEffect())
        .tolerationSeconds(t.getTolerationSeconds());
  }

  /** Whole seconds, rounded up, at least 1: {@code activeDeadlineSeconds} must be positive. */
  static long seconds(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("a Job deadline must be positive, got " + d);
    }
    long s = d.getSeconds();
    return d.getNano() > 0 ? s + 1 : s;
  }
}

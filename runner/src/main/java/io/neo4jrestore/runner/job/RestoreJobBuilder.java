package io.neo4jrestore.runner.job;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimVolumeSource;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.neo4jrestore.api.validation.Durations;
import java.time.Duration;

/**
 * Builds the restore Job: the target's own Neo4j image running {@code neo4j-admin database restore}
 * as an exec-form command (no shell, no entrypoint: setting {@code command} skips the image's
 * {@code docker-entrypoint.sh}, which is not needed because the restore uses the image's default
 * configuration).
 *
 * <p>The pod:
 *
 * <ul>
 *   <li>mounts the data PVC read-write at {@code /data}; online, it is pinned to the serving pod's
 *       node with its tolerations and SELinux options ({@link Placement});
 *   <li>mounts a backup PVC read-only at {@code /backup}, or gets cloud credentials from the Secret
 *       / workload identity ({@link BackupAccess}); secret values never appear in the manifest;
 *   <li>has its scratch space at {@link RestoreArguments#TEMP_PATH} for {@code --temp-path} (cloud
 *       artifacts are downloaded there): a sized {@code emptyDir} or a generic ephemeral volume
 *       ({@link Scratch});
 *   <li>gets requests and limits derived from the target's server container ({@link JobSizing});
 *   <li>runs as UID/GID/fsGroup 7474, non-root, without privilege escalation or capabilities,
 *       seccomp {@code RuntimeDefault}, {@code fsGroupChangePolicy: OnRootMismatch}. The root
 *       filesystem stays writable: neo4j-admin may write under {@code $NEO4J_HOME} (its logs).
 * </ul>
 *
 * <p>The Job: {@code backoffLimit: 0} and {@code restartPolicy: Never} (a half-run restore is not
 * retried blindly; the runner decides what happens next), {@code activeDeadlineSeconds} from {@code
 * spec.timeout} ({@link #DEFAULT_TIMEOUT} when absent), {@code ttlSecondsAfterFinished} of 7 days
 * so {@code kubectl neo4j-restore logs} still finds the pod.
 */
public final class RestoreJobBuilder {
  public static final String CONTAINER = "restore";

  /** The Job's deadline when {@code spec.timeout} is absent. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(6);

  /** {@code ttlSecondsAfterFinished} of every Job built here: 7 days. */
  public static final int TTL_SECONDS_AFTER_FINISHED = JobPods.TTL_SECONDS_AFTER_FINISHED;

  private RestoreJobBuilder() {}

  public static V1Job build(RestoreJobRequest request) {
    V1PodSpec pod = JobPods.pod(request.target(), request.access(), request.placement());
    V1Container container = JobPods.container(CONTAINER, request.target(), request.command());
    container.resources(JobSizing.restore(request.target().workload(), request.mode()));

    pod.addVolumesItem(
        new V1Volume()
            .name(JobPods.DATA_VOLUME)
            .persistentVolumeClaim(
                new V1PersistentVolumeClaimVolumeSource().claimName(request.dataPvc())));
    container.addVolumeMountsItem(
        new V1VolumeMount().name(JobPods.DATA_VOLUME).mountPath(JobPods.DATA_MOUNT_PATH));

    JobPods.wireBackupAccess(pod, container, request.access());

    pod.addVolumesItem(request.scratch().volume(JobPods.TEMP_VOLUME));
    container.addVolumeMountsItem(
        new V1VolumeMount().name(JobPods.TEMP_VOLUME).mountPath(RestoreArguments.TEMP_PATH));

    pod.addContainersItem(container);
    return JobPods.job(request.job(), pod, activeDeadlineSeconds(request.timeout()));
  }

  /**
   * {@code activeDeadlineSeconds} for {@code spec.timeout}: parsed with {@link Durations}, rounded
   * up to whole seconds; {@link #DEFAULT_TIMEOUT} when null. Throws IllegalArgumentException for an
   * invalid or zero duration.
   */
  public static long activeDeadlineSeconds(String timeout) {
    Duration d = timeout == null ? DEFAULT_TIMEOUT : Durations.parse(timeout);
    return JobPods.seconds(d);
  }
}

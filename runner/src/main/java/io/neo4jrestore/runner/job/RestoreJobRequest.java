package io.neo4jrestore.runner.job;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.neo4jrestore.runner.target.Target;
import java.util.List;
import java.util.Objects;

/**
 * Everything the restore Job is built from (DESIGN step 9).
 *
 * @param job name, namespace and labels ({@link JobIdentity#forAttempt} with {@code
 *     JobRole.RESTORE})
 * @param target the resolved target: image, pull policy and secrets
 * @param command the exec-form command from {@link RestoreArguments#build}
 * @param mode online (the serving pod's volume) or offline (the StatefulSet scaled to 0)
 * @param dataPvc the data volume mounted at {@code /data}: the serving pod's for {@link
 *     RestoreMode#ONLINE}, {@code target.dataPvc(0)} for {@link RestoreMode#OFFLINE}
 * @param placement for {@link RestoreMode#ONLINE} the serving pod's node, tolerations and SELinux
 *     options ({@link Placement#sharingVolumesWith}); offline, optional tolerations
 * @param access how the Job reaches the backup ({@link BackupAccess#from})
 * @param timeout {@code spec.timeout} (e.g. {@code 2h}) or null for {@link
 *     RestoreJobBuilder#DEFAULT_TIMEOUT}
 * @param scratch the {@code --temp-path} volume ({@link Scratch}); null for the target's default
 */
public record RestoreJobRequest(
    JobIdentity job,
    Target target,
    List<String> command,
    RestoreMode mode,
    String dataPvc,
    Placement placement,
    BackupAccess access,
    String timeout,
    Scratch scratch) {

  public RestoreJobRequest {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(access, "access");
    JobIdentity.requireText(target.image(), "the target's image");
    JobIdentity.requireText(dataPvc, "the data PVC");
    if (command == null || command.size() <= RestoreArguments.COMMAND.size()) {
      throw new IllegalArgumentException("the restore command has no arguments");
    }
    if (!command.subList(0, RestoreArguments.COMMAND.size()).equals(RestoreArguments.COMMAND)) {
      throw new IllegalArgumentException(
          "the restore command must start with " + RestoreArguments.COMMAND + ", got " + command);
    }
    command = List.copyOf(command);
    placement = placement == null ? Placement.anywhere() : placement;
    scratch = scratch == null ? Scratch.of(null, target.workload()) : scratch;
    if (mode == RestoreMode.ONLINE && placement.nodeName() == null) {
      throw new IllegalArgumentException(
          "an online restore shares the serving pod's data volume and must run on its node;"
              + " the serving pod has no node yet");
    }
  }

  /** The same request with {@code scratch} as its scratch space. */
  public RestoreJobRequest withScratch(Scratch other) {
    return new RestoreJobRequest(
        job, target, command, mode, dataPvc, placement, access, timeout, other);
  }

  /**
   * An online restore next to {@code servingPod}: its data volume (the PVC it mounts at {@code
   * /data}), its node, tolerations and SELinux options.
   */
  public static RestoreJobRequest online(
      JobIdentity job,
      Target target,
      List<String> command,
      V1Pod servingPod,
      BackupAccess access,
      String timeout) {
    return new RestoreJobRequest(
        job,
        target,
        command,
        RestoreMode.ONLINE,
        dataPvcOf(servingPod),
        Placement.sharingVolumesWith(servingPod),
        access,
        timeout,
        null);
  }

  /**
   * The PVC {@code pod} mounts at {@code /data}; throws IllegalArgumentException naming the pod
   * when there is none.
   */
  public static String dataPvcOf(V1Pod pod) {
    String podName = pod.getMetadata() == null ? "the serving pod" : pod.getMetadata().getName();
    if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
      for (V1Container c : pod.getSpec().getContainers()) {
        if (c.getVolumeMounts() == null) {
          continue;
        }
        for (V1VolumeMount m : c.getVolumeMounts()) {
          if (!JobPods.DATA_MOUNT_PATH.equals(m.getMountPath())) {
            continue;
          }
          for (V1Volume v :
              pod.getSpec().getVolumes() == null
                  ? List.<V1Volume>of()
                  : pod.getSpec().getVolumes()) {
            if (v.getName().equals(m.getName()) && v.getPersistentVolumeClaim() != null) {
              return v.getPersistentVolumeClaim().getClaimName();
            }
          }
        }
      }
    }
    throw new IllegalArgumentException(
        podName
            + " mounts no PersistentVolumeClaim at /data; an online restore needs its data"
            + " volume");
  }

  /**
   * An offline restore ({@code stopCluster}): server 0's data volume, {@code target.dataPvc(0)}.
   */
  public static RestoreJobRequest offline(
      JobIdentity job,
      Target target,
      List<String> command,
      Placement placement,
      BackupAccess access,
      String timeout) {
    return new RestoreJobRequest(
        job,
        target,
        command,
        RestoreMode.OFFLINE,
        target.dataPvc(0),
        placement,
        access,
        timeout,
        null);
  }
}

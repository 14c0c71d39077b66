package io.neo4jrestore.runner.job;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1SELinuxOptions;
import io.kubernetes.client.openapi.models.V1Toleration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a Job's pod may run, copied from the pod whose volume it shares.
 *
 * <p>An online restore mounts the serving pod's data volume. That volume is usually {@code
 * ReadWriteOnce}, so the Job must run on the same node ({@code nodeName} becomes a required node
 * affinity); it must tolerate the same taints to be allowed there; and it must carry the same
 * SELinux labels, or the runtime relabels the volume for one pod and locks out the other.
 *
 * @param nodeName the node the serving pod runs on; null lets the scheduler choose
 * @param tolerations copied onto the Job's pod (defensive copies are made when building)
 * @param seLinuxOptions the serving pod's SELinux options, or null
 * @param seLinuxChangePolicy the serving pod's {@code seLinuxChangePolicy}, or null
 */
public record Placement(
    String nodeName,
    List<V1Toleration> tolerations,
    V1SELinuxOptions seLinuxOptions,
    String seLinuxChangePolicy) {

  public Placement {
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
  }

  /** No constraint: the scheduler places the pod (offline restores, inspect Jobs). */
  public static Placement anywhere() {
    return new Placement(null, List.of(), null, null);
  }

  /**
   * The placement of a pod that shares {@code pod}'s volumes: its node, tolerations and SELinux
   * options (the pod's own, else the first container's that sets them).
   */
  public static Placement sharingVolumesWith(V1Pod pod) {
    if (pod == null || pod.getSpec() == null) {
      throw new IllegalArgumentException("the serving pod has no spec");
    }
    var spec = pod.getSpec();
    V1SELinuxOptions seLinux = null;
    String changePolicy = null;
    if (spec.getSecurityContext() != null) {
      seLinux = spec.getSecurityContext().getSeLinuxOptions();
      changePolicy = spec.getSecurityContext().getSeLinuxChangePolicy();
    }
    if (seLinux == null && spec.getContainers() != null) {
      for (V1Container c : spec.getContainers()) {
        if (c.getSecurityContext() != null && c.getSecurityContext().getSeLinuxOptions() != null) {
          seLinux = c.getSecurityContext().getSeLinuxOptions();
          break;
        }
      }
    }
    List<V1Toleration> tolerations =
        spec.getTolerations() == null ? List.of() : new ArrayList<>(spec.getTolerations());
    return new Placement(spec.getNodeName(), tolerations, seLinux, changePolicy);
  }
}

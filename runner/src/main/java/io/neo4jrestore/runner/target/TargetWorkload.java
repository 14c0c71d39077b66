package io.neo4jrestore.runner.target;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.util.ArrayList;
import java.util.List;

/**
 * What the runner reads from the target's StatefulSet (pure): how Kubernetes treats its claims on
 * scale-down, which claims its pods have, and the server container's resources and data volume
 * size, from which the restore's Jobs are sized.
 *
 * @param whenScaled {@code spec.persistentVolumeClaimRetentionPolicy.whenScaled} as written, or
 *     null when absent (Kubernetes then retains)
 * @param claimTemplates the names of {@code spec.volumeClaimTemplates}, in order
 * @param firstOrdinal {@code spec.ordinals.start} (0 when absent)
 * @param serverResources the resources of the container named {@code neo4j} (else the first), or
 *     null
 * @param dataVolumeSize the storage request of the claim template the server mounts at {@code
 *     /data}, or null
 */
public record TargetWorkload(
    String whenScaled,
    List<String> claimTemplates,
    int firstOrdinal,
    V1ResourceRequirements serverResources,
    Quantity dataVolumeSize) {

  /** The container of the operator's pods that runs Neo4j. */
  public static final String SERVER_CONTAINER = "neo4j";

  public TargetWorkload {
    claimTemplates = List.copyOf(claimTemplates);
  }

  /** Nothing known (the StatefulSet was not read). */
  public static TargetWorkload unknown() {
    return new TargetWorkload(null, List.of(), 0, null, null);
  }

  public static TargetWorkload of(V1StatefulSet sts) {
    V1StatefulSetSpec spec = sts.getSpec();
    if (spec == null) {
      return unknown();
    }
    String whenScaled =
        spec.getPersistentVolumeClaimRetentionPolicy() == null
            ? null
            : spec.getPersistentVolumeClaimRetentionPolicy().getWhenScaled();
    List<String> templates = new ArrayList<>();
    if (spec.getVolumeClaimTemplates() != null) {
      for (V1PersistentVolumeClaim t : spec.getVolumeClaimTemplates()) {
        if (t.getMetadata() != null && t.getMetadata().getName() != null) {
          templates.add(t.getMetadata().getName());
        }
      }
    }
    int first =
        spec.getOrdinals() == null || spec.getOrdinals().getStart() == null
            ? 0
            : spec.getOrdinals().getStart();
    V1Container server = serverContainer(spec);
    return new TargetWorkload(
        whenScaled,
        templates,
        first,
        server == null ? null : server.getResources(),
        dataVolumeSize(spec, server));
  }

  /**
   * True when scaling the StatefulSet down makes Kubernetes delete the claims of the removed pods:
   * {@code whenScaled: Delete} and claims made from templates (the StatefulSet controller deletes
   * only those).
   */
  public boolean deletesClaimsWhenScaled() {
    return "Delete".equals(whenScaled) && !claimTemplates.isEmpty();
  }

  /**
   * The claims of the first {@code replicas} pods: {@code <template>-<statefulSet>-<ordinal>}, the
   * StatefulSet controller's naming, ordinal by ordinal.
   */
  public List<String> claimNames(String statefulSet, int replicas) {
    List<String> names = new ArrayList<>();
    for (int i = firstOrdinal; i < firstOrdinal + replicas; i++) {
      for (String template : claimTemplates) {
        names.add(template + "-" + statefulSet + "-" + i);
      }
    }
    return names;
  }

  private static V1Container serverContainer(V1StatefulSetSpec spec) {
    if (spec.getTemplate() == null
        || spec.getTemplate().getSpec() == null
        || spec.getTemplate().getSpec().getContainers() == null
        || spec.getTemplate().getSpec().getContainers().isEmpty()) {
      return null;
    }
    List<V1Container> containers = spec.getTemplate().getSpec().getContainers();
    return containers.stream()
        .filter(c -> SERVER_CONTAINER.equals(c.getName()))
        .findFirst()
        .orElse(containers.get(0));
  }

  private static Quantity dataVolumeSize(V1StatefulSetSpec spec, V1Container server) {
    if (server == null
        || server.getVolumeMounts() == null
        || spec.getVolumeClaimTemplates() == null) {
      return null;
    }
    for (V1VolumeMount m : server.getVolumeMounts()) {
      if (!"/data".equals(m.getMountPath())) {
        continue;
      }
      for (V1PersistentVolumeClaim t : spec.getVolumeClaimTemplates()) {
        if (t.getMetadata() != null
            && m.getName().equals(t.getMetadata().getName())
            && t.getSpec() != null
            && t.getSpec().getResources() != null
            && t.getSpec().getResources().getRequests() != null) {
          return t.getSpec().getResources().getRequests().get("storage");
        }
      }
    }
    return null;
  }
}

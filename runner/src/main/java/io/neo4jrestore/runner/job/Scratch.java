package io.neo4jrestore.runner.job;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1EmptyDirVolumeSource;
import io.kubernetes.client.openapi.models.V1EphemeralVolumeSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimSpec;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimTemplate;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeResourceRequirements;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.PitrConfig;
import io.neo4jrestore.api.model.PvcSpec;
import io.neo4jrestore.api.model.RestoreSource;
import io.neo4jrestore.api.model.StorageLocation;
import io.neo4jrestore.runner.target.TargetWorkload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scratch space of a Job pod: {@code neo4j-admin}'s {@code --temp-path} (a cloud download lands
 * there) and the PITR staging folder (pure; docs/runner.md, "Resources and scratch space").
 *
 * <ul>
 *   <li>By default an {@code emptyDir} (the node's ephemeral storage) with {@code sizeLimit} the
 *       target's data volume size: the restored store must fit on that volume, and neither a backup
 *       of it nor its staged copy is larger. The kubelet evicts a pod whose volume grows past its
 *       limit instead of letting it fill the node's disk.
 *   <li>With {@code pvc.size} and/or {@code pvc.storageClassName} on the storage the backup is read
 *       from: a generic ephemeral volume, i.e. a claim of that size (else the data volume's) in
 *       that class (else the cluster's default), created with the pod and deleted with it. For
 *       scratch space larger than a node's disk.
 * </ul>
 *
 * @param size the claim's size, or the emptyDir's {@code sizeLimit}
 * @param storageClassName the claim's class (null: the default class)
 * @param claim true for a generic ephemeral volume
 */
public record Scratch(Quantity size, String storageClassName, boolean claim) {
  /** The emptyDir's limit when the data volume's size is not known. */
  public static final Quantity DEFAULT_SIZE = Quantity.fromString("10Gi");

  /** The scratch space for a restore reading from storage with {@code pvc} (or none). */
  public static Scratch of(PvcSpec pvc, TargetWorkload w) {
    Quantity dataSize = w.dataVolumeSize() == null ? DEFAULT_SIZE : w.dataVolumeSize();
    if (pvc == null || (pvc.size() == null && pvc.storageClassName() == null)) {
      return new Scratch(dataSize, null, false);
    }
    Quantity size = pvc.size() == null ? dataSize : quantity(pvc.size());
    return new Scratch(size, pvc.storageClassName(), true);
  }

  /**
   * The {@code pvc} of the storage a restore reads its backup from: {@code source.storage.pvc}, for
   * PITR {@code pitr.baseBackup.storage.pvc}, else {@code pitr.logStorage.pvc}; null for other
   * sources (a {@code Neo4jBackup}'s own {@code pvc} describes its claim, not this restore's
   * scratch space).
   */
  public static PvcSpec sourcePvc(Neo4jRestoreSpec spec) {
    RestoreSource source = spec == null ? null : spec.source();
    if (source == null) {
      return null;
    }
    PvcSpec direct = pvcOf(source.storage());
    if (direct != null) {
      return direct;
    }
    PitrConfig pitr = source.pitr();
    if (pitr == null) {
      return null;
    }
    PvcSpec base = pitr.baseBackup() == null ? null : pvcOf(pitr.baseBackup().storage());
    return base != null ? base : pvcOf(pitr.logStorage());
  }

  private static PvcSpec pvcOf(StorageLocation storage) {
    return storage == null || !"pvc".equals(storage.type()) ? null : storage.pvc();
  }

  /** The scratch space with nothing known but defaults. */
  public static Scratch defaults() {
    return new Scratch(DEFAULT_SIZE, null, false);
  }

  private static Quantity quantity(String size) {
    try {
      Quantity q = Quantity.fromString(size.trim());
      if (q.getNumber().signum() <= 0) {
        throw new IllegalArgumentException("not positive");
      }
      return q;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "pvc.size \"" + size + "\" is not a Kubernetes quantity (such as 100Gi)");
    }
  }

  /** The pod volume {@code name} providing this scratch space. */
  public V1Volume volume(String name) {
    if (!claim) {
      return new V1Volume().name(name).emptyDir(new V1EmptyDirVolumeSource().sizeLimit(size));
    }
    V1PersistentVolumeClaimSpec spec =
        new V1PersistentVolumeClaimSpec()
            .accessModes(new ArrayList<>(List.of("ReadWriteOnce")))
            .resources(new V1VolumeResourceRequirements().requests(Map.of("storage", size)));
    if (storageClassName != null) {
      spec.storageClassName(storageClassName);
    }
    return new V1Volume()
        .name(name)
        .ephemeral(
            new V1EphemeralVolumeSource()
                .volumeClaimTemplate(
                    new V1PersistentVolumeClaimTemplate()
                        .metadata(
                            new V1ObjectMeta()
                                .labels(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)))
                        .spec(spec)));
  }
}

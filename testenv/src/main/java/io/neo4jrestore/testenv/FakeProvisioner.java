package io.neo4jrestore.testenv;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1HostPathVolumeSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeSpec;
import java.util.List;
import java.util.Map;

/**
 * Plays an external volume provisioner (a CSI driver's {@code external-provisioner}) for a control
 * plane that has none: for every Pending claim it creates a PersistentVolume pre-bound to it
 * (capacity, access modes, volume mode and storage class of the claim), and deletes the volumes it
 * provisioned once they are {@code Released}. Binding is done by the real {@code
 * persistentvolume-binder-controller}, claim and volume protection by the real protection
 * controllers, so a claim's phase, {@code volumeName} and deletion behave as in a cluster.
 *
 * <p>Limits: every storage class is served (a claim naming a class that does not exist is bound
 * too, as if the class existed with {@code volumeBindingMode: Immediate}); nothing is stored (the
 * volumes are {@code hostPath} entries no container mounts); no resizing.
 */
final class FakeProvisioner {
  /** The {@code pv.kubernetes.io/provisioned-by} value of the volumes this provisioner made. */
  static final String NAME = "fake.neo4jrestore.io";

  private static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";

  private final CoreV1Api core;

  FakeProvisioner(CoreV1Api core) {
    this.core = core;
  }

  /** One pass: provision what is pending, delete what was released. */
  void sweep() throws ApiException {
    for (V1PersistentVolumeClaim claim :
        core.listPersistentVolumeClaimForAllNamespaces().execute().getItems()) {
      if (needsVolume(claim)) {
        provision(claim);
      }
    }
    for (V1PersistentVolume volume : core.listPersistentVolume().execute().getItems()) {
      Map<String, String> annotations = volume.getMetadata().getAnnotations();
      boolean ours = annotations != null && NAME.equals(annotations.get(PROVISIONED_BY));
      String phase = volume.getStatus() == null ? null : volume.getStatus().getPhase();
      if (ours
          && ("Released".equals(phase) || "Failed".equals(phase))
          && volume.getMetadata().getDeletionTimestamp() == null) {
        delete(volume.getMetadata().getName());
      }
    }
  }

  private static boolean needsVolume(V1PersistentVolumeClaim claim) {
    return claim.getMetadata().getDeletionTimestamp() == null
        && claim.getSpec() != null
        && claim.getSpec().getVolumeName() == null
        && (claim.getStatus() == null || "Pending".equals(claim.getStatus().getPhase()));
  }

  private void provision(V1PersistentVolumeClaim claim) throws ApiException {
    String name = "pvc-" + claim.getMetadata().getUid();
    Quantity size =
        claim.getSpec().getResources() == null
                || claim.getSpec().getResources().getRequests() == null
            ? null
            : claim.getSpec().getResources().getRequests().get("storage");
    String storageClass = claim.getSpec().getStorageClassName();
    V1PersistentVolume volume =
        new V1PersistentVolume()
            .metadata(new V1ObjectMeta().name(name).annotations(Map.of(PROVISIONED_BY, NAME)))
            .spec(
                new V1PersistentVolumeSpec()
                    .capacity(Map.of("storage", size == null ? Quantity.fromString("1Gi") : size))
                    .accessModes(
                        claim.getSpec().getAccessModes() == null
                            ? List.of("ReadWriteOnce")
                            : claim.getSpec().getAccessModes())
                    .volumeMode(claim.getSpec().getVolumeMode())
                    .storageClassName(storageClass == null ? "" : storageClass)
                    .persistentVolumeReclaimPolicy("Delete")
                    .hostPath(
                        new V1HostPathVolumeSource().path("/var/lib/fake-provisioner/" + name))
                    .claimRef(
                        new V1ObjectReference()
                            .kind("PersistentVolumeClaim")
                            .apiVersion("v1")
                            .namespace(claim.getMetadata().getNamespace())
                            .name(claim.getMetadata().getName())
                            .uid(claim.getMetadata().getUid())));
    try {
      core.createPersistentVolume(volume).execute();
    } catch (ApiException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  private void delete(String name) throws ApiException {
    try {
      core.deletePersistentVolume(name).execute();
    } catch (ApiException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }
}

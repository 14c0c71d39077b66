package io.neo4jrestore.testenv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EphemeralVolumeSource;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimSpec;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimTemplate;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Scale;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeResourceRequirements;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Claims on this control plane behave as in a cluster: the real binder binds them to the volumes
 * {@link FakeProvisioner} makes, the real StatefulSet controller applies {@code
 * persistentVolumeClaimRetentionPolicy}, the real ephemeral-volume controller makes a pod's generic
 * ephemeral claim.
 */
@ExtendWith(ControlPlaneExtension.class)
class VolumeControllersIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void a_statefulset_with_when_scaled_delete_loses_its_claims_at_zero_and_gets_new_ones_back(
      ControlPlane cp) throws Exception {
    String ns = cp.createNamespace("whenscaled");
    CoreV1Api core = new CoreV1Api(cp.admin());
    statefulSet(cp, ns, "deleting", "Delete");
    statefulSet(cp, ns, "keeping", "Retain");
    String deleting0 = boundUid(core, ns, "data-deleting-0");
    String keeping0 = boundUid(core, ns, "data-keeping-0");

    scale(cp, ns, "deleting", 0);
    scale(cp, ns, "keeping", 0);
    Wait.until(
        "the StatefulSet controller to delete the claims of deleting",
        WAIT,
        () ->
            claim(core, ns, "data-deleting-0").isEmpty()
                && claim(core, ns, "data-deleting-1").isEmpty());
    Wait.until(
        "the pods of keeping to go",
        WAIT,
        () ->
            core.listNamespacedPod(ns).labelSelector("app=keeping").execute().getItems().isEmpty());
    assertEquals(keeping0, boundUid(core, ns, "data-keeping-0"), "Retain keeps the claim");

    scale(cp, ns, "deleting", 2);
    scale(cp, ns, "keeping", 2);
    String replaced = boundUid(core, ns, "data-deleting-0");
    assertNotEquals(deleting0, replaced, "scaling up again makes a new, empty claim");
    assertEquals(keeping0, boundUid(core, ns, "data-keeping-0"));
  }

  @Test
  void a_generic_ephemeral_volume_gets_a_bound_claim_of_its_size_and_class_owned_by_the_pod(
      ControlPlane cp) throws Exception {
    String ns = cp.createNamespace("ephemeral");
    CoreV1Api core = new CoreV1Api(cp.admin());
    V1Pod pod =
        core.createNamespacedPod(
                ns,
                new V1Pod()
                    .metadata(new V1ObjectMeta().name("scratchy"))
                    .spec(
                        new V1PodSpec()
                            .overhead(null) // the model's empty map would be sent: refused
                            .containers(List.of(new V1Container().name("main").image("busybox")))
                            .volumes(
                                List.of(
                                    new V1Volume()
                                        .name("scratch")
                                        .ephemeral(
                                            new V1EphemeralVolumeSource()
                                                .volumeClaimTemplate(
                                                    new V1PersistentVolumeClaimTemplate()
                                                        .spec(
                                                            claimSpec("3Gi")
                                                                .storageClassName("fast"))))))))
            .execute();
    String uid = boundUid(core, ns, "scratchy-scratch");
    V1PersistentVolumeClaim claim = claim(core, ns, "scratchy-scratch").orElseThrow();
    assertEquals("fast", claim.getSpec().getStorageClassName());
    assertEquals(
        Quantity.fromString("3Gi"), claim.getSpec().getResources().getRequests().get("storage"));
    assertEquals(
        pod.getMetadata().getUid(), claim.getMetadata().getOwnerReferences().get(0).getUid());
    assertEquals(uid, claim.getMetadata().getUid());
  }

  private static void statefulSet(ControlPlane cp, String ns, String name, String whenScaled)
      throws ApiException {
    Map<String, String> labels = Map.of("app", name);
    new AppsV1Api(cp.admin())
        .createNamespacedStatefulSet(
            ns,
            new V1StatefulSet()
                .metadata(new V1ObjectMeta().name(name))
                .spec(
                    new V1StatefulSetSpec()
                        .replicas(2)
                        .serviceName(name)
                        .selector(new V1LabelSelector().matchLabels(labels))
                        .persistentVolumeClaimRetentionPolicy(
                            new V1StatefulSetPersistentVolumeClaimRetentionPolicy()
                                .whenScaled(whenScaled)
                                .whenDeleted("Retain"))
                        .template(
                            new V1PodTemplateSpec()
                                .metadata(new V1ObjectMeta().labels(labels))
                                .spec(
                                    new V1PodSpec()
                                        .containers(
                                            List.of(
                                                new V1Container()
                                                    .name("neo4j")
                                                    .image("neo4j:enterprise")))))
                        .volumeClaimTemplates(
                            List.of(
                                new V1PersistentVolumeClaim()
                                    .metadata(new V1ObjectMeta().name("data"))
                                    .spec(claimSpec("1Gi"))))))
        .execute();
  }

  private static V1PersistentVolumeClaimSpec claimSpec(String size) {
    return new V1PersistentVolumeClaimSpec()
        .accessModes(List.of("ReadWriteOnce"))
        .resources(
            new V1VolumeResourceRequirements()
                .requests(Map.of("storage", Quantity.fromString(size))));
  }

  private static void scale(ControlPlane cp, String ns, String name, int replicas)
      throws ApiException {
    AppsV1Api apps = new AppsV1Api(cp.admin());
    PatchUtils.patch(
        V1Scale.class,
        () ->
            apps.patchNamespacedStatefulSetScale(
                    name, ns, new V1Patch("{\"spec\":{\"replicas\":" + replicas + "}}"))
                .buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        cp.admin());
    Wait.until(
        replicas + " ready replicas of " + name,
        WAIT,
        () -> {
          var s = apps.readNamespacedStatefulSet(name, ns).execute().getStatus();
          int ready = s == null || s.getReadyReplicas() == null ? 0 : s.getReadyReplicas();
          return ready == replicas;
        });
  }

  /** Waits until the claim is Bound and returns its UID. */
  private static String boundUid(CoreV1Api core, String ns, String name) {
    String[] uid = new String[1];
    Wait.until(
        "claim " + name + " Bound",
        WAIT,
        () -> {
          Optional<V1PersistentVolumeClaim> c = claim(core, ns, name);
          if (c.isEmpty()
              || c.get().getStatus() == null
              || !"Bound".equals(c.get().getStatus().getPhase())) {
            return false;
          }
          uid[0] = c.get().getMetadata().getUid();
          return true;
        });
    return uid[0];
  }

  private static Optional<V1PersistentVolumeClaim> claim(CoreV1Api core, String ns, String name)
      throws ApiException {
    try {
      return Optional.of(core.readNamespacedPersistentVolumeClaim(name, ns).execute());
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }
}

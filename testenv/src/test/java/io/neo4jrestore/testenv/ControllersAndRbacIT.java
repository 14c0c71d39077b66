package io.neo4jrestore.testenv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodFailurePolicy;
import io.kubernetes.client.openapi.models.V1PodFailurePolicyOnExitCodesRequirement;
import io.kubernetes.client.openapi.models.V1PodFailurePolicyRule;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1RoleRef;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import io.kubernetes.client.util.PatchUtils;
import io.neo4jrestore.api.RestoreApi;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RBAC with real ServiceAccount tokens, and the Job and StatefulSet controllers with the fake
 * kubelet.
 */
@ExtendWith(ControlPlaneExtension.class)
class ControllersAndRbacIT {

  @Test
  void a_service_account_token_can_do_what_its_role_grants_and_nothing_else(ControlPlane cp)
      throws ApiException {
    String ns = cp.createNamespace("rbac");
    CoreV1Api core = new CoreV1Api(cp.admin());
    RbacAuthorizationV1Api rbac = new RbacAuthorizationV1Api(cp.admin());
    core.createNamespacedServiceAccount(
            ns, new V1ServiceAccount().metadata(new V1ObjectMeta().name("reader")))
        .execute();
    rbac.createNamespacedRole(
            ns,
            new V1Role()
                .metadata(new V1ObjectMeta().name("restore-reader"))
                .rules(
                    List.of(
                        new V1PolicyRule()
                            .apiGroups(List.of(RestoreApi.GROUP))
                            .resources(List.of(RestoreApi.PLURAL))
                            .verbs(List.of("get", "list", "watch")))))
        .execute();
    rbac.createNamespacedRoleBinding(
            ns,
            new V1RoleBinding()
                .metadata(new V1ObjectMeta().name("restore-reader"))
                .roleRef(
                    new V1RoleRef()
                        .apiGroup("rbac.authorization.k8s.io")
                        .kind("Role")
                        .name("restore-reader"))
                .subjects(
                    List.of(
                        new RbacV1Subject().kind("ServiceAccount").name("reader").namespace(ns))))
        .execute();

    ApiClient asReader = ControlPlane.client(cp.kubeconfigForServiceAccount(ns, "reader"));
    CustomObjectsApi objects = new CustomObjectsApi(asReader);
    // RBAC caches settle quickly, but not instantly
    Wait.until(
        "the role to take effect",
        Duration.ofSeconds(30),
        () -> {
          objects
              .listNamespacedCustomObject(
                  RestoreApi.GROUP, RestoreApi.VERSION, ns, RestoreApi.PLURAL)
              .execute();
          return true;
        });
    assertForbidden(() -> new CoreV1Api(asReader).listNamespacedSecret(ns).execute());
    assertForbidden(
        () ->
            objects
                .listNamespacedCustomObject(
                    RestoreApi.GROUP, RestoreApi.VERSION, "default", RestoreApi.PLURAL)
                .execute());
    assertForbidden(
        () ->
            objects
                .createNamespacedCustomObject(
                    RestoreApi.GROUP,
                    RestoreApi.VERSION,
                    ns,
                    RestoreApi.PLURAL,
                    Map.of(
                        "apiVersion",
                        RestoreApi.API_VERSION,
                        "kind",
                        RestoreApi.KIND,
                        "metadata",
                        Map.of("name", "x")))
                .execute());
  }

  @Test
  void a_user_certificate_without_bindings_is_forbidden(ControlPlane cp) {
    ApiClient nobody = ControlPlane.client(cp.kubeconfigForUser("nobody", "developers"));
    assertForbidden(() -> new CoreV1Api(nobody).listNamespace().execute());
  }

  @Test
  void a_statefulset_scaled_to_zero_loses_its_pods(ControlPlane cp) throws ApiException {
    String ns = cp.createNamespace("sts");
    AppsV1Api apps = new AppsV1Api(cp.admin());
    CoreV1Api core = new CoreV1Api(cp.admin());
    Map<String, String> labels = Map.of("app", "db");
    apps.createNamespacedStatefulSet(
            ns,
            new V1StatefulSet()
                .metadata(new V1ObjectMeta().name("db"))
                .spec(
                    new V1StatefulSetSpec()
                        .replicas(2)
                        .serviceName("db")
                        .selector(new V1LabelSelector().matchLabels(labels))
                        .template(
                            new V1PodTemplateSpec()
                                .metadata(new V1ObjectMeta().labels(labels))
                                .spec(
                                    new V1PodSpec()
                                        .containers(
                                            List.of(
                                                new V1Container()
                                                    .name("neo4j")
                                                    .image("neo4j:5.26.0-enterprise")))))))
        .execute();
    Wait.until(
        "2 ready replicas",
        Duration.ofSeconds(60),
        () -> {
          var s = apps.readNamespacedStatefulSet("db", ns).execute().getStatus();
          return s != null && s.getReadyReplicas() != null && s.getReadyReplicas() == 2;
        });
    assertEquals(2, core.listNamespacedPod(ns).execute().getItems().size());
    PatchUtils.patch(
        io.kubernetes.client.openapi.models.V1Scale.class,
        () ->
            apps.patchNamespacedStatefulSetScale(
                    "db", ns, new V1Patch("{\"spec\":{\"replicas\":0}}"))
                .buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        cp.admin());
    Wait.until(
        "the pods to go",
        Duration.ofSeconds(60),
        () -> core.listNamespacedPod(ns).execute().getItems().isEmpty());
  }

  @Test
  void a_job_whose_pod_succeeds_becomes_complete_and_one_that_fails_becomes_failed(
      ControlPlane cp, FakeKubelet kubelet) throws ApiException {
    String ns = cp.createNamespace("jobs");
    BatchV1Api batch = new BatchV1Api(cp.admin());
    batch.createNamespacedJob(ns, job("ok")).execute();
    batch.createNamespacedJob(ns, job("bad")).execute();
    kubelet.finishJob(ns, "ok", 0);
    kubelet.finishJob(ns, "bad", 3);
    Wait.until(
        "Job ok Complete",
        Duration.ofSeconds(60),
        () -> hasCondition(batch.readNamespacedJob("ok", ns).execute(), "Complete"));
    Wait.until(
        "Job bad Failed",
        Duration.ofSeconds(60),
        () -> hasCondition(batch.readNamespacedJob("bad", ns).execute(), "Failed"));
    // exit code 3 matched the podFailurePolicy: no retry
    V1Job bad = batch.readNamespacedJob("bad", ns).execute();
    assertTrue(
        bad.getStatus().getConditions().stream()
            .anyMatch(
                c -> "Failed".equals(c.getType()) && "PodFailurePolicy".equals(c.getReason())),
        bad.getStatus().toString());
  }

  private static V1Job job(String name) {
    return new V1Job()
        .metadata(new V1ObjectMeta().name(name))
        .spec(
            new V1JobSpec()
                .backoffLimit(3)
                .podFailurePolicy(
                    new V1PodFailurePolicy()
                        .rules(
                            List.of(
                                new V1PodFailurePolicyRule()
                                    .action("FailJob")
                                    .onExitCodes(
                                        new V1PodFailurePolicyOnExitCodesRequirement()
                                            .operator("In")
                                            .values(List.of(3))))))
                .template(
                    new V1PodTemplateSpec()
                        .spec(
                            new V1PodSpec()
                                .restartPolicy("Never")
                                .containers(
                                    List.of(new V1Container().name("main").image("busybox"))))));
  }

  private static boolean hasCondition(V1Job job, String type) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private interface Call {
    void run() throws ApiException;
  }

  private static void assertForbidden(Call call) {
    ApiException e = assertThrows(ApiException.class, call::run);
    assertEquals(403, e.getCode(), e.getResponseBody());
  }
}

package io.neo4jrestore.runner.it;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimSpec;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import io.kubernetes.client.openapi.models.V1VolumeResourceRequirements;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.testenv.Wait;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Creates the objects the Neo4j operator would have made for a target, as the tests need them. */
public final class TargetFixtures {
  private final ApiClient admin;
  private final RawApi raw;

  public TargetFixtures(ApiClient admin) {
    this.admin = admin;
    this.raw = new RawApi(admin);
  }

  public void standalone(String ns, String name, String tag) throws ApiException {
    standalone(ns, name, tag, "ReadWriteOnce");
  }

  /** A standalone whose data volume has {@code accessMode}. */
  public void standalone(String ns, String name, String tag, String accessMode)
      throws ApiException {
    resource(
        ns,
        RestoreApi.STANDALONE_PLURAL,
        RestoreApi.STANDALONE_KIND,
        name,
        Map.of(
            "image", Map.of("repo", "neo4j", "tag", tag),
            "auth", Map.of("adminSecret", "neo4j-admin-secret")));
    adminSecret(ns);
    statefulSet(ns, name, 1, Map.of("app", name), "neo4j-data", null, accessMode);
  }

  public void cluster(String ns, String name, String tag, int servers) throws ApiException {
    cluster(ns, name, tag, servers, null);
  }

  /**
   * A cluster whose StatefulSet has {@code persistentVolumeClaimRetentionPolicy.whenScaled} (null:
   * none, Kubernetes retains), as the Neo4j operator's newer lineage sets {@code Delete}.
   */
  void cluster(String ns, String name, String tag, int servers, String whenScaled)
      throws ApiException {
    resource(
        ns,
        RestoreApi.CLUSTER_PLURAL,
        RestoreApi.CLUSTER_KIND,
        name,
        Map.of(
            "image", Map.of("repo", "neo4j", "tag", tag, "pullSecrets", List.of("regcred")),
            "topology", Map.of("servers", servers)));
    adminSecret(ns);
    statefulSet(
        ns,
        name + "-server",
        servers,
        Map.of("app.kubernetes.io/instance", name, "app.kubernetes.io/component", "database"),
        "data",
        whenScaled,
        "ReadWriteOnce");
  }

  /**
   * A v1alpha1 Neo4jBackup as the operator's users write it: a target and a storage (the test CRD
   * cites the shape).
   */
  public void backup(String ns, String name, Map<String, Object> storage) throws ApiException {
    resource(
        ns,
        RestoreApi.BACKUP_PLURAL,
        RestoreApi.BACKUP_KIND,
        name,
        Map.of("target", Map.of("kind", "Cluster", "name", "prod"), "storage", storage));
  }

  public void secret(String ns, String name, Map<String, String> data) throws ApiException {
    Map<String, byte[]> bytes = new java.util.HashMap<>();
    data.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
    new CoreV1Api(admin)
        .createNamespacedSecret(
            ns, new V1Secret().metadata(new V1ObjectMeta().name(name)).data(bytes))
        .execute();
  }

  /** A ServiceAccount with {@code annotations} (e.g. a workload identity). */
  public void serviceAccount(String ns, String name, Map<String, String> annotations)
      throws ApiException {
    new CoreV1Api(admin)
        .createNamespacedServiceAccount(
            ns,
            new io.kubernetes.client.openapi.models.V1ServiceAccount()
                .metadata(new V1ObjectMeta().name(name).annotations(annotations)))
        .execute();
  }

  public void pvc(String ns, String name) throws ApiException {
    new CoreV1Api(admin)
        .createNamespacedPersistentVolumeClaim(
            ns,
            new V1PersistentVolumeClaim()
                .metadata(new V1ObjectMeta().name(name))
                .spec(
                    new V1PersistentVolumeClaimSpec()
                        .accessModes(List.of("ReadWriteOnce"))
                        .resources(
                            new V1VolumeResourceRequirements()
                                .requests(Map.of("storage", Quantity.fromString("1Gi"))))))
        .execute();
  }

  /** The runner's ServiceAccount, Role and RoleBinding from {@code crds/runner-rbac.yaml}. */
  public void runnerRbac(String ns) throws Exception {
    String yaml =
        java.nio.file.Files.readString(
            io.neo4jrestore.testenv.ControlPlaneExtension.repoRoot()
                .resolve("crds/runner-rbac.yaml"));
    try (var parser = new com.fasterxml.jackson.dataformat.yaml.YAMLFactory().createParser(yaml)) {
      for (com.fasterxml.jackson.databind.JsonNode m :
          ApiMapper.yaml()
              .readValues(parser, com.fasterxml.jackson.databind.JsonNode.class)
              .readAll()) {
        com.fasterxml.jackson.databind.node.ObjectNode copy =
            (com.fasterxml.jackson.databind.node.ObjectNode) m.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get("metadata"))
            .put("namespace", ns);
        String kind = copy.path("kind").asText();
        if ("RoleBinding".equals(kind)) {
          ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get("subjects").get(0))
              .put("namespace", ns);
        }
        String path =
            switch (kind) {
              case "ServiceAccount" -> "/api/v1/namespaces/" + ns + "/serviceaccounts";
              case "Role" -> "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/roles";
              case "RoleBinding" ->
                  "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/rolebindings";
              default -> throw new IllegalArgumentException("unexpected manifest " + kind);
            };
        raw.post(path, copy, Map.of());
      }
    }
  }

  public void restore(String ns, String yaml) throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> body = ApiMapper.yaml().readValue(yaml, Map.class);
    raw.post(
        "/apis/" + RestoreApi.API_VERSION + "/namespaces/" + ns + "/" + RestoreApi.PLURAL,
        body,
        Map.of());
  }

  /**
   * An offline restore of the existing database {@code orders} into the cluster {@code prod}, from
   * a file in S3, replacing it ({@code force}).
   */
  void offlineRestore(String ns, String name) throws Exception {
    offlineRestore(ns, name, "");
  }

  /** The same, with one Cypher statement before and one after (every step of the runner runs). */
  void offlineRestoreWithHooks(String ns, String name) throws Exception {
    offlineRestore(
        ns,
        name,
        """
          options:
            preRestore: {cypherStatements: ["CALL db.checkpoint()"]}
            postRestore: {cypherStatements: ["CALL db.awaitIndexes(300)"]}
        """);
  }

  private void offlineRestore(String ns, String name, String more) throws Exception {
    restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: %s}
        spec:
          targetCluster: prod
          databaseName: orders
          source: {type: s3, storage: {type: s3, bucket: b}, backupPath: /orders.backup}
          force: true
          stopCluster: true
        %s"""
            .formatted(name, more));
  }

  /**
   * A Job {@code name} as the Neo4j operator's own restore controller makes it (its label, not this
   * product's): the runner refuses the restore it belongs to ({@code ClaimedByOperator}).
   */
  void operatorRestoreJob(String ns, String name) throws ApiException {
    raw.post(
        "/apis/batch/v1/namespaces/" + ns + "/jobs",
        Map.of(
            "apiVersion",
            "batch/v1",
            "kind",
            "Job",
            "metadata",
            Map.of(
                "name", name, "labels", Map.of("app.kubernetes.io/managed-by", "neo4j-operator")),
            "spec",
            Map.of(
                "template",
                Map.of(
                    "spec",
                    Map.of(
                        "restartPolicy",
                        "Never",
                        "containers",
                        List.of(Map.of("name", "restore", "image", "neo4j:5.26")))))),
        Map.of());
  }

  /** The restore as the API server has it now. */
  public io.neo4jrestore.api.model.Neo4jRestore read(String ns, String name) throws Exception {
    return ApiMapper.json()
        .treeToValue(
            raw.get(RestoreApi.path(ns, name)), io.neo4jrestore.api.model.Neo4jRestore.class);
  }

  /** Edits the restore's spec as a user would: a merge patch, so a new generation. */
  void editSpec(String ns, String name, Map<String, Object> patch) throws Exception {
    raw.mergePatch(RestoreApi.path(ns, name), Map.of("spec", patch));
  }

  /** The annotations of the cluster target {@code name}. */
  Map<String, String> clusterAnnotations(String ns, String name) throws Exception {
    var node =
        raw.get(
            "/apis/"
                + RestoreApi.API_VERSION
                + "/namespaces/"
                + ns
                + "/"
                + RestoreApi.CLUSTER_PLURAL
                + "/"
                + name);
    @SuppressWarnings("unchecked")
    Map<String, String> a =
        ApiMapper.json().convertValue(node.at("/metadata/annotations"), Map.class);
    return a == null ? Map.of() : a;
  }

  /** The message of the first event about {@code object} with {@code reason}. */
  String eventMessage(String ns, String object, String reason) throws ApiException {
    return new CoreV1Api(admin)
            .listNamespacedEvent(ns)
            .fieldSelector("involvedObject.name=" + object + ",reason=" + reason)
            .execute()
            .getItems()
            .stream()
            .map(e -> e.getMessage())
            .findFirst()
            .orElse("no " + reason + " event");
  }

  /** The holder of the cluster target's Lease; empty when released. */
  String clusterLeaseHolder(String ns, String cluster) throws Exception {
    return raw.get(
            "/apis/coordination.k8s.io/v1/namespaces/"
                + ns
                + "/leases/"
                + io.neo4jrestore.api.ResourceNames.targetLease(RestoreApi.CLUSTER_KIND, cluster))
        .at("/spec/holderIdentity")
        .asText("");
  }

  private void adminSecret(String ns) throws ApiException {
    try {
      secret(ns, "neo4j-admin-secret", Map.of("NEO4J_AUTH", "neo4j/not-a-real-password"));
    } catch (ApiException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  private void resource(
      String ns, String plural, String kind, String name, Map<String, Object> spec)
      throws ApiException {
    raw.post(
        "/apis/" + RestoreApi.API_VERSION + "/namespaces/" + ns + "/" + plural,
        Map.of(
            "apiVersion",
            RestoreApi.API_VERSION,
            "kind",
            kind,
            "metadata",
            Map.of("name", name),
            "spec",
            spec),
        Map.of());
  }

  /** The UIDs of the claims {@code <template>-<statefulSet>-<i>}, once every one is Bound. */
  Map<String, String> boundClaims(String ns, String template, String statefulSet, int replicas) {
    Map<String, String> uids = new java.util.LinkedHashMap<>();
    Wait.until(
        replicas + " Bound claims of " + statefulSet,
        Duration.ofSeconds(90),
        () -> {
          uids.clear();
          for (int i = 0; i < replicas; i++) {
            String claim = template + "-" + statefulSet + "-" + i;
            V1PersistentVolumeClaim c =
                new CoreV1Api(admin).readNamespacedPersistentVolumeClaim(claim, ns).execute();
            if (c.getStatus() == null
                || !"Bound".equals(c.getStatus().getPhase())
                || c.getMetadata().getDeletionTimestamp() != null) {
              return false;
            }
            uids.put(claim, c.getMetadata().getUid());
          }
          return true;
        });
    return uids;
  }

  /**
   * A StatefulSet like the operator's: its pods mount the claim template {@code dataClaim} at
   * /data; the server container has the operator's default resources (requests 500m CPU and 1Gi,
   * limits 1 CPU and 2Gi); its claims are Bound before this returns.
   */
  private void statefulSet(
      String ns,
      String name,
      int replicas,
      Map<String, String> labels,
      String dataClaim,
      String whenScaled,
      String accessMode)
      throws ApiException {
    AppsV1Api apps = new AppsV1Api(admin);
    apps.createNamespacedStatefulSet(
            ns, operatorStatefulSet(name, replicas, labels, dataClaim, whenScaled, accessMode))
        .execute();
    Wait.until(
        replicas + " ready replicas of " + name,
        Duration.ofSeconds(90),
        () -> {
          var s = apps.readNamespacedStatefulSet(name, ns).execute().getStatus();
          return s != null && s.getReadyReplicas() != null && s.getReadyReplicas() == replicas;
        });
    boundClaims(ns, dataClaim, name, replicas);
  }

  /**
   * The StatefulSet the Neo4j operator makes (without namespace): its pods mount the claim template
   * {@code dataClaim} at /data; the server container has the operator's default resources.
   */
  public static V1StatefulSet operatorStatefulSet(
      String name,
      int replicas,
      Map<String, String> labels,
      String dataClaim,
      String whenScaled,
      String accessMode) {
    return new V1StatefulSet()
        .metadata(new V1ObjectMeta().name(name))
        .spec(
            new V1StatefulSetSpec()
                .replicas(replicas)
                .serviceName(name)
                .selector(new V1LabelSelector().matchLabels(labels))
                .persistentVolumeClaimRetentionPolicy(
                    whenScaled == null
                        ? null
                        : new io.kubernetes.client.openapi.models
                                .V1StatefulSetPersistentVolumeClaimRetentionPolicy()
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
                                            .image("neo4j:enterprise")
                                            .resources(
                                                new io.kubernetes.client.openapi.models
                                                        .V1ResourceRequirements()
                                                    .requests(
                                                        Map.of(
                                                            "cpu",
                                                            Quantity.fromString("500m"),
                                                            "memory",
                                                            Quantity.fromString("1Gi")))
                                                    .limits(
                                                        Map.of(
                                                            "cpu",
                                                            Quantity.fromString("1"),
                                                            "memory",
                                                            Quantity.fromString("2Gi"))))
                                            .volumeMounts(
                                                List.of(
                                                    new io.kubernetes.client.openapi.models
                                                            .V1VolumeMount()
                                                        .name(dataClaim)
                                                        .mountPath("/data")))))))
                .volumeClaimTemplates(
                    List.of(
                        new V1PersistentVolumeClaim()
                            .metadata(new V1ObjectMeta().name(dataClaim))
                            .spec(
                                new V1PersistentVolumeClaimSpec()
                                    .accessModes(List.of(accessMode))
                                    .resources(
                                        new V1VolumeResourceRequirements()
                                            .requests(
                                                Map.of("storage", Quantity.fromString("1Gi"))))))));
  }
}

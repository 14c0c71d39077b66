package io.neo4jrestore.runner.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimSpec;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.openapi.models.V1VolumeResourceRequirements;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.target.TargetWorkload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The objects the Neo4j operator would have made for a target, put into an in-memory world (the
 * in-memory counterpart of the ITs' {@code TargetFixtures}): the custom resource, its StatefulSet
 * with a data claim template and the server container, the admin Secret; and Neo4jRestores.
 */
public final class WorldFixtures {
  public static final String ADMIN_SECRET = "neo4j-admin-secret";

  private final InMemoryWorld world;

  public WorldFixtures(InMemoryWorld world) {
    this.world = servingCrds(world);
  }

  /** The world serving the restore's and the operator's custom resources at v1alpha1. */
  public static InMemoryWorld servingCrds(InMemoryWorld world) {
    for (String plural :
        List.of(
            RestoreApi.PLURAL,
            RestoreApi.CLUSTER_PLURAL,
            RestoreApi.STANDALONE_PLURAL,
            RestoreApi.BACKUP_PLURAL)) {
      world.serve(RestoreApi.GROUP, RestoreApi.VERSION, plural);
    }
    return world;
  }

  /**
   * A Neo4jEnterpriseCluster of {@code servers} with StatefulSet {@code <name>-server} (claim
   * template {@code data}; {@code whenScaled} null: Kubernetes retains the claims).
   */
  public WorldFixtures cluster(String ns, String name, String tag, int servers, String whenScaled) {
    ObjectNode spec = ApiMapper.json().createObjectNode();
    spec.putObject("image").put("repo", "neo4j").put("tag", tag);
    spec.putObject("topology").put("servers", servers);
    resource(ns, RestoreApi.CLUSTER_PLURAL, RestoreApi.CLUSTER_KIND, name, spec);
    adminSecret(ns);
    world.put(
        statefulSet(
            ns,
            name + "-server",
            servers,
            Map.of("app.kubernetes.io/instance", name, "app.kubernetes.io/component", "database"),
            whenScaled));
    return this;
  }

  /** A Neo4jEnterpriseStandalone with StatefulSet {@code <name>} of one server. */
  public WorldFixtures standalone(String ns, String name, String tag) {
    ObjectNode spec = ApiMapper.json().createObjectNode();
    spec.putObject("image").put("repo", "neo4j").put("tag", tag);
    spec.putObject("auth").put("adminSecret", ADMIN_SECRET);
    resource(ns, RestoreApi.STANDALONE_PLURAL, RestoreApi.STANDALONE_KIND, name, spec);
    adminSecret(ns);
    world.put(statefulSet(ns, name, 1, Map.of("app", name), null));
    return this;
  }

  /** A Neo4jRestore from its YAML (the namespace is set here); as stored. */
  public Neo4jRestore restore(String ns, String yaml) {
    try {
      ObjectNode r = (ObjectNode) ApiMapper.yaml().readTree(yaml);
      ((ObjectNode) r.get("metadata")).put("namespace", ns);
      String name = r.at("/metadata/name").asText();
      world.put(RestoreApi.path(ns, name), r);
      return world.restore(ns, name);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * An offline restore of the existing database {@code orders} into the cluster {@code target},
   * from a file in S3, replacing it ({@code force}), as the ITs' representative one.
   */
  public Neo4jRestore offlineRestore(String ns, String name, String target) {
    return restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: %s}
        spec:
          targetCluster: %s
          databaseName: orders
          source: {type: s3, storage: {type: s3, bucket: b}, backupPath: /orders.backup}
          force: true
          stopCluster: true
        """
            .formatted(name, target));
  }

  private void resource(String ns, String plural, String kind, String name, JsonNode spec) {
    ObjectNode r = ApiMapper.json().createObjectNode();
    r.put("apiVersion", RestoreApi.API_VERSION).put("kind", kind);
    r.putObject("metadata").put("name", name).put("namespace", ns);
    r.set("spec", spec);
    world.put(
        "/apis/" + RestoreApi.API_VERSION + "/namespaces/" + ns + "/" + plural + "/" + name, r);
  }

  private void adminSecret(String ns) {
    world.put(
        new V1Secret()
            .apiVersion("v1")
            .kind("Secret")
            .metadata(new V1ObjectMeta().name(ADMIN_SECRET).namespace(ns))
            .data(
                Map.of(
                    "NEO4J_AUTH", "neo4j/not-a-real-password".getBytes(StandardCharsets.UTF_8))));
  }

  /** Like the operator's: the server container mounts the claim template {@code data} at /data. */
  private static V1StatefulSet statefulSet(
      String ns, String name, int replicas, Map<String, String> labels, String whenScaled) {
    return new V1StatefulSet()
        .apiVersion("apps/v1")
        .kind("StatefulSet")
        .metadata(new V1ObjectMeta().name(name).namespace(ns))
        .spec(
            new V1StatefulSetSpec()
                .replicas(replicas)
                .serviceName(name)
                .selector(new V1LabelSelector().matchLabels(labels))
                .persistentVolumeClaimRetentionPolicy(
                    whenScaled == null
                        ? null
                        : new V1StatefulSetPersistentVolumeClaimRetentionPolicy()
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
                                            .name(TargetWorkload.SERVER_CONTAINER)
                                            .image("neo4j:enterprise")
                                            .resources(
                                                new V1ResourceRequirements()
                                                    .requests(
                                                        Map.of(
                                                            "cpu", Quantity.fromString("500m"),
                                                            "memory", Quantity.fromString("1Gi")))
                                                    .limits(
                                                        Map.of(
                                                            "cpu", Quantity.fromString("1"),
                                                            "memory", Quantity.fromString("2Gi"))))
                                            .volumeMounts(
                                                List.of(
                                                    new V1VolumeMount()
                                                        .name("data")
                                                        .mountPath("/data")))))))
                .volumeClaimTemplates(
                    List.of(
                        new V1PersistentVolumeClaim()
                            .metadata(new V1ObjectMeta().name("data"))
                            .spec(
                                new V1PersistentVolumeClaimSpec()
                                    .accessModes(List.of("ReadWriteOnce"))
                                    .resources(
                                        new V1VolumeResourceRequirements()
                                            .requests(
                                                Map.of("storage", Quantity.fromString("1Gi"))))))));
  }
}

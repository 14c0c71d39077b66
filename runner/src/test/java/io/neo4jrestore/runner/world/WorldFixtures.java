package io.neo4jrestore.runner.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.it.TargetFixtures;
import io.neo4jrestore.runner.neo4j.Neo4jCredentials;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The objects the Neo4j operator would have made for a target, put into an in-memory world (the
 * in-memory counterpart of the ITs' {@code TargetFixtures}): the custom resource, its StatefulSet
 * with a data claim template and the server container, the admin Secret; and Neo4jRestores. As the
 * operator writes them (docs/compat.md §3, source B {@code internal/resources/cluster.go}): the
 * Secret has the keys {@code username} and {@code password}, and the server container reads them as
 * {@code DB_USERNAME} and {@code DB_PASSWORD}, beside {@code NEO4J_ACCEPT_LICENSE_AGREEMENT}.
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
    adminSecret(
        ns,
        Map.of(
            Neo4jCredentials.USERNAME, "neo4j", Neo4jCredentials.PASSWORD, "not-a-real-password"));
  }

  /** Replaces the admin Secret of the targets in {@code ns} by one of these keys and values. */
  public WorldFixtures adminSecret(String ns, Map<String, String> data) {
    Map<String, byte[]> bytes = new java.util.TreeMap<>();
    data.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
    world.put(
        new V1Secret()
            .apiVersion("v1")
            .kind("Secret")
            .metadata(new V1ObjectMeta().name(ADMIN_SECRET).namespace(ns))
            .data(bytes));
    return this;
  }

  /** The operator's StatefulSet (the ITs' fixture), in {@code ns}. */
  private static V1StatefulSet statefulSet(
      String ns, String name, int replicas, Map<String, String> labels, String whenScaled) {
    V1StatefulSet sts =
        TargetFixtures.operatorStatefulSet(
            name, replicas, labels, "data", whenScaled, "ReadWriteOnce");
    sts.getMetadata().namespace(ns);
    V1Container server = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    server.env(
        List.of(
            new V1EnvVar().name("NEO4J_ACCEPT_LICENSE_AGREEMENT").value("yes"),
            secretVar("DB_USERNAME", Neo4jCredentials.USERNAME),
            secretVar("DB_PASSWORD", Neo4jCredentials.PASSWORD)));
    return sts.apiVersion("apps/v1").kind("StatefulSet");
  }

  private static V1EnvVar secretVar(String name, String key) {
    return new V1EnvVar()
        .name(name)
        .valueFrom(
            new V1EnvVarSource()
                .secretKeyRef(new V1SecretKeySelector().name(ADMIN_SECRET).key(key)));
  }
}

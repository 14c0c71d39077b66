package io.neo4jrestore.runner.target;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.kube.ClusterOps;
import io.neo4jrestore.runner.neo4j.Neo4jVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds {@code targetCluster} as a {@code Neo4jEnterpriseCluster} or {@code
 * Neo4jEnterpriseStandalone} in the restore's namespace and reads what a restore needs from it.
 * Refuses, before anything changes, a missing or ambiguous target and an unsupported version.
 */
public final class TargetResolver {
  static final String DEFAULT_ADMIN_SECRET = "neo4j-admin-secret";

  private final ClusterOps cluster;

  public TargetResolver(ClusterOps cluster) {
    this.cluster = cluster;
  }

  public Target resolve(String namespace, String name) throws ApiException {
    Optional<Found> cluster = find(TargetKind.CLUSTER, namespace, name);
    Optional<Found> standalone = find(TargetKind.STANDALONE, namespace, name);
    if (cluster.isPresent() && standalone.isPresent()) {
      throw new RestoreFailure(
          Reasons.TARGET_AMBIGUOUS,
          "both a Neo4jEnterpriseCluster and a Neo4jEnterpriseStandalone named "
              + name
              + " exist in namespace "
              + namespace
              + "; rename one of them, then create the restore again");
    }
    if (cluster.isEmpty() && standalone.isEmpty()) {
      refuseRewrite(namespace, name);
    }
    Found found =
        cluster
            .or(() -> standalone)
            .orElseThrow(
                () ->
                    new RestoreFailure(
                        Reasons.TARGET_NOT_FOUND,
                        "no Neo4jEnterpriseCluster or Neo4jEnterpriseStandalone named "
                            + name
                            + " in namespace "
                            + namespace
                            + "; check spec.targetCluster (kubectl -n "
                            + namespace
                            + " get neo4jenterpriseclusters,neo4jenterprisestandalones)"));
    return fromResource(found.kind, found.apiVersion, namespace, name, found.resource);
  }

  /**
   * The operator rewrite (kind {@code Neo4j} in group {@code neo4j.com}) has none of the objects
   * this runner restores into; a target of it is refused as such rather than as "not found".
   */
  private void refuseRewrite(String namespace, String name) throws ApiException {
    if (cluster.servedVersion(Lineage.REWRITE_GROUP, Lineage.REWRITE_PLURAL).isPresent()) {
      throw new RestoreFailure(
          Reasons.UNSUPPORTED_OPERATOR,
          "no Neo4jEnterpriseCluster or Neo4jEnterpriseStandalone named "
              + name
              + " in namespace "
              + namespace
              + ", and the API server serves "
              + Lineage.REWRITE_PLURAL
              + "."
              + Lineage.REWRITE_GROUP
              + " (kind Neo4j): that operator line is not supported by this runner"
              + " (docs/compat.md); nothing was changed");
    }
  }

  /** Pure: the target described by an operator resource. */
  static Target fromResource(
      TargetKind kind, String apiVersion, String namespace, String name, JsonNode resource) {
    Lineage.of(apiVersion, kind.kind() + " " + namespace + "/" + name);
    JsonNode spec = resource.path("spec");
    String repo = spec.at("/image/repo").asText("");
    String tag = spec.at("/image/tag").asText("");
    String where = kind.kind() + " " + namespace + "/" + name;
    if (repo.isEmpty() || tag.isEmpty()) {
      throw new RestoreFailure(
          Reasons.UNSUPPORTED_VERSION,
          where
              + " has no spec.image.repo and spec.image.tag; the restore Job must run the target's own image");
    }
    Neo4jVersion version;
    try {
      version = Neo4jVersion.parseTag(tag);
    } catch (IllegalArgumentException e) {
      throw new RestoreFailure(Reasons.UNSUPPORTED_VERSION, where + ": " + e.getMessage());
    }
    if (!version.isSupported()) {
      throw new RestoreFailure(
          Reasons.UNSUPPORTED_VERSION,
          where
              + " runs Neo4j "
              + version
              + "; restores need 5.26.0 or newer (or 2025.01.0 or newer): upgrade the target first");
    }
    int servers = kind == TargetKind.CLUSTER ? spec.at("/topology/servers").asInt(0) : 1;
    if (servers < 1) {
      throw new RestoreFailure(
          Reasons.TARGET_NOT_FOUND, where + " has no spec.topology.servers; cannot tell its size");
    }
    List<String> pullSecrets = new ArrayList<>();
    for (JsonNode s : spec.at("/image/pullSecrets")) {
      pullSecrets.add(s.isTextual() ? s.asText() : s.path("name").asText());
    }
    String adminSecret = spec.at("/auth/adminSecret").asText(DEFAULT_ADMIN_SECRET);
    boolean tls = "cert-manager".equals(spec.at("/tls/mode").asText(""));
    String caSecret = spec.at("/tls/trustedCASecret").asText(name + "-tls-secret");
    return new Target(
        kind,
        namespace,
        name,
        apiVersion,
        servers,
        repo + ":" + tag,
        spec.at("/image/pullPolicy").asText(null),
        List.copyOf(pullSecrets),
        version,
        adminSecret,
        tls,
        tls ? caSecret : null);
  }

  private record Found(TargetKind kind, String apiVersion, JsonNode resource) {}

  private Optional<Found> find(TargetKind kind, String namespace, String name) throws ApiException {
    Optional<String> version = cluster.servedVersion(RestoreApi.GROUP, kind.plural());
    if (version.isEmpty()) {
      return Optional.empty();
    }
    String apiVersion = RestoreApi.GROUP + "/" + version.get();
    return cluster
        .object(
            "/apis/" + apiVersion + "/namespaces/" + namespace + "/" + kind.plural() + "/" + name)
        .map(resource -> new Found(kind, apiVersion, resource));
  }
}

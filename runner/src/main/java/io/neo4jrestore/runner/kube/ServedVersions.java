package io.neo4jrestore.runner.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import java.util.Optional;

/**
 * Which version of an API group serves a resource: the Neo4j operator served {@code v1alpha1} and
 * newer operators serve only {@code v1beta1}, so target resources are read at whatever version the
 * API server prefers that has them.
 */
public final class ServedVersions {
  /** Discovery documents by client: they do not change while a runner works. */
  private static final java.util.Map<RawApi, java.util.Map<String, JsonNode>> CACHE =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  private ServedVersions() {}

  /**
   * Aggregated discovery (Kubernetes 1.30+, beta since 1.26): every group's versions, in order of
   * preference, with their resources, in one answer; plain JSON from servers without it.
   */
  static final String AGGREGATED =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
          + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
          + "application/json";

  /** A discovery document, read once per client. */
  private static JsonNode discovery(RawApi raw, String path, String accept) throws ApiException {
    java.util.Map<String, JsonNode> docs =
        CACHE.computeIfAbsent(raw, r -> new java.util.concurrent.ConcurrentHashMap<>());
    JsonNode doc = docs.get(path);
    if (doc == null) {
      doc = raw.get(path, accept);
      docs.put(path, doc);
    }
    return doc;
  }

  private static JsonNode discovery(RawApi raw, String path) throws ApiException {
    return discovery(raw, path, RawApi.JSON);
  }

  /**
   * The version the API server prefers among those of {@code group} that serve {@code plural}: from
   * aggregated discovery (one request for every group, once per client), else from the group's and
   * its versions' documents.
   */
  public static Optional<String> versionServing(RawApi raw, String group, String plural)
      throws ApiException {
    JsonNode all = discovery(raw, "/apis", AGGREGATED);
    if ("APIGroupDiscoveryList".equals(all.path("kind").asText())) {
      for (JsonNode g : all.path("items")) {
        if (!group.equals(g.at("/metadata/name").asText())) {
          continue;
        }
        for (JsonNode v : g.path("versions")) {
          for (JsonNode r : v.path("resources")) {
            if (plural.equals(r.path("resource").asText())) {
              return Optional.of(v.path("version").asText());
            }
          }
        }
      }
      return Optional.empty();
    }
    return fromGroupDocuments(raw, group, plural);
  }

  private static Optional<String> fromGroupDocuments(RawApi raw, String group, String plural)
      throws ApiException {
    JsonNode groupDoc;
    try {
      groupDoc = discovery(raw, "/apis/" + group);
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
    String preferred = groupDoc.at("/preferredVersion/version").asText(null);
    if (preferred != null && serves(raw, group, preferred, plural)) {
      return Optional.of(preferred);
    }
    for (JsonNode v : groupDoc.path("versions")) {
      String version = v.path("version").asText();
      if (serves(raw, group, version, plural)) {
        return Optional.of(version);
      }
    }
    return Optional.empty();
  }

  private static boolean serves(RawApi raw, String group, String version, String plural)
      throws ApiException {
    for (JsonNode r : discovery(raw, "/apis/" + group + "/" + version).path("resources")) {
      if (plural.equals(r.path("name").asText())) {
        return true;
      }
    }
    return false;
  }
}

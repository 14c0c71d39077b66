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

  /** A discovery document, read once per client. */
  private static JsonNode discovery(RawApi raw, String path) throws ApiException {
    java.util.Map<String, JsonNode> docs =
        CACHE.computeIfAbsent(raw, r -> new java.util.concurrent.ConcurrentHashMap<>());
    JsonNode doc = docs.get(path);
    if (doc == null) {
      doc = raw.get(path);
      docs.put(path, doc);
    }
    return doc;
  }

  public static Optional<String> versionServing(RawApi raw, String group, String plural)
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

package io.neo4jrestore.runner.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.kube.KubeRest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link Watched} reads: an object by path, a collection (a list with selectors), and a watch
 * of it. {@link RawApi} is the API server; an in-memory world may refuse {@link #watch} with 405,
 * and the watches then read every poll interval.
 */
public interface ObjectSource {
  /** The object at {@code path}, or empty when it does not exist. */
  Optional<JsonNode> find(String path) throws ApiException;

  /** A list of {@code collection} with {@code query} (fieldSelector, labelSelector). */
  JsonNode list(String collection, Map<String, String> query) throws ApiException;

  /** A watch of {@code collection}, given up after {@code window} without an answer. */
  KubeRest.WatchStream watch(String collection, Map<String, String> query, Duration window)
      throws ApiException;
}

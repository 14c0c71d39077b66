package io.neo4jrestore.runner.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.kube.ApiStatusException;
import io.neo4jrestore.kube.KubeException;
import io.neo4jrestore.kube.KubeRest;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * JSON requests to paths the typed client handles badly (custom resources: it turns integers into
 * floats and sends merge patches with the wrong content type). Bodies are Jackson trees. The
 * requests go through the REST layer the plugin uses too ({@link KubeRest}: paths, JSON, errors,
 * watches), over this client's HTTP, TLS and authentication ({@link ApiClientTransport}). Failures
 * are client-java's {@link ApiException}, like the typed calls', so runner code handles one kind:
 * the code and body of the server's answer, or code 0 and the I/O cause when there was none.
 */
public final class RawApi implements ObjectSource {
  public static final String MERGE_PATCH = KubeRest.MERGE_PATCH;
  public static final String JSON = KubeRest.JSON;

  private final ApiClient client;
  private final KubeRest rest;

  public RawApi(ApiClient client) {
    this.client = client;
    this.rest =
        new KubeRest(
            new ApiClientTransport(client),
            ApiMapper.json(),
            "the API server at " + client.getBasePath());
  }

  public ApiClient client() {
    return client;
  }

  /**
   * The shared REST layer over this client, for what has no method here (watches, Warning headers);
   * its failures are {@link KubeException}s ({@link #toApiException} converts them).
   */
  public KubeRest rest() {
    return rest;
  }

  public JsonNode get(String path) throws ApiException {
    return call("GET", path, null, null, Map.of());
  }

  /** A GET asking for {@code accept} (e.g. aggregated discovery, with JSON as the fallback). */
  public JsonNode get(String path, String accept) throws ApiException {
    try {
      return rest.send("GET", path, Map.of(), null, null, accept).body();
    } catch (KubeException e) {
      throw toApiException(e);
    }
  }

  /** The object at {@code path}, or empty when it does not exist (404). */
  @Override
  public Optional<JsonNode> find(String path) throws ApiException {
    try {
      return Optional.ofNullable(get(path));
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public JsonNode list(String collection, Map<String, String> query) throws ApiException {
    return call("GET", collection, null, null, query);
  }

  @Override
  public KubeRest.WatchStream watch(String collection, Map<String, String> query, Duration window)
      throws ApiException {
    try {
      return rest.watch(collection, query, window);
    } catch (KubeException e) {
      throw toApiException(e);
    }
  }

  public JsonNode post(String path, Object body, Map<String, String> query) throws ApiException {
    return call("POST", path, body, JSON, query);
  }

  public JsonNode mergePatch(String path, Object body) throws ApiException {
    return call("PATCH", path, body, MERGE_PATCH, Map.of());
  }

  public JsonNode call(
      String method, String path, Object body, String contentType, Map<String, String> query)
      throws ApiException {
    try {
      return rest.send(method, path, query, body, contentType).body();
    } catch (KubeException e) {
      throw toApiException(e);
    }
  }

  /**
   * The shared layer's failure as client-java's: the status code, headers and body of an error
   * answer; code 0 with the I/O failure as cause when no answer came.
   */
  public static ApiException toApiException(KubeException e) {
    if (e instanceof ApiStatusException s) {
      return new ApiException(s.getMessage(), s, s.code(), s.headers(), s.body());
    }
    if (e.getCause() instanceof IOException io) {
      return new ApiException(io);
    }
    return new ApiException(e);
  }
}

package io.neo4jrestore.runner.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import io.neo4jrestore.api.json.ApiMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Call;
import okhttp3.Response;

/**
 * JSON requests to paths the typed client handles badly (custom resources: it turns integers into
 * floats and sends merge patches with the wrong content type). Bodies are Jackson trees.
 */
public final class RawApi {
  public static final String MERGE_PATCH = "application/merge-patch+json";
  public static final String JSON = "application/json";

  private final ApiClient client;

  public RawApi(ApiClient client) {
    this.client = client;
  }

  public ApiClient client() {
    return client;
  }

  public JsonNode get(String path) throws ApiException {
    return call("GET", path, null, null, Map.of());
  }

  /** The object at {@code path}, or empty when it does not exist (404). */
  public java.util.Optional<JsonNode> find(String path) throws ApiException {
    try {
      return java.util.Optional.ofNullable(get(path));
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return java.util.Optional.empty();
      }
      throw e;
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
    return call(method, path, body, contentType, query, JSON);
  }

  /** A GET asking for {@code accept} (e.g. aggregated discovery, with JSON as the fallback). */
  public JsonNode get(String path, String accept) throws ApiException {
    return call("GET", path, null, null, Map.of(), accept);
  }

  private JsonNode call(
      String method,
      String path,
      Object body,
      String contentType,
      Map<String, String> query,
      String accept)
      throws ApiException {
    try (Response response = newCall(method, path, body, contentType, query, accept).execute()) {
      String text = response.body() == null ? "" : response.body().string();
      if (!response.isSuccessful()) {
        throw new ApiException(response.code(), response.headers().toMultimap(), text);
      }
      return text.isEmpty()
          ? null
          : ApiMapper.json().readTree(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ApiException(e);
    }
  }

  /** The request, authenticated as the client is, not yet sent (streams read it themselves). */
  Call newCall(
      String method,
      String path,
      Object body,
      String contentType,
      Map<String, String> query,
      String accept)
      throws ApiException {
    List<Pair> params = new ArrayList<>();
    query.forEach((k, v) -> params.add(new Pair(k, v)));
    Map<String, String> headers = new HashMap<>();
    headers.put("Accept", accept);
    byte[] bytes = null;
    if (body != null) {
      headers.put("Content-Type", contentType);
      try {
        bytes = ApiMapper.json().writeValueAsBytes(body);
      } catch (IOException e) {
        throw new ApiException(e);
      }
    }
    return client.buildCall(
        client.getBasePath(),
        path,
        method,
        params,
        new ArrayList<>(),
        bytes,
        headers,
        new HashMap<>(),
        new HashMap<>(),
        new String[] {"BearerToken"},
        null);
  }
}

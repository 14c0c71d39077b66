package io.neo4jrestore.plugin.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiClient;
import io.neo4jrestore.api.json.ApiMapper;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * JSON over HTTP to the API server, with Jackson trees as bodies. The typed client is not used for
 * requests: it cannot send merge patches to custom resources, hides {@code Warning} headers and
 * turns integers into floats. Authentication and TLS come from the {@link ApiClient}'s HTTP client
 * ({@link ApiClients}).
 */
public final class KubeApi {
  public static final String MERGE_PATCH = "application/merge-patch+json";
  public static final String APPLY_PATCH = "application/apply-patch+yaml";
  private static final MediaType JSON = MediaType.get("application/json");

  private final ApiClient client;
  private final HttpUrl base;
  private final String where;

  /**
   * @param where how messages name the server, e.g. {@code the API server at https://... (context
   *     prod)}
   */
  public KubeApi(ApiClient client, String where) {
    this.client = client;
    HttpUrl parsed = HttpUrl.parse(client.getBasePath());
    if (parsed == null) {
      throw new KubeconfigException("the server URL \"" + client.getBasePath() + "\" is not valid");
    }
    this.base = parsed;
    this.where = where;
  }

  /** A response: the body (null when empty) and the server's {@code Warning} headers. */
  public record Reply(int code, JsonNode body, List<String> warnings) {}

  /**
   * One watch event: {@code ADDED}, {@code MODIFIED}, {@code DELETED}, {@code BOOKMARK}, {@code
   * ERROR}.
   */
  public record WatchEvent(String type, JsonNode object) {}

  public String where() {
    return where;
  }

  public Reply get(String path, Map<String, String> query) {
    return send("GET", path, query, null, null);
  }

  public Reply post(String path, Map<String, String> query, JsonNode body) {
    return send("POST", path, query, body, JSON);
  }

  public Reply mergePatch(String path, Map<String, String> query, JsonNode body) {
    return send("PATCH", path, query, body, MediaType.get(MERGE_PATCH));
  }

  /** Server-side apply: the body (JSON is YAML) as {@code application/apply-patch+yaml}. */
  public Reply apply(String path, Map<String, String> query, JsonNode body) {
    return send("PATCH", path, query, body, MediaType.get(APPLY_PATCH));
  }

  public Reply delete(String path, Map<String, String> query, JsonNode body) {
    return send("DELETE", path, query, body, JSON);
  }

  /**
   * Opens a watch ({@code watch=1} is added). The caller bounds it with {@code timeoutSeconds}; the
   * read timeout is set a little above that, so a dead connection ends the stream too.
   */
  public WatchStream watch(String path, Map<String, String> query, Duration serverTimeout) {
    HttpUrl.Builder url = url(path, query).newBuilder().addQueryParameter("watch", "1");
    Request request = new Request.Builder().url(url.build()).get().build();
    OkHttpClient http =
        client
            .getHttpClient()
            .newBuilder()
            .readTimeout(serverTimeout.plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS)
            .callTimeout(0, TimeUnit.MILLISECONDS)
            .build();
    Call call = http.newCall(request);
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      throw unreachable("GET", path, e);
    }
    if (!response.isSuccessful()) {
      try (response) {
        throw failure("GET", path, response.code(), bodyText(response));
      }
    }
    return new WatchStream(call, response);
  }

  /**
   * Opens a plain-text response read line by line (pod logs). With {@code follow} there is no read
   * timeout: a followed log is quiet as long as the container is. The caller must close it.
   */
  public LineStream text(String path, Map<String, String> query, boolean follow) {
    Request request = new Request.Builder().url(url(path, query)).get().build();
    OkHttpClient http =
        follow
            ? client
                .getHttpClient()
                .newBuilder()
                .readTimeout(0, TimeUnit.MILLISECONDS)
                .callTimeout(0, TimeUnit.MILLISECONDS)
                .build()
            : client.getHttpClient();
    Call call = http.newCall(request);
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      throw unreachable("GET", path, e);
    }
    if (!response.isSuccessful()) {
      try (response) {
        throw failure("GET", path, response.code(), bodyText(response));
      }
    }
    return new LineStream(call, response);
  }

  /** The lines of a text response; {@link #next()} is null at its end. */
  public static final class LineStream implements Closeable {
    private final Call call;
    private final Response response;
    private final BufferedReader reader;

    LineStream(Call call, Response response) {
      this.call = call;
      this.response = response;
      this.reader = new BufferedReader(response.body().charStream());
    }

    /**
     * The next line, or null when the response ended.
     *
     * @throws IOException when the connection broke (reconnect from the last line seen)
     */
    public String next() throws IOException {
      return reader.readLine();
    }

    @Override
    public void close() {
      call.cancel();
      response.close();
    }
  }

  /** The events of one watch request, until the server ends it or {@link #close()}. */
  public final class WatchStream implements Closeable {
    private final Call call;
    private final Response response;
    private final BufferedReader reader;

    WatchStream(Call call, Response response) {
      this.call = call;
      this.response = response;
      this.reader = new BufferedReader(response.body().charStream());
    }

    /**
     * The next event, or null when the stream ended (server timeout, connection closed or reset:
     * all mean "watch again from the last resourceVersion").
     */
    public WatchEvent next() {
      try {
        String line;
        do {
          line = reader.readLine();
          if (line == null) {
            return null;
          }
        } while (line.isBlank());
        JsonNode event = ApiMapper.json().readTree(line);
        return new WatchEvent(event.path("type").asText(), event.path("object"));
      } catch (IOException e) {
        // a reset or a read timeout on a long-lived stream is a reconnect, not a failure
        return null;
      }
    }

    @Override
    public void close() {
      call.cancel();
      response.close();
    }
  }

  private Reply send(
      String method, String path, Map<String, String> query, JsonNode body, MediaType type) {
    RequestBody requestBody =
        body == null ? null : RequestBody.create(ApiMapper.toJson(body), type);
    Request request =
        new Request.Builder()
            .url(url(path, query))
            .header("Accept", "application/json")
            .method(method, requestBody)
            .build();
    try (Response response = client.getHttpClient().newCall(request).execute()) {
      String text = bodyText(response);
      if (!response.isSuccessful()) {
        throw failure(method, path, response.code(), text);
      }
      JsonNode json = text.isBlank() ? null : ApiMapper.json().readTree(text);
      return new Reply(response.code(), json, warnings(response.headers("Warning")));
    } catch (KubeException e) {
      throw e;
    } catch (IOException e) {
      throw unreachable(method, path, e);
    }
  }

  private HttpUrl url(String path, Map<String, String> query) {
    HttpUrl.Builder url = base.newBuilder();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        url.addPathSegment(segment);
      }
    }
    query.forEach(url::addQueryParameter);
    return url.build();
  }

  private static String bodyText(Response response) {
    try {
      return response.body() == null ? "" : response.body().string();
    } catch (IOException e) {
      return "";
    }
  }

  /** {@code 299 - "message"} -> {@code message}. */
  static List<String> warnings(List<String> headers) {
    List<String> out = new ArrayList<>();
    for (String h : headers) {
      String s = h.trim();
      int dash = s.indexOf(" - ");
      if (dash > 0 && dash <= 4) {
        s = s.substring(dash + 3).trim();
      }
      if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
        s = s.substring(1, s.length() - 1).replace("\\\"", "\"");
      }
      out.add(s);
    }
    return out;
  }

  private KubeException unreachable(String method, String path, IOException e) {
    if (e instanceof CredentialsException) {
      return new KubeException(e.getMessage(), e);
    }
    String why;
    if (e instanceof ConnectException) {
      why = "connection refused; is the cluster running? (kubectl cluster-info)";
    } else if (e instanceof UnknownHostException) {
      why = "unknown host " + e.getMessage() + "; check the server URL in the kubeconfig";
    } else if (e instanceof SSLException) {
      why =
          "TLS failed: "
              + e.getMessage()
              + "; check certificate-authority(-data) and the client certificate in the"
              + " kubeconfig";
    } else if (e instanceof InterruptedIOException) {
      why = "no answer in time (" + e.getMessage() + "); raise --request-timeout or try again";
    } else {
      why = e.getMessage();
    }
    return new KubeException("cannot reach " + where + " (" + method + " " + path + "): " + why, e);
  }

  private ApiStatusException failure(String method, String path, int code, String text) {
    JsonNode status = null;
    try {
      JsonNode parsed = text.isBlank() ? null : ApiMapper.json().readTree(text);
      if (parsed != null && "Status".equals(parsed.path("kind").asText())) {
        status = parsed;
      }
    } catch (IOException ignored) {
      // not JSON: use the text
    }
    String reason = status == null ? "" : status.path("reason").asText("");
    String serverMessage = status == null ? text.strip() : status.path("message").asText("");
    String hint =
        switch (code) {
          case 401 ->
              "; the credentials were refused: log in again or check the user in the kubeconfig"
                  + " (kubectl auth whoami)";
          case 403 -> "; ask for this permission (docs/plugin.md lists what each command needs)";
          case 404 -> status == null ? "; is the Neo4jRestore CRD installed?" : "";
          case 429, 500, 502, 503, 504 -> "; the API server is busy or unwell: try again";
          default -> "";
        };
    String message =
        (serverMessage.isEmpty() ? "HTTP " + code : serverMessage)
            + " ("
            + method
            + " "
            + path
            + " on "
            + where
            + ": HTTP "
            + code
            + ")"
            + hint;
    return new ApiStatusException(message, code, reason, serverMessage, status);
  }
}

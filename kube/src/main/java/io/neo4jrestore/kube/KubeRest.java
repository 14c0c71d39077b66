package io.neo4jrestore.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * The Kubernetes REST layer: JSON requests to API paths, bodies as Jackson trees (or anything the
 * given mapper writes), errors as {@link ApiStatusException} (the server answered) or {@link
 * KubeException} (it could not be reached), the server's {@code Warning} headers, watch streams and
 * line streams (pod logs). How requests travel is the {@link Transport}'s business.
 */
public final class KubeRest {
  public static final String JSON = "application/json";
  public static final String MERGE_PATCH = "application/merge-patch+json";
  public static final String APPLY_PATCH = "application/apply-patch+yaml";

  /** A watch that has sent nothing for this long past its own timeout is a dead connection. */
  static final Duration WATCH_GRACE = Duration.ofSeconds(30);

  private final Transport transport;
  private final ObjectMapper json;
  private final String where;
  private final Duration watchGrace;

  /**
   * @param json reads response bodies and writes request bodies
   * @param where how messages name the server, e.g. {@code the API server at https://... (context
   *     "prod")}
   */
  public KubeRest(Transport transport, ObjectMapper json, String where) {
    this(transport, json, where, WATCH_GRACE);
  }

  KubeRest(Transport transport, ObjectMapper json, String where, Duration watchGrace) {
    this.transport = transport;
    this.json = json;
    this.where = where;
    this.watchGrace = watchGrace;
  }

  /** A response: the status code, the body (null when empty) and the server's warnings. */
  public record Reply(int code, JsonNode body, List<String> warnings) {}

  public String where() {
    return where;
  }

  public Reply get(String path, Map<String, String> query) {
    return send("GET", path, query, null, null);
  }

  public Reply post(String path, Map<String, String> query, Object body) {
    return send("POST", path, query, body, JSON);
  }

  public Reply mergePatch(String path, Map<String, String> query, Object body) {
    return send("PATCH", path, query, body, MERGE_PATCH);
  }

  /** Server-side apply: the body (JSON is YAML) as {@code application/apply-patch+yaml}. */
  public Reply apply(String path, Map<String, String> query, Object body) {
    return send("PATCH", path, query, body, APPLY_PATCH);
  }

  public Reply delete(String path, Map<String, String> query, Object body) {
    return send("DELETE", path, query, body, JSON);
  }

  /** Any JSON request; a body (not null) is written with the mapper as {@code contentType}. */
  public Reply send(
      String method, String path, Map<String, String> query, Object body, String contentType) {
    return send(method, path, query, body, contentType, JSON);
  }

  /**
   * The same, asking for {@code accept} (e.g. aggregated discovery with JSON as the fallback); the
   * answer must still be JSON.
   */
  public Reply send(
      String method,
      String path,
      Map<String, String> query,
      Object body,
      String contentType,
      String accept) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", accept);
    byte[] bytes = null;
    if (body != null) {
      headers.put("Content-Type", contentType);
      try {
        bytes = json.writeValueAsBytes(body);
      } catch (IOException e) {
        throw new KubeException(
            "cannot write the body of " + method + " " + path + ": " + e.getMessage(), e);
      }
    }
    Transport.Request request =
        new Transport.Request(method, ApiPaths.target(path, query), headers, bytes, null);
    try (Transport.Response response = transport.send(request)) {
      String text = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
      if (!ok(response.code())) {
        throw failure(method, path, response.code(), text, response.allHeaders());
      }
      JsonNode node = text.isBlank() ? null : json.readTree(text);
      return new Reply(response.code(), node, warnings(response.headers("Warning")));
    } catch (IOException e) {
      throw unreachable(method, path, e);
    }
  }

  /**
   * Opens a watch ({@code watch=1} is added). The caller bounds it with {@code timeoutSeconds}; a
   * stream that stays silent for {@code serverTimeout} plus {@link #WATCH_GRACE} is closed, so a
   * dead connection ends it too.
   */
  public WatchStream watch(String path, Map<String, String> query, Duration serverTimeout) {
    Map<String, String> q = new LinkedHashMap<>(query);
    q.put("watch", "1");
    Transport.Response response = open(path, q, JSON, Duration.ZERO);
    return new WatchStream(response, serverTimeout.plus(watchGrace));
  }

  /**
   * Opens a plain-text response read line by line (pod logs). With {@code follow} there is no
   * timeout: a followed log is quiet as long as the container is. The caller must close it.
   */
  public LineStream text(String path, Map<String, String> query, boolean follow) {
    // without follow, the transport's default timeout bounds the wait for the answer
    return new LineStream(open(path, query, "*/*", follow ? Duration.ZERO : null));
  }

  private Transport.Response open(
      String path, Map<String, String> query, String accept, Duration timeout) {
    Transport.Request request =
        new Transport.Request(
            "GET", ApiPaths.target(path, query), Map.of("Accept", accept), null, timeout);
    Transport.Response response;
    try {
      response = transport.send(request);
    } catch (IOException e) {
      throw unreachable("GET", path, e);
    }
    if (!ok(response.code())) {
      try (response) {
        String text;
        try {
          text = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          text = "";
        }
        throw failure("GET", path, response.code(), text, response.allHeaders());
      }
    }
    return response;
  }

  private static boolean ok(int code) {
    return code >= 200 && code < 300;
  }

  /** The lines of a text response; {@link #next()} is null at its end. */
  public static final class LineStream implements Closeable {
    private final Transport.Response response;
    private final BufferedReader reader;

    LineStream(Transport.Response response) {
      this.response = response;
      this.reader =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /**
     * The next line, or null when the response ended.
     *
     * @throws IOException when the connection broke (reconnect from the last line seen)
     */
    public String next() throws IOException {
      return reader.readLine();
    }

    /** Ends the stream; a {@link #next()} blocked in another thread returns or throws. */
    @Override
    public void close() {
      response.close();
    }
  }

  /** The events of one watch request, until the server ends it or {@link #close()}. */
  public final class WatchStream implements Closeable {
    private final Transport.Response response;
    private final BufferedReader reader;
    private final Thread watchdog;
    private volatile long lastRead = System.nanoTime();
    private volatile boolean closed;

    WatchStream(Transport.Response response, Duration idleLimit) {
      this.response = response;
      this.reader =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
      long limit = idleLimit.toNanos();
      // no read timeout on a long response in the JDK's client: close it when it stays silent
      this.watchdog =
          new Thread(
              () -> {
                while (!closed) {
                  long idle = System.nanoTime() - lastRead;
                  if (idle >= limit) {
                    close();
                    return;
                  }
                  try {
                    Thread.sleep(Math.max(1, (limit - idle) / 1_000_000));
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "watch-idle");
      watchdog.setDaemon(true);
      watchdog.start();
    }

    /**
     * The next event, or null when the stream ended (server timeout, connection closed or reset,
     * silence: all mean "watch again from the last resourceVersion").
     */
    public WatchEvent next() {
      try {
        String line;
        do {
          line = reader.readLine();
          lastRead = System.nanoTime();
          if (line == null) {
            return null;
          }
        } while (line.isBlank());
        return WatchEvent.parse(line, json);
      } catch (IOException e) {
        // a reset or a dead connection on a long-lived stream is a reconnect, not a failure
        return null;
      }
    }

    @Override
    public void close() {
      closed = true;
      watchdog.interrupt();
      response.close();
    }
  }

  /** {@code 299 - "message"} -> {@code message}. */
  public static List<String> warnings(List<String> headers) {
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
    } else if (e instanceof HttpTimeoutException || e instanceof InterruptedIOException) {
      why = "no answer in time (" + e.getMessage() + "); raise --request-timeout or try again";
    } else {
      why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return new KubeException("cannot reach " + where + " (" + method + " " + path + "): " + why, e);
  }

  /** The failure for an error status, with the Status object's reason and message. */
  public ApiStatusException failure(
      String method, String path, int code, String text, Map<String, List<String>> headers) {
    JsonNode status = null;
    try {
      JsonNode parsed = text.isBlank() ? null : json.readTree(text);
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
          case 403 -> "; ask for this permission (kubectl auth can-i --list shows yours)";
          case 404 -> status == null ? "; the server does not serve this path" : "";
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
    return new ApiStatusException(message, code, reason, serverMessage, status, text, headers);
  }
}

package io.neo4jrestore.plugin.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A plain-HTTP reverse proxy in front of the real API server (it authenticates upstream as admin),
 * so a test can break watches the way networks and API servers do: end every open watch stream now
 * ({@link #dropWatches}), make the next watch ask for a resourceVersion so old that the real API
 * server answers 410 Gone as an ERROR event ({@link #staleNextWatch}), or answer the next watch
 * with HTTP 410 itself ({@link #goneNextWatch}; simulated, the API server's own form of it is the
 * ERROR event).
 */
final class WatchProxy implements AutoCloseable {
  private enum Next {
    PASS,
    STALE,
    GONE
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final OkHttpClient upstream;
  private final String base;
  private final Set<Call> watches = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Next> next = new AtomicReference<>(Next.PASS);
  final List<String> watchQueries = new CopyOnWriteArrayList<>();

  WatchProxy(OkHttpClient upstream, String base) throws IOException {
    this.upstream = upstream.newBuilder().readTimeout(0, TimeUnit.MILLISECONDS).build();
    this.base = base.replaceAll("/+$", "");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void dropWatches() {
    watches.forEach(Call::cancel);
  }

  void staleNextWatch() {
    next.set(Next.STALE);
  }

  void goneNextWatch() {
    next.set(Next.GONE);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String query = exchange.getRequestURI().getRawQuery();
      boolean watch = query != null && query.matches("(^|.*&)watch=(1|true)(&.*|$)");
      if (watch) {
        Next mode = next.getAndSet(Next.PASS);
        if (mode == Next.GONE) {
          watchQueries.add("GONE " + query);
          byte[] body =
              ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                      + "\"message\":\"too old resource version (simulated by the test proxy)\","
                      + "\"reason\":\"Expired\",\"code\":410}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(410, body.length);
          exchange.getResponseBody().write(body);
          return;
        }
        if (mode == Next.STALE) {
          query = query.replaceAll("resourceVersion=[0-9]+", "resourceVersion=1");
          watchQueries.add("STALE " + query);
        } else {
          watchQueries.add(query);
        }
      }
      byte[] requestBody = exchange.getRequestBody().readAllBytes();
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      String method = exchange.getRequestMethod();
      RequestBody body =
          requestBody.length == 0 && (method.equals("GET") || method.equals("DELETE"))
              ? null
              : RequestBody.create(
                  requestBody,
                  MediaType.parse(contentType == null ? "application/json" : contentType));
      Request request =
          new Request.Builder()
              .url(
                  base + exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query))
              .method(method, body)
              .header("Accept", "application/json")
              .build();
      Call call = upstream.newCall(request);
      if (watch) {
        watches.add(call);
      }
      try (Response response = call.execute()) {
        for (String h : List.of("Content-Type", "Warning")) {
          response.headers(h).forEach(v -> exchange.getResponseHeaders().add(h, v));
        }
        if (watch) {
          exchange.sendResponseHeaders(response.code(), 0);
          OutputStream out = exchange.getResponseBody();
          InputStream in = response.body().byteStream();
          byte[] buffer = new byte[8192];
          int n;
          while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            out.flush();
          }
        } else {
          byte[] bytes = response.body().bytes();
          exchange.sendResponseHeaders(response.code(), bytes.length == 0 ? -1 : bytes.length);
          exchange.getResponseBody().write(bytes);
        }
      } catch (IOException e) {
        // dropped on purpose (or the client went away): end the stream
      } finally {
        watches.remove(call);
      }
    }
  }

  @Override
  public void close() {
    dropWatches();
    server.stop(0);
    threads.shutdownNow();
  }
}

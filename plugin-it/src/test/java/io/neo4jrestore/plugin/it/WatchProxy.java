package io.neo4jrestore.plugin.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.neo4jrestore.kube.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

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
  private final Transport upstream;
  private final Set<Transport.Response> watches = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Next> next = new AtomicReference<>(Next.PASS);
  final List<String> watchQueries = new CopyOnWriteArrayList<>();

  WatchProxy(Transport upstream) throws IOException {
    this.upstream = upstream;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void dropWatches() {
    watches.forEach(Transport.Response::close);
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
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Accept", "application/json");
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType != null) {
        headers.put("Content-Type", contentType);
      }
      Transport.Request request =
          new Transport.Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
              headers,
              requestBody.length == 0 ? null : requestBody,
              Duration.ZERO);
      Transport.Response response = null;
      try {
        response = upstream.send(request);
        if (watch) {
          watches.add(response);
        }
        for (String h : List.of("Content-Type", "Warning")) {
          response.headers(h).forEach(v -> exchange.getResponseHeaders().add(h, v));
        }
        if (watch) {
          exchange.sendResponseHeaders(response.code(), 0);
          OutputStream out = exchange.getResponseBody();
          InputStream in = response.body();
          byte[] buffer = new byte[8192];
          int n;
          while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            out.flush();
          }
        } else {
          byte[] bytes = response.body().readAllBytes();
          exchange.sendResponseHeaders(response.code(), bytes.length == 0 ? -1 : bytes.length);
          exchange.getResponseBody().write(bytes);
        }
      } catch (IOException e) {
        // dropped on purpose (or the client went away): end the stream
      } finally {
        if (response != null) {
          watches.remove(response);
          response.close();
        }
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

package io.neo4jrestore.plugin.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A plain-HTTP stand-in for the API server that records requests and answers as told. */
public final class FakeApiServer implements AutoCloseable {
  /** One request as received. */
  public record Request(String method, String pathAndQuery, String authorization, String body) {}

  /** One answer. */
  public record Answer(int code, String body, Map<String, List<String>> headers) {
    public static Answer json(int code, String body) {
      return new Answer(code, body, Map.of());
    }
  }

  private final HttpServer server;
  public final List<Request> requests = new CopyOnWriteArrayList<>();

  public FakeApiServer(Function<Request, Answer> handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Request r = request(exchange);
          requests.add(r);
          Answer a = handler.apply(r);
          byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          a.headers().forEach((k, v) -> v.forEach(x -> exchange.getResponseHeaders().add(k, x)));
          exchange.sendResponseHeaders(a.code(), bytes.length == 0 ? -1 : bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  private static Request request(HttpExchange e) throws IOException {
    String query = e.getRequestURI().getRawQuery();
    return new Request(
        e.getRequestMethod(),
        e.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
        e.getRequestHeaders().getFirst("Authorization"),
        new String(e.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

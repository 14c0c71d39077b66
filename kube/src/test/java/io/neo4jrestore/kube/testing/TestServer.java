package io.neo4jrestore.kube.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/** The JDK's HTTP(S) server on 127.0.0.1, one thread per request, for tests of clients. */
public final class TestServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final String scheme;

  private TestServer(HttpServer server, String scheme, HttpHandler handler) {
    this.server = server;
    this.scheme = scheme;
    server.setExecutor(threads);
    server.createContext("/", handler);
    server.start();
  }

  /** Plain HTTP. */
  public static TestServer http(HttpHandler handler) {
    try {
      return new TestServer(
          HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "http", handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** HTTPS with {@code tls}; with {@code requireClientCertificate}, a client must present one. */
  public static TestServer https(
      SSLContext tls, boolean requireClientCertificate, HttpHandler handler) {
    try {
      HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      s.setHttpsConfigurator(
          new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
              SSLParameters p = tls.getDefaultSSLParameters();
              p.setNeedClientAuth(requireClientCertificate);
              params.setSSLParameters(p);
            }
          });
      return new TestServer(s, "https", handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The client certificate's subject of an HTTPS exchange, or "anonymous". */
  public static String clientSubject(HttpExchange exchange) {
    if (exchange instanceof HttpsExchange https) {
      try {
        return https.getSSLSession().getPeerPrincipal().getName();
      } catch (SSLPeerUnverifiedException e) {
        return "anonymous";
      }
    }
    return "anonymous";
  }

  /** Answers with a JSON body. */
  public static void json(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}

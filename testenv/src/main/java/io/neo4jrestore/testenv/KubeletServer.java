package io.neo4jrestore.testenv;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The kubelet's HTTPS endpoint, as far as logs go: {@code GET
 * /containerLogs/{namespace}/{pod}/{container}} with the query parameters kube-apiserver sends for
 * {@code pods/log} (v1.36 {@code pod.LogLocation}: {@code follow}, {@code previous}, {@code
 * timestamps}, {@code sinceSeconds}, {@code sinceTime}, {@code tailLines}, {@code limitBytes}),
 * answered the way the kubelet and its CRI log reader ({@code k8s.io/cri-client/pkg/logs}) do.
 *
 * <p>TLS with a serving certificate for 127.0.0.1 from the test CA; clients must present a
 * certificate from that CA (kube-apiserver's {@code --kubelet-client-certificate}). No
 * authorization beyond that, and nothing else the kubelet serves (exec, attach, port-forward,
 * metrics): those paths answer 404.
 */
final class KubeletServer implements AutoCloseable {
  /** Finds the log a request is for, or refuses with the kubelet's status code and message. */
  @FunctionalInterface
  interface Logs {
    ContainerLog find(String namespace, String pod, String container, boolean previous)
        throws Refusal;
  }

  /** A refused request: the kubelet's status code and plain-text message. */
  static final class Refusal extends Exception {
    final int status;

    Refusal(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** The CRI log reader's output format (Go's {@code RFC3339NanoFixed}), in UTC. */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private static final String PREFIX = "/containerLogs/";

  private final HttpsServer server;
  private final ExecutorService threads;
  private final Logs logs;
  private volatile boolean closing;

  private KubeletServer(HttpsServer server, ExecutorService threads, Logs logs) {
    this.server = server;
    this.threads = threads;
    this.logs = logs;
  }

  /** Listens on a free port of 127.0.0.1. */
  static KubeletServer start(SSLContext tls, Logs logs) {
    AtomicInteger n = new AtomicInteger();
    ExecutorService threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-kubelet-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      HttpsServer server =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      server.setHttpsConfigurator(
          new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
              SSLParameters p = tls.getDefaultSSLParameters();
              p.setNeedClientAuth(true);
              params.setSSLParameters(p);
            }
          });
      server.setExecutor(threads);
      KubeletServer k = new KubeletServer(server, threads, logs);
      server.createContext("/", k::handle);
      server.start();
      return k;
    } catch (IOException e) {
      threads.shutdownNow();
      throw new UncheckedIOException("cannot start the fake kubelet's HTTPS server", e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (!path.startsWith(PREFIX)) {
        text(exchange, 404, "404 page not found (the fake kubelet serves only " + PREFIX + ")");
        return;
      }
      if (!"GET".equals(exchange.getRequestMethod())) {
        text(exchange, 405, "405: Method Not Allowed");
        return;
      }
      String[] parts = path.substring(PREFIX.length()).split("/", -1);
      if (parts.length != 3) {
        text(exchange, 404, "404 page not found");
        return;
      }
      String namespace = decode(parts[0]);
      String pod = decode(parts[1]);
      String container = decode(parts[2]);
      if (pod.isEmpty()) {
        text(exchange, 400, "{\"message\": \"Missing podID.\"}");
        return;
      }
      if (container.isEmpty()) {
        text(exchange, 400, "{\"message\": \"Missing container name.\"}");
        return;
      }
      if (namespace.isEmpty()) {
        text(exchange, 400, "{\"message\": \"Missing podNamespace.\"}");
        return;
      }
      Options options;
      try {
        options = Options.parse(query(exchange.getRequestURI().getRawQuery()));
      } catch (IllegalArgumentException e) {
        text(exchange, 400, "{\"message\": \"Unable to decode query.\"}");
        return;
      }
      if (!options.valid()) {
        text(exchange, 422, "{\"message\": \"Invalid request.\"}");
        return;
      }
      if (options.stream != null && !"All".equals(options.stream)) {
        // as a kubelet without the (alpha) PodLogsQuerySplitStreams gate answers
        text(
            exchange,
            400,
            "unable to return the given log stream: \""
                + options.stream
                + "\". Please enable PodLogsQuerySplitStreams feature gate in kubelet");
        return;
      }
      ContainerLog log;
      try {
        log = logs.find(namespace, pod, container, options.previous);
      } catch (Refusal r) {
        text(exchange, r.status, r.getMessage());
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(200, 0); // chunked: headers go out before the first line
      OutputStream out = exchange.getResponseBody();
      out.flush();
      write(log, options, out);
    } catch (IOException e) {
      // the client went away (e.g. a follower stopped reading)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      System.err.println("[fake-kubelet] " + exchange.getRequestURI() + ": " + e);
    }
  }

  /** {@code ReadLogs} of the CRI log reader, over a {@link ContainerLog} instead of a file. */
  private void write(ContainerLog log, Options o, OutputStream out)
      throws IOException, InterruptedException {
    Instant since = o.since(Instant.now());
    ContainerLog.Batch batch = log.read(-1, 0, 0);
    int generation = batch.generation();
    // tailLines counts records from the end; with follow it only picks the start
    int next = o.tailLines == null ? 0 : (int) Math.max(0, batch.lines().size() - o.tailLines);
    boolean limited = o.tailLines != null && !o.follow;
    long limitedNum = o.tailLines == null ? -1 : o.tailLines;
    long remain = o.limitBytes == null ? Long.MAX_VALUE : o.limitBytes;
    boolean newLine = true;
    while (true) {
      batch = log.read(generation, next, o.follow && !closing ? 1000 : 0);
      if (batch.generation() != generation) {
        generation = batch.generation();
        newLine = true;
      }
      next = batch.from();
      for (ContainerLog.Line line : batch.lines()) {
        if (limited && limitedNum == 0) {
          return;
        }
        next++;
        if (since == null || !line.time().isBefore(since)) {
          byte[] bytes = line.bytes();
          if (o.timestamps && newLine) {
            byte[] prefix =
                (TIMESTAMP.format(line.time()) + " ").getBytes(StandardCharsets.US_ASCII);
            byte[] joined = Arrays.copyOf(prefix, prefix.length + bytes.length);
            System.arraycopy(bytes, 0, joined, prefix.length, bytes.length);
            bytes = joined;
          }
          if (bytes.length > remain) {
            bytes = Arrays.copyOf(bytes, (int) remain);
          }
          out.write(bytes);
          remain -= bytes.length;
          if (remain <= 0) {
            return;
          }
        }
        if (limited) {
          limitedNum--;
        }
        newLine = line.endsLine();
      }
      if (!o.follow) {
        return;
      }
      out.flush();
      // an ended batch holds everything there will be
      if (batch.ended() || closing) {
        return;
      }
    }
  }

  /** The query as the kubelet decodes it into {@code v1.PodLogOptions}. */
  record Options(
      boolean follow,
      boolean previous,
      boolean timestamps,
      Long sinceSeconds,
      Instant sinceTime,
      Long tailLines,
      Long limitBytes,
      String stream) {

    static Options parse(Map<String, String> q) {
      Map<String, String> query = new HashMap<>(q);
      String tail = query.remove("tail"); // the kubelet's backwards-compatible alias
      if (tail != null && !tail.isEmpty()) {
        if ("all".equals(tail)) {
          query.remove("tailLines");
        } else {
          query.put("tailLines", tail);
        }
      }
      return new Options(
          bool(query.get("follow")),
          bool(query.get("previous")),
          bool(query.get("timestamps")),
          number(query.get("sinceSeconds")),
          time(query.get("sinceTime")),
          number(query.get("tailLines")),
          number(query.get("limitBytes")),
          query.get("stream"));
    }

    /** {@code ValidatePodLogOptions}. */
    boolean valid() {
      return (tailLines == null || tailLines >= 0)
          && (limitBytes == null || limitBytes >= 1)
          && (sinceSeconds == null || sinceTime == null)
          && (sinceSeconds == null || sinceSeconds >= 1);
    }

    /** The kubelet's {@code ReadLogs}: sinceSeconds back from now, or sinceTime if later. */
    Instant since(Instant now) {
      Instant since = sinceSeconds == null ? null : now.minusSeconds(sinceSeconds);
      if (sinceTime != null && (since == null || sinceTime.isAfter(since))) {
        since = sinceTime;
      }
      return since;
    }

    private static boolean bool(String value) {
      if (value == null || value.isEmpty()) {
        return false;
      }
      return switch (value) {
        case "1", "t", "T", "true", "TRUE", "True" -> true;
        case "0", "f", "F", "false", "FALSE", "False" -> false;
        default -> throw new IllegalArgumentException(value);
      };
    }

    private static Long number(String value) {
      if (value == null || value.isEmpty()) {
        return null;
      }
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(value, e);
      }
    }

    private static Instant time(String value) {
      if (value == null || value.isEmpty()) {
        return null;
      }
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(value, e);
      }
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      query.putIfAbsent(key, value);
    }
    return query;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void text(HttpExchange exchange, int status, String message) throws IOException {
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  /** Followers end (the caller ends every log first); the port closes. */
  @Override
  public void close() {
    closing = true;
    server.stop(0);
    threads.shutdownNow();
  }
}

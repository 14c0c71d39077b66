package io.neo4jrestore.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.neo4jrestore.kube.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link KubeRest} over {@link JdkTransport} against the JDK's HTTP server playing the API. */
class KubeRestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private TestServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private interface Handler {
    void handle(HttpExchange exchange) throws Exception;
  }

  private KubeRest serve(Handler handler, Credentials credentials, Duration watchGrace) {
    server =
        TestServer.http(
            exchange -> {
              String auth = exchange.getRequestHeaders().getFirst("Authorization");
              seen.add(
                  exchange.getRequestMethod()
                      + " "
                      + exchange.getRequestURI().getRawPath()
                      + (exchange.getRequestURI().getRawQuery() == null
                          ? ""
                          : "?" + exchange.getRequestURI().getRawQuery())
                      + (auth == null ? "" : " auth=" + auth)
                      + " "
                      + new String(
                          exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
              try {
                handler.handle(exchange);
              } catch (IOException e) {
                throw e;
              } catch (Exception e) {
                throw new IOException(e);
              }
            });
    return new KubeRest(
        new JdkTransport(
            server.url(), HttpClient.newHttpClient(), credentials, Duration.ofSeconds(10), "t"),
        JSON,
        "the test server",
        watchGrace);
  }

  private KubeRest serve(Handler handler) {
    return serve(handler, Credentials.NONE, Duration.ofSeconds(30));
  }

  @Test
  void json_goes_both_ways_and_query_values_are_encoded() {
    KubeRest rest = serve(e -> TestServer.json(e, 201, "{\"metadata\":{\"name\":\"r1\"},\"n\":3}"));
    ObjectNode body = JSON.createObjectNode().put("a", 1);
    Map<String, String> query = new LinkedHashMap<>();
    query.put("labelSelector", "app in (a,b),x!=y");
    query.put("fieldSelector", "metadata.name=r 1");
    KubeRest.Reply reply =
        rest.post(
            ApiPaths.collection("neo4j.neo4j.com/v1alpha1", "ns", "neo4jrestores"), query, body);
    assertEquals(201, reply.code());
    assertEquals(3, reply.body().path("n").asInt());
    assertEquals(
        "POST /apis/neo4j.neo4j.com/v1alpha1/namespaces/ns/neo4jrestores"
            + "?labelSelector=app%20in%20%28a%2Cb%29%2Cx%21%3Dy"
            + "&fieldSelector=metadata.name%3Dr%201 {\"a\":1}",
        seen.get(0));
    assertEquals("/api/v1/pods", ApiPaths.collection("v1", null, "pods"));
  }

  @Test
  void an_error_status_carries_the_reason_and_the_servers_message() {
    KubeRest rest =
        serve(
            e -> {
              e.getResponseHeaders().add("Retry-After", "1");
              TestServer.json(
                  e,
                  409,
                  "{\"kind\":\"Status\",\"reason\":\"AlreadyExists\","
                      + "\"message\":\"neo4jrestores \\\"r1\\\" already exists\",\"code\":409}");
            });
    ApiStatusException e =
        assertThrows(ApiStatusException.class, () -> rest.post("/apis/x/v1/r", Map.of(), Map.of()));
    assertTrue(e.isAlreadyExists());
    assertEquals("neo4jrestores \"r1\" already exists", e.statusMessage());
    assertEquals(
        "neo4jrestores \"r1\" already exists (POST /apis/x/v1/r on the test server: HTTP 409)",
        e.getMessage());
    assertEquals(List.of("1"), e.headers().get("retry-after"));
  }

  @Test
  void a_404_without_a_status_says_the_path_is_not_served() {
    KubeRest rest = serve(e -> TestServer.json(e, 404, "404 page not found"));
    ApiStatusException e =
        assertThrows(ApiStatusException.class, () -> rest.get("/apis/nope/v1/x", Map.of()));
    assertEquals("", e.reason());
    assertTrue(e.getMessage().endsWith("the server does not serve this path"), e.getMessage());
  }

  @Test
  void warnings_are_returned_unquoted() {
    KubeRest rest =
        serve(
            e -> {
              e.getResponseHeaders().add("Warning", "299 - \"unknown field \\\"spec.x\\\"\"");
              e.getResponseHeaders().add("Warning", "plain");
              TestServer.json(e, 200, "{}");
            });
    assertEquals(List.of("unknown field \"spec.x\"", "plain"), rest.get("/x", Map.of()).warnings());
  }

  @Test
  void a_401_refreshes_the_credentials_and_retries_once() {
    AtomicInteger asked = new AtomicInteger();
    Credentials rotating =
        new Credentials() {
          @Override
          public String authorization() {
            return "Bearer t" + asked.incrementAndGet();
          }

          @Override
          public boolean invalidate(String sent) {
            return true;
          }
        };
    KubeRest rest =
        serve(
            e -> {
              boolean fresh = "Bearer t2".equals(e.getRequestHeaders().getFirst("Authorization"));
              TestServer.json(e, fresh ? 200 : 401, fresh ? "{\"ok\":true}" : "{}");
            },
            rotating,
            Duration.ofSeconds(30));
    assertTrue(rest.get("/x", Map.of()).body().path("ok").asBoolean());
    assertEquals(2, seen.size());
    assertTrue(seen.get(0).contains("auth=Bearer t1") && seen.get(1).contains("auth=Bearer t2"));
  }

  @Test
  void a_busy_server_that_says_when_to_retry_is_asked_again() {
    AtomicInteger calls = new AtomicInteger();
    KubeRest rest =
        serve(
            e -> {
              int n = calls.incrementAndGet();
              if (n <= 2) {
                e.getResponseHeaders().add("Retry-After", "0");
                TestServer.json(e, n == 1 ? 429 : 503, "{\"kind\":\"Status\",\"code\":429}");
              } else {
                TestServer.json(e, 200, "{\"ok\":true}");
              }
            });
    assertTrue(rest.get("/x", Map.of()).body().path("ok").asBoolean());
    assertEquals(3, calls.get());
  }

  @Test
  void a_busy_server_that_gives_no_retry_after_fails_at_once() {
    AtomicInteger calls = new AtomicInteger();
    KubeRest rest =
        serve(
            e -> {
              calls.incrementAndGet();
              TestServer.json(
                  e, 429, "{\"kind\":\"Status\",\"code\":429,\"message\":\"slow down\"}");
            });
    ApiStatusException e = assertThrows(ApiStatusException.class, () -> rest.get("/x", Map.of()));
    assertEquals(429, e.code());
    assertTrue(
        e.getMessage().endsWith("the API server is busy or unwell: try again"), e.getMessage());
    assertEquals(1, calls.get());
  }

  @Test
  void credentials_that_fail_are_reported_as_they_are() {
    Credentials broken =
        () -> {
          throw new CredentialsException("the exec plugin failed: log in first");
        };
    KubeRest rest = serve(e -> TestServer.json(e, 200, "{}"), broken, Duration.ofSeconds(30));
    KubeException e = assertThrows(KubeException.class, () -> rest.get("/x", Map.of()));
    assertEquals("the exec plugin failed: log in first", e.getMessage());
  }

  @Test
  void a_refused_connection_names_the_server() {
    KubeRest rest =
        new KubeRest(
            new JdkTransport(
                "http://127.0.0.1:1", HttpClient.newHttpClient(), Credentials.NONE, null, null),
            JSON,
            "the API server at http://127.0.0.1:1");
    KubeException e = assertThrows(KubeException.class, () -> rest.get("/api", Map.of()));
    assertEquals(
        "cannot reach the API server at http://127.0.0.1:1 (GET /api): connection refused;"
            + " is the cluster running? (kubectl cluster-info)",
        e.getMessage());
  }

  private static void stream(HttpExchange e, String... lines) throws Exception {
    e.getResponseHeaders().add("Content-Type", "application/json");
    e.sendResponseHeaders(200, 0);
    OutputStream out = e.getResponseBody();
    for (String line : lines) {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  @Test
  void watch_events_are_parsed_and_an_expired_version_is_recognised() {
    KubeRest rest =
        serve(
            e -> {
              stream(
                  e,
                  "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"resourceVersion\":\"5\"}}}",
                  "",
                  "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"7\"}}}",
                  "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"code\":410,"
                      + "\"reason\":\"Expired\"}}");
              e.close();
            });
    List<WatchEvent> events = new ArrayList<>();
    try (KubeRest.WatchStream w =
        rest.watch(
            "/apis/g/v1/namespaces/n/things",
            Map.of("resourceVersion", "4"),
            Duration.ofSeconds(5))) {
      for (WatchEvent ev = w.next(); ev != null; ev = w.next()) {
        events.add(ev);
      }
    }
    assertEquals(3, events.size());
    assertEquals("5", events.get(0).resourceVersion());
    assertEquals("BOOKMARK", events.get(1).type());
    assertTrue(events.get(2).isGone());
    assertTrue(
        seen.get(0).startsWith("GET /apis/g/v1/namespaces/n/things?resourceVersion=4&watch=1"));
  }

  @Test
  void a_watch_that_stays_silent_past_its_timeout_ends() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    KubeRest rest =
        serve(
            e -> {
              stream(e, "{\"type\":\"ADDED\",\"object\":{}}");
              release.await(30, TimeUnit.SECONDS); // a connection that went dead
            },
            Credentials.NONE,
            Duration.ZERO);
    long t0 = System.nanoTime();
    try (KubeRest.WatchStream w = rest.watch("/w", Map.of(), Duration.ofSeconds(1))) {
      assertEquals("ADDED", w.next().type());
      assertNull(w.next());
    } finally {
      release.countDown();
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(ms >= 900 && ms < 20_000, ms + " ms");
  }

  @Test
  void closing_a_followed_log_from_another_thread_ends_a_blocked_read() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    KubeRest rest =
        serve(
            e -> {
              stream(e, "line 1");
              release.await(30, TimeUnit.SECONDS);
            });
    KubeRest.LineStream log =
        rest.text("/api/v1/namespaces/n/pods/p/log", Map.of("follow", "true"), true);
    try {
      assertEquals("line 1", log.next());
      new Thread(
              () -> {
                sleep(300);
                log.close();
              })
          .start();
      assertThrows(IOException.class, log::next);
    } finally {
      release.countDown();
      log.close();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.neo4jrestore.runner.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real HTTP server answering 429 a given number of times, then 200. */
class TooManyRequestsTest {
  private HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();
  private final List<Long> pauses = new ArrayList<>();

  private String serve(int throttled, String retryAfter) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body =
              (calls.incrementAndGet() <= throttled ? "{\"code\":429}" : "{\"ok\":true}")
                  .getBytes(StandardCharsets.UTF_8);
          if (calls.get() <= throttled && retryAfter != null) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
          }
          exchange.sendResponseHeaders(calls.get() <= throttled ? 429 : 200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/namespaces";
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private int get(String url, double random) throws Exception {
    OkHttpClient client =
        new OkHttpClient.Builder()
            .addInterceptor(new TooManyRequests(pauses::add, () -> random))
            .build();
    try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return r.code();
    }
  }

  @Test
  void a_throttled_request_is_sent_again_after_retry_after_stretched_by_jitter() throws Exception {
    assertEquals(200, get(serve(2, "2"), 0.25));
    assertEquals(3, calls.get());
    assertEquals(List.of(2500L, 2500L), pauses, "Retry-After 2 s plus 25 %");
  }

  @Test
  void without_retry_after_it_waits_one_second_plus_jitter() throws Exception {
    assertEquals(200, get(serve(1, null), 0.9));
    assertEquals(List.of(1900L), pauses);
  }

  @Test
  void a_retry_after_beyond_ten_seconds_is_capped() throws Exception {
    assertEquals(200, get(serve(1, "3600"), 0.0));
    assertEquals(List.of(10_000L), pauses);
  }

  @Test
  void after_five_retries_the_429_goes_to_the_caller() throws Exception {
    assertEquals(429, get(serve(100, "1"), 0.5));
    assertEquals(1 + TooManyRequests.MAX_RETRIES, calls.get());
    assertEquals(TooManyRequests.MAX_RETRIES, pauses.size());
  }

  @Test
  void other_answers_are_passed_through_untouched() throws Exception {
    assertEquals(200, get(serve(0, null), 0.5));
    assertEquals(1, calls.get());
    assertEquals(List.of(), pauses);
  }
}

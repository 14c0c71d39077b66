package io.neo4jrestore.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@link Transport} over the JDK's {@link HttpClient}: adds the {@code Authorization} header from
 * {@link Credentials} and, on a 401, asks them to refresh (an exec plugin runs again, a token file
 * is re-read) and sends the request once more. Like client-go (kubectl), a 429 or 5xx answer with a
 * {@code Retry-After} header in seconds is retried after that long, up to {@link #MAX_RETRIES}
 * times (an API server starting up, or a custom resource whose storage is initialising, asks for
 * exactly that).
 */
public final class JdkTransport implements Transport {
  /** client-go's limit. */
  static final int MAX_RETRIES = 10;

  /** The longest single wait a server may ask for. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(10);

  private final String server;
  private final HttpClient http;
  private final Credentials credentials;
  private final Duration requestTimeout;
  private final String userAgent;

  /**
   * @param server the API server's URL ({@code https://host:port}, maybe with a path prefix)
   * @param requestTimeout the default limit for an answer ({@code --request-timeout}); zero or null
   *     for none
   */
  public JdkTransport(
      String server,
      HttpClient http,
      Credentials credentials,
      Duration requestTimeout,
      String userAgent) {
    this.server = server.replaceAll("/+$", "");
    this.http = http;
    this.credentials = credentials;
    this.requestTimeout = requestTimeout == null || requestTimeout.isZero() ? null : requestTimeout;
    this.userAgent = userAgent;
  }

  @Override
  public Response send(Request request) throws IOException {
    for (int retry = 0; ; retry++) {
      String sent = credentials.authorization();
      HttpResponse<InputStream> response = exchange(request, sent);
      if (response.statusCode() == 401 && credentials.invalidate(sent)) {
        response.body().close();
        response = exchange(request, credentials.authorization());
      }
      Duration wait = retryAfter(response);
      if (wait == null || retry >= MAX_RETRIES) {
        return new JdkResponse(response);
      }
      response.body().close();
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting to retry");
      }
    }
  }

  /** How long the server asks us to wait before retrying, or null when it does not. */
  static Duration retryAfter(HttpResponse<?> response) {
    int code = response.statusCode();
    if (code != 429 && code < 500) {
      return null;
    }
    String value = response.headers().firstValue("Retry-After").orElse("").strip();
    if (!value.matches("[0-9]{1,6}")) {
      return null;
    }
    Duration d = Duration.ofSeconds(Long.parseLong(value));
    return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
  }

  private HttpResponse<InputStream> exchange(Request request, String authorization)
      throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server + request.target()))
            .method(
                request.method(),
                request.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach(b::header);
    if (userAgent != null) {
      b.header("User-Agent", userAgent);
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    Duration timeout = request.timeout() == null ? requestTimeout : request.timeout();
    if (timeout != null && !timeout.isZero()) {
      b.timeout(timeout);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("interrupted");
      io.initCause(e);
      throw io;
    }
  }

  private record JdkResponse(HttpResponse<InputStream> response) implements Response {
    @Override
    public int code() {
      return response.statusCode();
    }

    @Override
    public List<String> headers(String name) {
      return response.headers().allValues(name);
    }

    @Override
    public Map<String, List<String>> allHeaders() {
      return response.headers().map();
    }

    @Override
    public InputStream body() {
      return response.body();
    }

    @Override
    public void close() {
      try {
        response.body().close();
      } catch (IOException ignored) {
        // closing is all that is left to do
      }
    }
  }
}

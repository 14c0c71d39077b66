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
 * is re-read) and sends the request once more.
 */
public final class JdkTransport implements Transport {
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
    String sent = credentials.authorization();
    HttpResponse<InputStream> response = exchange(request, sent);
    if (response.statusCode() == 401 && credentials.invalidate(sent)) {
      response.body().close();
      response = exchange(request, credentials.authorization());
    }
    return new JdkResponse(response);
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

package io.neo4jrestore.kube;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Moves one request to the API server and hands back its response: the only part of {@link
 * KubeRest} that differs between the plugin ({@link JdkTransport}) and the runner (client-java's
 * HTTP client, which carries the runner's authentication). Authentication, TLS and proxies are the
 * transport's business; paths, bodies and errors are {@link KubeRest}'s.
 */
public interface Transport {
  /**
   * Sends a request and returns once the status line and headers are in; the body is read from
   * {@link Response#body()}. Throws for anything that kept an answer from arriving (connection,
   * TLS, timeout, credentials as {@link CredentialsException}).
   */
  Response send(Request request) throws IOException;

  /**
   * One request.
   *
   * @param target the encoded path and query, e.g. {@code /api/v1/namespaces/a/pods?limit=1}
   * @param headers request headers (Accept, Content-Type); authentication is added by the transport
   * @param body the body, or null
   * @param timeout how long to wait for the answer: null for the transport's default, {@link
   *     Duration#ZERO} for no limit (watches and followed logs, which the caller bounds itself)
   */
  record Request(
      String method, String target, Map<String, String> headers, byte[] body, Duration timeout) {}

  /** A response whose body is still to be read. Closing it releases (or aborts) the connection. */
  interface Response extends Closeable {
    int code();

    /** Every value of a header (case-insensitive name), in order; empty when absent. */
    List<String> headers(String name);

    /** All headers (for error reports: {@code Retry-After}, audit IDs). */
    Map<String, List<String>> allHeaders();

    InputStream body();

    @Override
    void close();
  }
}

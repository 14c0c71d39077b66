package io.neo4jrestore.runner.stage;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A cloud object store the {@code stage} container reads: {@code <scheme>://<bucket>/<key>}. For S3
 * the bucket is the bucket; for Azure ({@code azb://account/container/path}) it is the storage
 * account and the key starts with the container.
 */
public interface CloudStore {
  /** The URI scheme this store reads, without {@code ://} ({@code s3}, {@code azb}). */
  String scheme();

  /** Every key under {@code prefix} (all pages). */
  List<String> list(String bucket, String prefix) throws IOException;

  /** The object's bytes as a stream, or empty when it does not exist. */
  Optional<InputStream> get(String bucket, String key) throws IOException;

  /**
   * A GET's body; empty on 404; on another status, what {@code failed} makes of the status and the
   * body's first 300 characters is thrown.
   */
  static Optional<InputStream> found(
      HttpResponse<InputStream> r, BiFunction<Integer, String, IOException> failed)
      throws IOException {
    if (r.statusCode() == 200) {
      return Optional.of(r.body());
    }
    try (InputStream body = r.body()) {
      if (r.statusCode() == 404) {
        return Optional.empty();
      }
      throw failed.apply(r.statusCode(), new String(body.readNBytes(300), StandardCharsets.UTF_8));
    }
  }

  /** Sends {@code request}; an interrupt becomes an IOException naming {@code service}. */
  static <T> HttpResponse<T> send(
      HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> handler, String service)
      throws IOException {
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted talking to " + service, e);
    }
  }
}

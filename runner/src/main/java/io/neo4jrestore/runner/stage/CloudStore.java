package io.neo4jrestore.runner.stage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

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
}

package io.neo4jrestore.api.model;

/**
 * How stored transaction-log artifacts are compressed.
 *
 * @param algorithm {@code gzip} (default), {@code lz4} or {@code zstd}
 * @param level algorithm-specific level
 */
public record CompressionConfig(Boolean enabled, String algorithm, Integer level) {}

package io.neo4jrestore.api.model;

/**
 * How stored transaction-log artifacts are encrypted.
 *
 * @param algorithm {@code AES256} (default) or {@code ChaCha20Poly1305}
 * @param keySecret Secret holding the key; required when enabled
 * @param keySecretKey key inside the Secret (default {@code key})
 */
public record EncryptionConfig(
    Boolean enabled, String algorithm, String keySecret, String keySecretKey) {}

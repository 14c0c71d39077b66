package io.neo4jrestore.runner.stage;

import java.util.Locale;

/** The envelope's algorithms ({@link Envelope}); the id is the header's algorithm byte. */
public enum Encryption {
  AES256(1, "AES/GCM/NoPadding", "AES"),
  CHACHA20_POLY1305(2, "ChaCha20-Poly1305", "ChaCha20");

  private final int id;
  private final String transformation;
  private final String keyAlgorithm;

  Encryption(int id, String transformation, String keyAlgorithm) {
    this.id = id;
    this.transformation = transformation;
    this.keyAlgorithm = keyAlgorithm;
  }

  public int id() {
    return id;
  }

  String transformation() {
    return transformation;
  }

  String keyAlgorithm() {
    return keyAlgorithm;
  }

  /** The resource's spelling: {@code AES256} (default) or {@code ChaCha20Poly1305}. */
  public static Encryption of(String algorithm) {
    String a = algorithm == null ? "aes256" : algorithm.toLowerCase(Locale.ROOT);
    return switch (a) {
      case "aes256" -> AES256;
      case "chacha20poly1305" -> CHACHA20_POLY1305;
      default ->
          throw new IllegalArgumentException(
              "encryption \"" + algorithm + "\" is not AES256 or ChaCha20Poly1305");
    };
  }

  static Encryption ofId(int id) {
    for (Encryption e : values()) {
      if (e.id == id) {
        return e;
      }
    }
    return null;
  }

  /** The resource's spelling of this algorithm. */
  public String specName() {
    return this == AES256 ? "AES256" : "ChaCha20Poly1305";
  }
}

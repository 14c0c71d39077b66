package io.neo4jrestore.runner.stage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Checksum sidecars: {@code <stored name>.sha256} next to an artifact holds the SHA-256 of the
 * stored bytes, as {@code sha256sum} writes it ({@code <64 hex> <name>}) or the bare hex.
 */
public final class Checksums {
  public static final String SUFFIX = ".sha256";

  private Checksums() {}

  public static Path sidecar(Path artifact) {
    return artifact.resolveSibling(artifact.getFileName() + SUFFIX);
  }

  /** The expected hex digest, or empty when there is no sidecar. */
  public static Optional<String> expected(Path artifact) throws StageException {
    Path side = sidecar(artifact);
    if (!Files.isRegularFile(side)) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(Files.readString(side, StandardCharsets.US_ASCII), side.toString()));
    } catch (IOException e) {
      throw new StageException("cannot read checksum file " + side + ": " + e.getMessage(), e);
    }
  }

  /** The hex digest a sidecar's text starts with; throws naming the sidecar otherwise. */
  static String parse(String text, String sidecar) throws StageException {
    String hex = text.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new StageException(
          "checksum file " + sidecar + " does not start with a SHA-256 in hex; rewrite it");
    }
    return hex;
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JRE", e);
    }
  }

  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Writes the sidecar of {@code artifact} in {@code sha256sum} format. */
  public static void write(Path artifact, String hex) throws IOException {
    Files.writeString(
        sidecar(artifact), hex + "  " + artifact.getFileName() + "\n", StandardCharsets.US_ASCII);
  }
}

package io.neo4jrestore.runner.stage;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a stored artifact's file name says about it: {@code <name>.backup} is a plain Neo4j backup
 * artifact (already compressed internally, passed through unchanged); {@code .gz}, {@code .lz4} or
 * {@code .zst} after it says it was compressed, a final {@code .enc} that it was encrypted (after
 * compressing). Nothing else is transformed: the name alone decides, never the resource's {@code
 * compression.enabled}, so a plain chain is never broken by the default.
 *
 * @param stored the file name as stored, e.g. {@code orders-2025-01-04T12-00-03.backup.zst.enc}
 * @param staged the name neo4j-admin reads after staging, e.g. {@code
 *     orders-2025-01-04T12-00-03.backup}
 * @param compression how the stored bytes were compressed
 * @param encrypted whether the stored bytes are an encryption envelope ({@link Envelope})
 */
public record ArtifactName(
    String stored, String staged, Compression compression, boolean encrypted) {

  private static final Pattern NAME =
      Pattern.compile("^(.+\\.backup)(\\.(gz|lz4|zst))?(\\.enc)?$", Pattern.CASE_INSENSITIVE);

  /** The name's meaning, or empty when it is not a backup artifact (e.g. a {@code .sha256}). */
  public static Optional<ArtifactName> parse(String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches() || fileName.contains("/")) {
      return Optional.empty();
    }
    Compression c =
        m.group(3) == null
            ? Compression.NONE
            : Compression.ofSuffix(m.group(3).toLowerCase(Locale.ROOT));
    return Optional.of(new ArtifactName(fileName, m.group(1), c, m.group(4) != null));
  }

  /** The stored name for a plain artifact packed with these transformations. */
  public static String stored(String plainName, Compression compression, boolean encrypted) {
    return plainName + compression.suffix() + (encrypted ? ".enc" : "");
  }

  /** True when staging must decode the bytes (otherwise the file is passed through). */
  public boolean transformed() {
    return compression != Compression.NONE || encrypted;
  }
}

package io.neo4jrestore.runner.stage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * Writes an artifact in the stored format staging reads: compressed, then encrypted, named {@code
 * <name>.backup[.gz|.lz4|.zst][.enc]}, with a {@code .sha256} sidecar of the stored bytes.
 *
 * @param compression NONE to leave the bytes uncompressed
 * @param level the compression level, or null for the format's default ({@link
 *     Compression#checkLevel})
 * @param encryption null to leave the bytes unencrypted
 * @param key the 32-byte key when encrypting
 */
public record Packer(Compression compression, Integer level, Encryption encryption, byte[] key) {

  /** Packs {@code source} (a {@code .backup} file) into {@code toDir}; returns the stored file. */
  public Path pack(Path source, Path toDir) throws StageException {
    String plain = source.getFileName().toString();
    if (!plain.endsWith(".backup")) {
      throw new StageException(source + " is not a Neo4j backup artifact (*.backup)");
    }
    if (encryption != null) {
      Envelope.checkKey(key);
    }
    String storedName = ArtifactName.stored(plain, compression, encryption != null);
    Path stored = toDir.resolve(storedName);
    Path partial = toDir.resolve(storedName + ".partial");
    MessageDigest digest = Checksums.sha256();
    try {
      Files.createDirectories(toDir);
      try (InputStream in = Files.newInputStream(source);
          OutputStream file =
              new DigestOutputStream(
                  new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16), digest);
          OutputStream sealed =
              encryption == null ? file : Envelope.encrypting(file, encryption, key);
          OutputStream out = compression.compressing(sealed, level)) {
        in.transferTo(out);
      }
      Files.move(partial, stored, StandardCopyOption.ATOMIC_MOVE);
      Checksums.write(stored, Checksums.hex(digest));
      return stored;
    } catch (IOException | IllegalArgumentException e) {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // the original failure is the one to report
      }
      throw new StageException("cannot pack " + source + ": " + e.getMessage(), e);
    }
  }
}

package io.neo4jrestore.runner;

import io.neo4jrestore.runner.stage.Encryption;
import io.neo4jrestore.runner.stage.Keys;
import io.neo4jrestore.runner.stage.StageException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --encryption} and {@code --key-file} of {@code pack} and {@code stage}. */
final class KeyOptions {
  @Option(names = "--encryption", description = "AES256 or ChaCha20Poly1305 (needs --key-file).")
  String encryption;

  @Option(names = "--key-file", description = "File holding the 32-byte key.")
  Path keyFile;

  /** The algorithm, or null without {@code --encryption}. */
  Encryption algorithm() {
    return encryption == null ? null : Encryption.of(encryption);
  }

  /** The key, or null without {@code --encryption}; the file is never echoed. */
  byte[] key() throws StageException {
    if (encryption == null) {
      return null;
    }
    if (keyFile == null) {
      throw new StageException("--encryption needs --key-file");
    }
    return Keys.read(keyFile);
  }
}

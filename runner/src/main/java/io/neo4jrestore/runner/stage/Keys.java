package io.neo4jrestore.runner.stage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The 32-byte key as the Secret holds it: 32 raw bytes, or text with 32 bytes in base64 ({@code
 * openssl rand -base64 32}) or hex ({@code openssl rand -hex 32}); surrounding whitespace ignored.
 * It is read from a file (the Secret mounted as a volume), never from a command line.
 */
public final class Keys {
  private Keys() {}

  public static byte[] read(Path file) throws StageException {
    byte[] raw;
    try {
      raw = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new StageException(
          "cannot read the encryption key file " + file + ": " + e.getMessage(), e);
    }
    return parse(raw, file.toString());
  }

  static byte[] parse(byte[] raw, String where) throws StageException {
    if (raw.length == Envelope.KEY_SIZE) {
      return raw;
    }
    String text = new String(raw, StandardCharsets.US_ASCII).strip();
    if (text.length() == 64 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return HexFormat.of().parseHex(text);
    }
    try {
      byte[] decoded = Base64.getDecoder().decode(text);
      if (decoded.length == Envelope.KEY_SIZE) {
        return decoded;
      }
    } catch (IllegalArgumentException notBase64) {
      // reported below
    }
    throw new StageException(
        "the encryption key in "
            + where
            + " is not 32 bytes, nor 32 bytes in base64 or hex; create it with openssl rand"
            + " -base64 32");
  }
}

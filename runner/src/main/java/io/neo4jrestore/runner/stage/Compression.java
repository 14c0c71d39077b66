package io.neo4jrestore.runner.stage;

import io.airlift.compress.zstd.ZstdInputStream;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The compression formats staging reads and {@code pack} writes. Each is the standard stream format
 * of its command-line tool, so a pipeline may use {@code gzip}, {@code lz4} or {@code zstd} instead
 * of {@code pack}: gzip (RFC 1952), the LZ4 frame format (with content checksum when written here),
 * the Zstandard frame format (RFC 8878).
 *
 * <p>All three are pure Java: the runner image needs no native library (lz4-java is used through
 * its {@code safeInstance()}, never its JNI binding; aircompressor has no native code).
 */
public enum Compression {
  NONE("", new byte[0]),
  /** RFC 1952: ID1 0x1f, ID2 0x8b. */
  GZIP(".gz", new byte[] {0x1f, (byte) 0x8b}),
  /** LZ4 frame format: magic number 0x184D2204, little-endian. */
  LZ4(".lz4", new byte[] {0x04, 0x22, 0x4d, 0x18}),
  /** RFC 8878: magic number 0xFD2FB528, little-endian. */
  ZSTD(".zst", new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd});

  /** The only level aircompressor's pure-Java Zstandard encoder implements. */
  public static final int ZSTD_LEVEL = 3;

  private final String suffix;
  private final byte[] magic;

  Compression(String suffix, byte[] magic) {
    this.suffix = suffix;
    this.magic = magic;
  }

  /** The bytes every stream of this format starts with. */
  public static final int MAGIC_LENGTH = 4;

  /**
   * The format whose magic number {@code head} starts with (at most {@link #MAGIC_LENGTH} bytes are
   * looked at), or {@link #NONE}.
   */
  public static Compression sniff(byte[] head) {
    for (Compression c : values()) {
      if (c != NONE && head.length >= c.magic.length) {
        boolean match = true;
        for (int i = 0; i < c.magic.length; i++) {
          match &= head[i] == c.magic[i];
        }
        if (match) {
          return c;
        }
      }
    }
    return NONE;
  }

  public String suffix() {
    return suffix;
  }

  static Compression ofSuffix(String suffix) {
    for (Compression c : values()) {
      if (c.suffix.equals("." + suffix)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown compression suffix ." + suffix);
  }

  /** The resource's spelling ({@code gzip}, {@code lz4}, {@code zstd}; {@code none}). */
  public static Compression of(String algorithm) {
    return switch (algorithm == null ? "gzip" : algorithm.toLowerCase(Locale.ROOT)) {
      case "gzip" -> GZIP;
      case "lz4" -> LZ4;
      case "zstd" -> ZSTD;
      case "none" -> NONE;
      default ->
          throw new IllegalArgumentException(
              "compression \"" + algorithm + "\" is not one of gzip, lz4, zstd, none");
    };
  }

  /**
   * Checks a level for {@code pack}: gzip 1-9, lz4 0 (fast) or 1-17 (LZ4HC), zstd only {@value
   * #ZSTD_LEVEL}. Null means the format's default. Staging reads every level.
   */
  public void checkLevel(Integer level) {
    if (level == null) {
      return;
    }
    boolean ok =
        switch (this) {
          case NONE -> false;
          case GZIP -> level >= 1 && level <= 9;
          case LZ4 -> level >= 0 && level <= 17;
          case ZSTD -> level == ZSTD_LEVEL;
        };
    if (!ok) {
      throw new IllegalArgumentException(
          switch (this) {
            case NONE -> "no level applies without compression";
            case GZIP -> "gzip level " + level + " is not between 1 and 9";
            case LZ4 -> "lz4 level " + level + " is not 0 (fast) or 1-17 (LZ4HC)";
            case ZSTD ->
                "zstd level "
                    + level
                    + ": the pure-Java encoder writes level "
                    + ZSTD_LEVEL
                    + " only; compress with the zstd tool (zstd -"
                    + level
                    + ") instead, staging reads every level";
          });
    }
  }

  /** Wraps {@code out} so that what is written to the result is compressed. */
  public OutputStream compressing(OutputStream out, Integer level) throws IOException {
    checkLevel(level);
    return switch (this) {
      case NONE -> out;
      case GZIP -> {
        int l = level == null ? Deflater.DEFAULT_COMPRESSION : level;
        yield new GZIPOutputStream(out, 64 * 1024) {
          {
            def.setLevel(l);
          }
        };
      }
      case LZ4 -> {
        LZ4Factory f = LZ4Factory.safeInstance();
        LZ4Compressor c =
            level == null || level == 0 ? f.fastCompressor() : f.highCompressor(level);
        yield new LZ4FrameOutputStream(
            out,
            LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB,
            -1L,
            c,
            XXHashFactory.safeInstance().hash32(),
            LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
            LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM);
      }
      case ZSTD -> new ZstdOutputStream(out);
    };
  }

  /** Wraps {@code in} so that reading the result decompresses. */
  public InputStream decompressing(InputStream in) throws IOException {
    return switch (this) {
      case NONE -> in;
      case GZIP -> new GZIPInputStream(in, 64 * 1024);
      case LZ4 ->
          new LZ4FrameInputStream(
              in,
              LZ4Factory.safeInstance().safeDecompressor(),
              XXHashFactory.safeInstance().hash32());
      case ZSTD -> new ZstdInputStream(in);
    };
  }
}

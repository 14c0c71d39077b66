package io.neo4jrestore.runner.stage;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encryption envelope of a {@code .enc} artifact: a chunked AEAD stream (the STREAM
 * construction, with the nonce layout of Tink's streaming AEAD). Layout, all integers big-endian:
 *
 * <pre>
 * header (20 bytes):
 *   0  magic        8 bytes  ASCII "N4JRENC1"
 *   8  algorithm    1 byte   1 = AES-256-GCM, 2 = ChaCha20-Poly1305
 *   9  chunk size   4 bytes  plaintext bytes per chunk, 1 KiB .. 16 MiB ({@value #CHUNK_SIZE} written)
 *   13 nonce prefix 7 bytes  random, per file
 * then chunks 0, 1, ..., n-1:
 *   ciphertext of chunk-size plaintext bytes (the last chunk: 0 .. chunk size bytes), then the
 *   16-byte authentication tag
 * nonce of chunk i (12 bytes) = nonce prefix (7) | i (4 bytes) | 0x01 for the last chunk, else 0x00
 * associated data of every chunk = the 20 header bytes
 * </pre>
 *
 * <p>The key is 32 bytes for both algorithms, used directly (the random per-file prefix keeps
 * nonces unique). The last-chunk flag in the nonce makes a truncated file fail instead of
 * decrypting to a shorter plaintext; the header as associated data binds algorithm and chunk size.
 * An empty plaintext is one last chunk holding only a tag.
 */
public final class Envelope {
  public static final byte[] MAGIC =
      "N4JRENC1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  public static final int HEADER_SIZE = 20;
  public static final int TAG_SIZE = 16;
  public static final int KEY_SIZE = 32;
  public static final int CHUNK_SIZE = 1 << 20;

  private static final int MIN_CHUNK = 1 << 10;
  private static final int MAX_CHUNK = 1 << 24;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Envelope() {}

  /** An output stream that encrypts into {@code out}; closing it writes the last chunk. */
  public static OutputStream encrypting(OutputStream out, Encryption algorithm, byte[] key)
      throws IOException {
    return encrypting(out, algorithm, key, CHUNK_SIZE);
  }

  static OutputStream encrypting(OutputStream out, Encryption algorithm, byte[] key, int chunk)
      throws IOException {
    checkKey(key);
    byte[] prefix = new byte[7];
    RANDOM.nextBytes(prefix);
    byte[] header =
        ByteBuffer.allocate(HEADER_SIZE)
            .put(MAGIC)
            .put((byte) algorithm.id())
            .putInt(chunk)
            .put(prefix)
            .array();
    out.write(header);
    return new Sealer(out, algorithm, key, header, chunk);
  }

  /**
   * An input stream that decrypts {@code in}; a wrong key, a changed byte, a truncated or reordered
   * file, or another algorithm than {@code expected} fail with an IOException saying which.
   */
  public static InputStream decrypting(InputStream in, Encryption expected, byte[] key)
      throws IOException {
    checkKey(key);
    byte[] header = in.readNBytes(HEADER_SIZE);
    if (header.length < HEADER_SIZE
        || !Arrays.equals(Arrays.copyOfRange(header, 0, MAGIC.length), MAGIC)) {
      throw new IOException(
          "not an encryption envelope (no N4JRENC1 header): the file is not encrypted by this"
              + " format, or its start is damaged");
    }
    Encryption algorithm = Encryption.ofId(header[8] & 0xff);
    if (algorithm == null) {
      throw new IOException("unknown encryption algorithm id " + (header[8] & 0xff));
    }
    if (algorithm != expected) {
      throw new IOException(
          "encrypted with "
              + algorithm.specName()
              + " but the resource says "
              + expected.specName()
              + "; set pitr.encryption.algorithm to match");
    }
    int chunk = ByteBuffer.wrap(header, 9, 4).getInt();
    if (chunk < MIN_CHUNK || chunk > MAX_CHUNK) {
      throw new IOException("chunk size " + chunk + " in the header is out of range");
    }
    return new Opener(in, algorithm, key, header, chunk);
  }

  static void checkKey(byte[] key) {
    if (key == null || key.length != KEY_SIZE) {
      throw new IllegalArgumentException(
          "the encryption key must be 32 bytes, got " + (key == null ? 0 : key.length));
    }
  }

  private static Cipher cipher(
      int mode, Encryption algorithm, byte[] key, byte[] header, long index, boolean last)
      throws IOException {
    if (index > 0xffffffffL) {
      throw new IOException("too many chunks for one envelope");
    }
    byte[] nonce =
        ByteBuffer.allocate(12)
            .put(header, 13, 7)
            .putInt((int) index)
            .put((byte) (last ? 1 : 0))
            .array();
    try {
      Cipher c = Cipher.getInstance(algorithm.transformation());
      AlgorithmParameterSpec params =
          algorithm == Encryption.AES256
              ? new GCMParameterSpec(TAG_SIZE * 8, nonce)
              : new IvParameterSpec(nonce);
      c.init(mode, new SecretKeySpec(key, algorithm.keyAlgorithm()), params);
      c.updateAAD(header);
      return c;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up " + algorithm.specName() + ": " + e.getMessage(), e);
    }
  }

  /** Buffers one chunk; a full chunk is sealed only when more data follows (else it is last). */
  private static final class Sealer extends OutputStream {
    private final OutputStream out;
    private final Encryption algorithm;
    private final byte[] key;
    private final byte[] header;
    private final byte[] buffer;
    private int filled;
    private long index;
    private boolean closed;

    Sealer(OutputStream out, Encryption algorithm, byte[] key, byte[] header, int chunk) {
      this.out = out;
      this.algorithm = algorithm;
      this.key = key.clone();
      this.header = header;
      this.buffer = new byte[chunk];
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (filled == buffer.length) {
          seal(false);
        }
        int n = Math.min(len, buffer.length - filled);
        System.arraycopy(b, off, buffer, filled, n);
        filled += n;
        off += n;
        len -= n;
      }
    }

    private void seal(boolean last) throws IOException {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, algorithm, key, header, index++, last);
      try {
        out.write(c.doFinal(buffer, 0, filled));
      } catch (GeneralSecurityException e) {
        throw new IOException("encryption failed: " + e.getMessage(), e);
      }
      filled = 0;
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      seal(true);
      Arrays.fill(key, (byte) 0);
      out.close();
    }
  }

  /** Reads and opens one chunk at a time; a chunk followed by end of file is the last. */
  private static final class Opener extends InputStream {
    private final InputStream in;
    private final Encryption algorithm;
    private final byte[] key;
    private final byte[] header;
    private final int sealedSize;
    private byte[] plain = new byte[0];
    private int pos;
    private long index;
    private boolean done;
    private int lookahead = -2;

    Opener(InputStream in, Encryption algorithm, byte[] key, byte[] header, int chunk) {
      this.in = in;
      this.algorithm = algorithm;
      this.key = key.clone();
      this.header = header;
      this.sealedSize = chunk + TAG_SIZE;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (pos == plain.length) {
        if (done) {
          return -1;
        }
        next();
      }
      int n = Math.min(len, plain.length - pos);
      System.arraycopy(plain, pos, b, off, n);
      pos += n;
      return n;
    }

    private void next() throws IOException {
      ByteArrayOutputStream sealed = new ByteArrayOutputStream(sealedSize);
      if (lookahead >= 0) {
        sealed.write(lookahead);
      }
      sealed.write(in.readNBytes(sealedSize - sealed.size()));
      lookahead = in.read();
      boolean last = lookahead < 0;
      byte[] bytes = sealed.toByteArray();
      if (bytes.length < TAG_SIZE) {
        throw new EOFException(
            "the envelope ends inside chunk " + index + ": the file is truncated");
      }
      Cipher c = cipher(Cipher.DECRYPT_MODE, algorithm, key, header, index, last);
      try {
        plain = c.doFinal(bytes);
      } catch (AEADBadTagException e) {
        throw new IOException(
            "chunk "
                + index
                + " does not authenticate: wrong key, or the file was changed or truncated");
      } catch (GeneralSecurityException e) {
        throw new IOException("decryption failed at chunk " + index + ": " + e.getMessage(), e);
      }
      pos = 0;
      index++;
      if (last) {
        done = true;
        Arrays.fill(key, (byte) 0);
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}

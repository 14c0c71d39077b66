package io.neo4jrestore.kube;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM certificates and private keys, with the JDK alone. Keys: {@code PRIVATE KEY} (PKCS#8: RSA,
 * RSASSA-PSS, EC, Ed25519, Ed448), {@code RSA PRIVATE KEY} (PKCS#1) and {@code EC PRIVATE KEY}
 * (SEC1), the forms kubeadm, kind, k3s, openssl and cert-manager write. Like kubectl, blocks of
 * other types are skipped ({@code EC PARAMETERS} before a key, text around blocks) and encrypted
 * keys are refused.
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);

  private static final String RSA = "1.2.840.113549.1.1.1";
  private static final String RSA_PSS = "1.2.840.113549.1.1.10";
  private static final String EC = "1.2.840.10045.2.1";
  private static final String ED25519 = "1.3.101.112";
  private static final String ED448 = "1.3.101.113";

  /** DER of {@code AlgorithmIdentifier {rsaEncryption, NULL}}. */
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  /** DER of the OID {@code id-ecPublicKey}. */
  private static final byte[] EC_OID = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private Pem() {}

  /** One {@code -----BEGIN TYPE-----} block: its type and decoded content. */
  public record Block(String type, byte[] der, boolean encrypted) {}

  /** Every block in the text, in order. */
  public static List<Block> blocks(byte[] pem) {
    String text = new String(pem, StandardCharsets.US_ASCII);
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String body = m.group(2);
      boolean encrypted = false;
      StringBuilder base64 = new StringBuilder();
      for (String line : body.split("\\r?\\n")) {
        if (line.contains(":")) { // RFC 1421 headers (Proc-Type, DEK-Info): legacy encryption
          encrypted |= line.startsWith("Proc-Type:") && line.contains("ENCRYPTED");
          continue;
        }
        base64.append(line.strip());
      }
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(base64.toString());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "the PEM block " + m.group(1) + " is not valid base64: " + e.getMessage(), e);
      }
      blocks.add(
          new Block(m.group(1), der, encrypted || m.group(1).equals("ENCRYPTED PRIVATE KEY")));
    }
    return blocks;
  }

  /**
   * The {@code CERTIFICATE} blocks, in order (a chain: the leaf first).
   *
   * @throws IllegalArgumentException when there is none or one cannot be parsed
   */
  public static List<X509Certificate> certificates(byte[] pem) {
    List<X509Certificate> certs = new ArrayList<>();
    CertificateFactory factory = null;
    for (Block b : blocks(pem)) {
      if (!b.type().equals("CERTIFICATE")) {
        continue;
      }
      try {
        if (factory == null) {
          factory = CertificateFactory.getInstance("X.509");
        }
        certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
      } catch (CertificateException e) {
        throw new IllegalArgumentException(
            "certificate " + (certs.size() + 1) + " cannot be read: " + e.getMessage(), e);
      }
    }
    if (certs.isEmpty()) {
      throw new IllegalArgumentException("it holds no PEM CERTIFICATE block");
    }
    return certs;
  }

  /**
   * The first private key.
   *
   * @throws IllegalArgumentException when there is none, it is encrypted or cannot be parsed
   */
  public static PrivateKey privateKey(byte[] pem) {
    for (Block b : blocks(pem)) {
      if (b.encrypted()) {
        throw new IllegalArgumentException(
            "the private key is encrypted, which kubectl does not support either; write it"
                + " decrypted (openssl pkey -in KEY -out KEY.plain)");
      }
      try {
        switch (b.type()) {
          case "PRIVATE KEY":
            return pkcs8(b.der());
          case "RSA PRIVATE KEY":
            return KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(pkcs8(RSA_ALGORITHM, b.der())));
          case "EC PRIVATE KEY":
            return KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(pkcs8FromSec1(b.der())));
          default:
            // EC PARAMETERS, CERTIFICATE...: not the key
        }
      } catch (GeneralSecurityException | IndexOutOfBoundsException e) {
        throw new IllegalArgumentException(
            "the " + b.type() + " block cannot be read: " + e.getMessage(), e);
      }
    }
    throw new IllegalArgumentException(
        "it holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier { OID, ... }, OCTET STRING, ... }
    Der info = Der.of(der).enter(0x30);
    info.skip(0x02);
    String oid = info.enter(0x30).oid();
    String algorithm =
        switch (oid) {
          case RSA -> "RSA";
          case RSA_PSS -> "RSASSA-PSS";
          case EC -> "EC";
          case ED25519 -> "Ed25519";
          case ED448 -> "Ed448";
          default ->
              throw new GeneralSecurityException("unsupported private key algorithm OID " + oid);
        };
    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  /** SEC1 {@code ECPrivateKey} -> PKCS#8 with the curve taken from its {@code [0]} parameters. */
  private static byte[] pkcs8FromSec1(byte[] sec1) throws GeneralSecurityException {
    // ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] curve OID, [1] pub }
    Der key = Der.of(sec1).enter(0x30);
    key.skip(0x02);
    key.skip(0x04);
    byte[] curve = null;
    while (key.hasMore()) {
      if (key.peekTag() == 0xa0) {
        curve = key.enter(0xa0).raw(0x06);
        break;
      }
      key.skipAny();
    }
    if (curve == null) {
      throw new GeneralSecurityException("the EC key names no curve");
    }
    return pkcs8(Der.tlv(0x30, EC_OID, curve), sec1);
  }

  private static byte[] pkcs8(byte[] algorithmIdentifier, byte[] privateKey) {
    byte[] version = {0x02, 0x01, 0x00};
    return Der.tlv(0x30, version, algorithmIdentifier, Der.tlv(0x04, privateKey));
  }

  /** Just enough DER to find OIDs and wrap keys. */
  static final class Der {
    private final byte[] b;
    private int pos;
    private final int end;

    private Der(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    static Der of(byte[] b) {
      return new Der(b, 0, b.length);
    }

    boolean hasMore() {
      return pos < end;
    }

    int peekTag() {
      return b[pos] & 0xff;
    }

    /** The contents of the next element, which must have {@code tag}, as a reader. */
    Der enter(int tag) throws GeneralSecurityException {
      int[] h = header(tag);
      pos = h[1];
      return new Der(b, h[0], h[1]);
    }

    void skip(int tag) throws GeneralSecurityException {
      pos = header(tag)[1];
    }

    void skipAny() throws GeneralSecurityException {
      pos = header(-1)[1];
    }

    /** The whole next element (tag, length, contents), which must have {@code tag}. */
    byte[] raw(int tag) throws GeneralSecurityException {
      int start = pos;
      pos = header(tag)[1];
      byte[] out = new byte[pos - start];
      System.arraycopy(b, start, out, 0, out.length);
      return out;
    }

    /** The next element as an OBJECT IDENTIFIER in dotted form. */
    String oid() throws GeneralSecurityException {
      int[] h = header(0x06);
      pos = h[1];
      StringBuilder s = new StringBuilder();
      long value = 0;
      boolean first = true;
      for (int i = h[0]; i < h[1]; i++) {
        value = (value << 7) | (b[i] & 0x7f);
        if ((b[i] & 0x80) == 0) {
          if (first) {
            long x = Math.min(value / 40, 2);
            s.append(x).append('.').append(value - 40 * x);
            first = false;
          } else {
            s.append('.').append(value);
          }
          value = 0;
        }
      }
      return s.toString();
    }

    /** {contents start, contents end} of the next element; checks its tag unless -1. */
    private int[] header(int tag) throws GeneralSecurityException {
      if (pos + 2 > end) {
        throw new GeneralSecurityException("truncated DER");
      }
      int t = b[pos] & 0xff;
      if (tag != -1 && t != tag) {
        throw new GeneralSecurityException(
            "unexpected DER tag 0x"
                + Integer.toHexString(t)
                + " (wanted 0x"
                + Integer.toHexString(tag)
                + ")");
      }
      int i = pos + 1;
      int len = b[i++] & 0xff;
      if (len > 0x7f) {
        int n = len & 0x7f;
        if (n > 4) {
          throw new GeneralSecurityException("DER length too long");
        }
        len = 0;
        for (int k = 0; k < n; k++) {
          len = (len << 8) | (b[i++] & 0xff);
        }
      }
      if (len < 0 || i + len > end) {
        throw new GeneralSecurityException("truncated DER");
      }
      return new int[] {i, i + len};
    }

    /** Encodes tag, definite length and the concatenated contents. */
    static byte[] tlv(int tag, byte[]... contents) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (byte[] c : contents) {
        body.writeBytes(c);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(tag);
      int len = body.size();
      if (len < 0x80) {
        out.write(len);
      } else {
        int bytes = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
        out.write(0x80 | bytes);
        for (int k = bytes - 1; k >= 0; k--) {
          out.write(len >>> (8 * k));
        }
      }
      out.writeBytes(body.toByteArray());
      return out.toByteArray();
    }
  }
}

package io.neo4jrestore.testenv;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for a test control plane: one CA, serving and client certificates, PEM files. */
public final class Pki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A key pair and its certificate. */
  public record Issued(KeyPair keyPair, X509Certificate certificate) {
    public String certificatePem() {
      return pem(certificate);
    }

    public String privateKeyPem() {
      return pem(keyPair.getPrivate());
    }

    /** Writes {@code <name>.crt} and {@code <name>.key} into {@code dir}. */
    public void write(Path dir, String name) {
      writeFile(dir.resolve(name + ".crt"), certificatePem());
      writeFile(dir.resolve(name + ".key"), privateKeyPem());
    }
  }

  private final Issued ca;

  private Pki(Issued ca) {
    this.ca = ca;
  }

  /** A new self-signed CA named {@code commonName}. */
  public static Pki newCa(String commonName) {
    KeyPair keys = rsa();
    X500Name name = new X500Name("CN=" + commonName);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = builder(name, name, keys);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new Pki(new Issued(keys, sign(b, keys)));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a test CA", e);
    }
  }

  public Issued ca() {
    return ca;
  }

  /** A serving certificate for the given DNS names and IP addresses. */
  public Issued server(String commonName, List<String> dnsNames, List<String> ips) {
    GeneralName[] sans = new GeneralName[dnsNames.size() + ips.size()];
    int i = 0;
    for (String dns : dnsNames) {
      sans[i++] = new GeneralName(GeneralName.dNSName, dns);
    }
    for (String ip : ips) {
      sans[i++] = new GeneralName(GeneralName.iPAddress, ip);
    }
    return issue("CN=" + commonName, KeyPurposeId.id_kp_serverAuth, new GeneralNames(sans));
  }

  /** A client certificate: Kubernetes reads CN as the user and each O as a group. */
  public Issued client(String user, String... groups) {
    StringBuilder subject = new StringBuilder();
    for (String g : groups) {
      subject.append("O=").append(g).append(',');
    }
    subject.append("CN=").append(user);
    return issue(subject.toString(), KeyPurposeId.id_kp_clientAuth, null);
  }

  /**
   * A TLS context that presents {@code identity} (a serving or client certificate from this CA) and
   * trusts only certificates from this CA.
   */
  public SSLContext sslContext(Issued identity) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca.certificate());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] pw = "test".toCharArray();
      keys.setKeyEntry(
          "identity",
          identity.keyPair().getPrivate(),
          pw,
          new Certificate[] {identity.certificate()});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, pw);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a test TLS context", e);
    }
  }

  /** An RSA key pair (the ServiceAccount token signing key). */
  public static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pem(Object value) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static void writeFile(Path file, String content) {
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Issued issue(String subject, KeyPurposeId purpose, GeneralNames sans) {
    KeyPair keys = rsa();
    try {
      X500Name issuer = new X500Name(ca.certificate().getSubjectX500Principal().getName());
      X509v3CertificateBuilder b = builder(issuer, new X500Name(subject), keys);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      if (sans != null) {
        b.addExtension(Extension.subjectAlternativeName, false, sans);
      }
      return new Issued(keys, sign(b, ca.keyPair()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue " + subject, e);
    }
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(2))),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }
}

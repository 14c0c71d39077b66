package io.neo4jrestore.kube.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates and keys made by {@code openssl} at test time, in the forms real kubeconfigs carry
 * (no private key is committed). Needs {@code openssl} (Debian: package openssl) on PATH.
 */
public final class TestPki {
  /** How a private key is generated and written. */
  public enum KeyKind {
    /** {@code RSA PRIVATE KEY} (PKCS#1): kubeadm, kind, minikube. */
    RSA_PKCS1(List.of("genrsa", "-traditional", "-out", "%s", "2048"), "RSA"),
    /** {@code PRIVATE KEY} RSA (PKCS#8): openssl 3's default, cert-manager. */
    RSA_PKCS8(
        List.of("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "%s"),
        "RSA"),
    /** {@code EC PRIVATE KEY} P-256 (SEC1): k3s, kubeadm with ECDSA keys. */
    EC_SEC1(List.of("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "%s"), "EC"),
    /** An {@code EC PARAMETERS} block, then {@code EC PRIVATE KEY}: {@code openssl ecparam}. */
    EC_SEC1_WITH_PARAMETERS(
        List.of("ecparam", "-name", "prime256v1", "-genkey", "-out", "%s"), "EC"),
    /** {@code EC PRIVATE KEY} P-384 (SEC1). */
    EC_P384_SEC1(List.of("ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "%s"), "EC"),
    /** {@code PRIVATE KEY} EC P-256 (PKCS#8). */
    EC_PKCS8(
        List.of("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "%s"),
        "EC"),
    /** {@code PRIVATE KEY} Ed25519 (PKCS#8). */
    ED25519(List.of("genpkey", "-algorithm", "ed25519", "-out", "%s"), "EdDSA");

    final List<String> command;
    final String algorithm;

    KeyKind(List<String> command, String algorithm) {
      this.command = command;
      this.algorithm = algorithm;
    }

    /** The JDK's name of the key's algorithm family (RSA, EC, EdDSA). */
    public String algorithm() {
      return algorithm;
    }
  }

  /**
   * A certificate and its key, as PEM files; {@code chain} is the certificate and the intermediate
   * CAs above it; {@code root} says it is self-signed.
   */
  public record Issued(String name, Path cert, Path key, Path chain, boolean root) {
    public String certPem() {
      return read(cert);
    }

    public String keyPem() {
      return read(key);
    }

    /** The certificate followed by the intermediate CAs up to (not including) the root. */
    public String chainPem() {
      return read(chain);
    }
  }

  private static final AtomicInteger SEQ = new AtomicInteger();
  private final Path dir;

  public TestPki(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A key of {@code kind} in a new file. */
  public Path key(KeyKind kind) {
    Path key = dir.resolve("key-" + SEQ.incrementAndGet() + ".pem");
    List<String> args = new ArrayList<>();
    for (String a : kind.command) {
      args.add(a.equals("%s") ? key.toString() : a);
    }
    openssl(args.toArray(String[]::new));
    return key;
  }

  /** A self-signed CA. */
  public Issued ca(String commonName, KeyKind kind) {
    String name = commonName.replaceAll("[^A-Za-z0-9]", "_") + "-" + SEQ.incrementAndGet();
    Path key = key(kind);
    Path cert = dir.resolve(name + ".crt");
    openssl(
        "req",
        "-x509",
        "-new",
        "-key",
        key.toString(),
        "-subj",
        "/CN=" + commonName,
        "-days",
        "3",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        "-out",
        cert.toString());
    return new Issued(name, cert, key, cert, true);
  }

  /** An existing CA (e.g. the test control plane's), written as PEM files. */
  public Issued adopt(String name, String certPem, String keyPem) {
    Path cert = dir.resolve(name + ".crt");
    Path key = dir.resolve(name + ".key");
    write(cert, certPem);
    write(key, keyPem);
    return new Issued(name, cert, key, cert, true);
  }

  /** An intermediate CA issued by {@code parent}. */
  public Issued intermediate(Issued parent, String commonName, KeyKind kind) {
    return issue(
        parent,
        "/CN=" + commonName,
        kind,
        "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
  }

  /** A client certificate: Kubernetes reads CN as the user and each O as a group. */
  public Issued client(Issued ca, String user, List<String> groups, KeyKind kind) {
    StringBuilder subject = new StringBuilder();
    groups.forEach(g -> subject.append("/O=").append(g));
    subject.append("/CN=").append(user);
    return issue(
        ca,
        subject.toString(),
        kind,
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,"
            + usage(kind)
            + "\nextendedKeyUsage=clientAuth\n");
  }

  /** A serving certificate for DNS names and IP addresses. */
  public Issued server(
      Issued ca, String commonName, List<String> dns, List<String> ips, KeyKind kind) {
    List<String> sans = new ArrayList<>();
    dns.forEach(d -> sans.add("DNS:" + d));
    ips.forEach(i -> sans.add("IP:" + i));
    return issue(
        ca,
        "/CN=" + commonName,
        kind,
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,"
            + usage(kind)
            + "\nextendedKeyUsage=serverAuth\nsubjectAltName="
            + String.join(",", sans)
            + "\n");
  }

  private static String usage(KeyKind kind) {
    return kind.algorithm.equals("RSA") ? "digitalSignature,keyEncipherment" : "digitalSignature";
  }

  private Issued issue(Issued ca, String subject, KeyKind kind, String extensions) {
    String name = "cert-" + SEQ.incrementAndGet();
    Path key = key(kind);
    Path csr = dir.resolve(name + ".csr");
    Path ext = dir.resolve(name + ".ext");
    Path cert = dir.resolve(name + ".crt");
    write(ext, "[v3]\n" + extensions);
    openssl("req", "-new", "-key", key.toString(), "-subj", subject, "-out", csr.toString());
    openssl(
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        ca.cert().toString(),
        "-CAkey",
        ca.key().toString(),
        "-set_serial",
        Long.toString(System.nanoTime()),
        "-days",
        "2",
        "-extfile",
        ext.toString(),
        "-extensions",
        "v3",
        "-out",
        cert.toString());
    Path chain = dir.resolve(name + ".chain.crt");
    // the certificate, then its issuer when that is an intermediate (as k3s writes client certs)
    write(chain, read(cert) + (ca.root() ? "" : read(ca.chain())));
    return new Issued(name, cert, key, chain, false);
  }

  /** A TLS context presenting {@code identity} (its chain) and trusting only {@code ca}. */
  public SSLContext sslContext(Issued identity, Issued ca) {
    try {
      Path p12 = dir.resolve(identity.name() + ".p12");
      openssl(
          "pkcs12",
          "-export",
          "-inkey",
          identity.key().toString(),
          "-in",
          identity.chain().toString(),
          "-passout",
          "pass:test",
          "-out",
          p12.toString());
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(p12)) {
        keys.load(in, "test".toCharArray());
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
      kmf.init(keys, "test".toCharArray());
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry(
          "ca",
          java.security.cert.CertificateFactory.getInstance("X.509")
              .generateCertificate(Files.newInputStream(ca.cert())));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a test TLS context", e);
    }
  }

  /** Runs {@code openssl ARGS} in the directory; fails with its output when it fails. */
  public String openssl(String... args) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(Arrays.asList(args));
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run openssl (the tests make their keys with it: apt-get install openssl)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

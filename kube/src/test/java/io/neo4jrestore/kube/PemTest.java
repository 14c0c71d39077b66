package io.neo4jrestore.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.kube.testing.TestPki;
import io.neo4jrestore.kube.testing.TestPki.KeyKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PEM keys and certificates in every form kubeconfigs carry, made by openssl at test time. */
class PemTest {
  @TempDir static Path dir;
  private static TestPki pki;
  private static TestPki.Issued rsaCa;

  @BeforeAll
  static void ca() {
    pki = new TestPki(dir);
    rsaCa = pki.ca("test-ca", KeyKind.RSA_PKCS1);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static void assertSignsFor(PrivateKey key, X509Certificate cert) throws Exception {
    String alg =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm(); // Ed25519
        };
    byte[] data = bytes("restore");
    Signature s = Signature.getInstance(alg);
    s.initSign(key);
    s.update(data);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance(alg);
    v.initVerify(cert.getPublicKey());
    v.update(data);
    assertTrue(v.verify(sig), "the key is the certificate's key");
  }

  @ParameterizedTest
  @EnumSource(KeyKind.class)
  void every_key_form_openssl_writes_is_read_and_is_the_certificates_key(KeyKind kind)
      throws Exception {
    TestPki.Issued client = pki.client(rsaCa, "alice", List.of("dev"), kind);
    PrivateKey key = Pem.privateKey(bytes(client.keyPem()));
    List<X509Certificate> chain = Pem.certificates(bytes(client.chainPem()));
    assertEquals(1, chain.size());
    assertTrue(chain.get(0).getSubjectX500Principal().getName().contains("CN=alice"));
    assertSignsFor(key, chain.get(0));
    Tls.Identity identity = Tls.identity(chain, key);
    assertEquals(key, identity.key());
  }

  @Test
  void the_pkcs8_encoding_of_jdk_keys_is_read() throws Exception {
    for (String alg : List.of("RSA", "EC", "Ed25519")) {
      PrivateKey key = KeyPairGenerator.getInstance(alg).generateKeyPair().getPrivate();
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      PrivateKey read = Pem.privateKey(bytes(pem));
      assertEquals(key.getAlgorithm(), read.getAlgorithm(), alg);
      assertEquals(
          Base64.getEncoder().encodeToString(key.getEncoded()),
          Base64.getEncoder().encodeToString(read.getEncoded()),
          alg);
    }
  }

  @Test
  void a_k3s_style_chain_keeps_its_order_and_text_around_blocks_is_skipped() {
    TestPki.Issued intermediate = pki.intermediate(rsaCa, "k3s-client-ca", KeyKind.EC_SEC1);
    TestPki.Issued client =
        pki.client(intermediate, "system:admin", List.of("system:masters"), KeyKind.EC_SEC1);
    String withText = pki.openssl("x509", "-in", client.cert().toString(), "-text");
    List<X509Certificate> chain =
        Pem.certificates(
            bytes(
                "Bag Attributes\n"
                    + withText
                    + client.chainPem().substring(client.certPem().length())));
    assertEquals(2, chain.size());
    assertTrue(chain.get(0).getSubjectX500Principal().getName().contains("system:admin"));
    assertTrue(chain.get(1).getSubjectX500Principal().getName().contains("k3s-client-ca"));
  }

  @Test
  void encrypted_keys_are_refused_with_what_to_do() {
    Path plain = pki.key(KeyKind.RSA_PKCS1);
    String pkcs8 =
        pki.openssl(
            "pkcs8",
            "-topk8",
            "-in",
            plain.toString(),
            "-v2",
            "aes-256-cbc",
            "-passout",
            "pass:secret");
    String legacy =
        pki.openssl(
            "rsa", "-in", plain.toString(), "-aes256", "-traditional", "-passout", "pass:secret");
    for (String pem : List.of(pkcs8, legacy)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Pem.privateKey(bytes(pem)));
      assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
      assertTrue(e.getMessage().contains("openssl pkey"), e.getMessage());
    }
  }

  @Test
  void a_key_of_another_certificate_is_refused() {
    TestPki.Issued a = pki.client(rsaCa, "a", List.of(), KeyKind.RSA_PKCS8);
    TestPki.Issued b = pki.client(rsaCa, "b", List.of(), KeyKind.RSA_PKCS8);
    TestPki.Issued ec = pki.client(rsaCa, "c", List.of(), KeyKind.EC_PKCS8);
    List<X509Certificate> chainA = Pem.certificates(bytes(a.certPem()));
    for (String key : List.of(b.keyPem(), ec.keyPem())) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Tls.identity(chainA, Pem.privateKey(bytes(key))));
      assertTrue(e.getMessage().contains("is not the key of the certificate"), e.getMessage());
    }
  }

  @Test
  void text_without_what_was_asked_for_says_so() {
    IllegalArgumentException noKey =
        assertThrows(IllegalArgumentException.class, () -> Pem.privateKey(bytes(rsaCa.certPem())));
    assertTrue(noKey.getMessage().contains("no PEM private key"), noKey.getMessage());
    IllegalArgumentException noCert =
        assertThrows(IllegalArgumentException.class, () -> Pem.certificates(bytes(rsaCa.keyPem())));
    assertTrue(noCert.getMessage().contains("no PEM CERTIFICATE"), noCert.getMessage());
    IllegalArgumentException broken =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Pem.privateKey(
                    bytes(
                        "-----BEGIN EC PRIVATE KEY-----\nMAMCAQE=\n-----END EC PRIVATE KEY-----\n")));
    assertTrue(
        broken.getMessage().contains("EC PRIVATE KEY block cannot be read"), broken.getMessage());
  }
}

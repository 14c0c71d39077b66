package io.neo4jrestore.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.neo4jrestore.kube.testing.TestPki;
import io.neo4jrestore.kube.testing.TestPki.KeyKind;
import io.neo4jrestore.kube.testing.TestServer;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real TLS handshakes between {@link JdkTransport} with a {@link Tls} context and the JDK's HTTPS
 * server, which requires a client certificate from the test CA and answers with its subject.
 */
class TlsTest {
  @TempDir static Path dir;
  private static TestPki pki;
  private static TestPki.Issued ca;
  private static TestServer server;

  @BeforeAll
  static void start() {
    pki = new TestPki(dir);
    ca = pki.ca("cluster-ca", KeyKind.RSA_PKCS1);
    // like a kube-apiserver certificate: names and 127.0.0.1
    TestPki.Issued serving =
        pki.server(
            ca,
            "kube-apiserver",
            List.of("kubernetes", "localhost"),
            List.of("127.0.0.1"),
            KeyKind.EC_SEC1);
    server =
        TestServer.https(
            pki.sslContext(serving, ca),
            true,
            exchange ->
                TestServer.json(
                    exchange, 200, "{\"user\":\"" + TestServer.clientSubject(exchange) + "\"}"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<X509Certificate> certs(TestPki.Issued issued) {
    return Pem.certificates(issued.chainPem().getBytes(StandardCharsets.US_ASCII));
  }

  private static Tls.Identity identity(TestPki.Issued client) {
    return Tls.identity(
        certs(client), Pem.privateKey(client.keyPem().getBytes(StandardCharsets.US_ASCII)));
  }

  private static KubeRest rest(SSLContext tls) {
    HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
    return new KubeRest(
        new JdkTransport(server.url(), http, Credentials.NONE, Duration.ofSeconds(20), "test"),
        new ObjectMapper(),
        "the test server");
  }

  private static String user(SSLContext tls) {
    return rest(tls).get("/whoami", Map.of()).body().path("user").asText();
  }

  @ParameterizedTest
  @EnumSource(KeyKind.class)
  void a_client_certificate_of_every_key_form_is_presented(KeyKind kind) throws Exception {
    TestPki.Issued client = pki.client(ca, "user-" + kind, List.of("system:masters"), kind);
    SSLContext tls = Tls.context(certs(ca), false, null, identity(client));
    assertTrue(user(tls).contains("CN=user-" + kind), kind.toString());
  }

  @Test
  void a_k3s_style_chain_is_presented_whole_to_a_server_that_trusts_only_the_root()
      throws Exception {
    TestPki.Issued clientCa = pki.intermediate(ca, "k3s-client-ca", KeyKind.EC_SEC1);
    TestPki.Issued client =
        pki.client(clientCa, "system:admin", List.of("system:masters"), KeyKind.EC_SEC1);
    assertEquals(2, certs(client).size());
    SSLContext tls = Tls.context(certs(ca), false, null, identity(client));
    assertTrue(user(tls).contains("CN=system:admin"));
  }

  @Test
  void without_a_client_certificate_the_server_refuses_the_handshake() throws Exception {
    SSLContext tls = Tls.context(certs(ca), false, null, null);
    KubeException e = assertThrows(KubeException.class, () -> user(tls));
    assertTrue(
        e.getMessage().startsWith("cannot reach the test server (GET /whoami)"), e.getMessage());
  }

  @Test
  void a_server_certificate_from_another_ca_is_refused_unless_verification_is_skipped()
      throws Exception {
    TestPki.Issued other = pki.ca("other-ca", KeyKind.EC_PKCS8);
    TestPki.Issued client = pki.client(ca, "bob", List.of(), KeyKind.RSA_PKCS8);
    KubeException e =
        assertThrows(
            KubeException.class,
            () -> user(Tls.context(certs(other), false, null, identity(client))));
    assertTrue(e.getMessage().contains("TLS failed"), e.getMessage());
    assertTrue(e.getMessage().contains("certificate-authority"), e.getMessage());
    assertTrue(user(Tls.context(certs(other), true, null, identity(client))).contains("CN=bob"));
  }

  @Test
  void tls_server_name_replaces_the_host_in_the_name_check() throws Exception {
    TestPki.Issued client = pki.client(ca, "carol", List.of(), KeyKind.EC_SEC1);
    // 127.0.0.1 is in the certificate; "kubernetes" too; "example.com" is not
    assertTrue(
        user(Tls.context(certs(ca), false, "kubernetes", identity(client))).contains("carol"));
    KubeException e =
        assertThrows(
            KubeException.class,
            () -> user(Tls.context(certs(ca), false, "example.com", identity(client))));
    assertTrue(e.getMessage().contains("not valid for example.com"), e.getMessage());
  }

  @Test
  void names_match_like_go_does() throws Exception {
    TestPki.Issued cert =
        pki.server(
            ca,
            "api",
            List.of("*.k8s.example.com", "api.example.com"),
            List.of("10.0.0.1", "fd00::1"),
            KeyKind.EC_SEC1);
    X509Certificate c = certs(cert).get(0);
    for (String ok :
        List.of(
            "a.k8s.example.com", "API.example.com", "api.example.com.", "10.0.0.1", "fd00:0::1")) {
      Tls.checkName(ok, c);
    }
    for (String bad :
        List.of("k8s.example.com", "a.b.k8s.example.com", "example.com", "10.0.0.2", "api")) {
      assertThrows(CertificateException.class, () -> Tls.checkName(bad, c), bad);
    }
  }
}

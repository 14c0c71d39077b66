package io.neo4jrestore.runner.stage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging from {@code gs://} against fake-gcs-server (built from the Go module proxy by
 * scripts/test.sh into {@code ~/.cache/neo4j-restore/fake-gcs-server}, or {@code FAKE_GCS_SERVER}
 * naming the binary), started on 127.0.0.1 for this class only. fake-gcs-server does not check
 * credentials at all: the OAuth side is checked by a token endpoint this class serves (the service
 * account key's {@code token_uri}), which verifies the client's RS256 JWT with the key's public
 * half and its audience and scope, as Google's does; a key of another service account is refused
 * there. Without the emulator the class is skipped, except under {@code CI=true}, where it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcsStagingIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] KEY = new byte[32];
  private static final String TOKEN = "ya29.stage-test";
  private Process gcs;
  private HttpServer oauth;
  private PublicKey trusted;
  private final AtomicInteger tokensIssued = new AtomicInteger();
  private String emulator;
  private GcsClient client;
  @TempDir Path dir;

  @BeforeAll
  void start(@TempDir Path keys) throws Exception {
    new Random(13).nextBytes(KEY);
    Path bin =
        StagingFixtures.emulator(
            "FAKE_GCS_SERVER", "fake-gcs-server/bin/fake-gcs-server", "go install, cached");
    int port = StagingFixtures.freePort();
    gcs =
        StagingFixtures.start(
            new ProcessBuilder(
                bin.toString(),
                "-scheme",
                "http",
                "-host",
                "127.0.0.1",
                "-port",
                String.valueOf(port),
                "-backend",
                "memory",
                "-log-level",
                "error"),
            port,
            "fake-gcs-server");
    emulator = "127.0.0.1:" + port;
    oauth = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    oauth.createContext("/token", this::token);
    oauth.start();
    KeyPair pair = rsa();
    trusted = pair.getPublic();
    client = GcsClient.fromEnvironment(environment(keys, pair));
    client.createBucket("logs");
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  /** A service account JSON key file for {@code pair}, as the stage container's environment. */
  private Map<String, String> environment(Path keys, KeyPair pair) throws IOException {
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Path file = Files.createTempFile(keys, "sa", ".json");
    Files.writeString(
        file,
        JSON.createObjectNode()
            .put("type", "service_account")
            .put("project_id", "test")
            .put("private_key_id", "k1")
            .put("private_key", pem)
            .put("client_email", "stage@test.iam.gserviceaccount.com")
            .put("token_uri", tokenUri())
            .toString());
    return Map.of(
        "GOOGLE_APPLICATION_CREDENTIALS", file.toString(), "STORAGE_EMULATOR_HOST", emulator);
  }

  private String tokenUri() {
    return "http://127.0.0.1:" + oauth.getAddress().getPort() + "/token";
  }

  /** The OAuth 2.0 JWT bearer grant, checked as Google's token endpoint checks it. */
  private void token(HttpExchange exchange) throws IOException {
    String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
    String assertion = "";
    boolean bearer = false;
    for (String pair : form.split("&")) {
      String[] kv = pair.split("=", 2);
      String value = URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8);
      bearer |=
          kv[0].equals("grant_type") && value.equals("urn:ietf:params:oauth:grant-type:jwt-bearer");
      assertion = kv[0].equals("assertion") ? value : assertion;
    }
    String[] jwt = assertion.split("\\.");
    boolean ok = false;
    if (bearer && jwt.length == 3) {
      try {
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(trusted);
        rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
        ok =
            rs256.verify(Base64.getUrlDecoder().decode(jwt[2]))
                && claims.path("aud").asText().equals(tokenUri())
                && claims.path("scope").asText().equals(GcsClient.SCOPE)
                && claims.path("exp").asLong() > claims.path("iat").asLong();
      } catch (Exception bad) {
        ok = false;
      }
    }
    byte[] body =
        (ok
                ? "{\"access_token\":\""
                    + TOKEN
                    + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}"
                : "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}")
            .getBytes(StandardCharsets.UTF_8);
    if (ok) {
      tokensIssued.incrementAndGet();
    }
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(ok ? 200 : 400, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @AfterAll
  void stop() throws Exception {
    if (oauth != null) {
      oauth.stop(0);
    }
    StagingFixtures.stop(gcs);
  }

  private byte[] upload(String folder, String name, Compression c, Encryption e) throws Exception {
    return StagingFixtures.upload(
        dir, (k, body) -> client.put("logs", k, body), folder, name, c, e, KEY);
  }

  private List<Stager.Staged> stage(String from, List<String> names, CloudStore store)
      throws StageException {
    return StagingFixtures.stage(dir, from, names, KEY, store);
  }

  @Test
  void a_compressed_encrypted_chain_is_staged_byte_identical() throws Exception {
    StagingFixtures.assertChainStaged(
        dir, (k, body) -> client.put("logs", k, body), "gs://logs/", client, KEY, Compression.LZ4);
    assertTrue(tokensIssued.get() >= 1, "an access token was obtained with the key");
  }

  @Test
  void a_changed_object_fails_naming_its_uri() throws Exception {
    upload("broken/", "orders-1.backup", Compression.GZIP, Encryption.AES256);
    byte[] bytes = Files.readAllBytes(dir.resolve("packed/orders-1.backup.gz.enc"));
    bytes[bytes.length / 2] ^= 1;
    client.put("logs", "broken/orders-1.backup.gz.enc", bytes);

    StageException failure =
        assertThrows(
            StageException.class,
            () -> stage("gs://logs/broken", List.of("orders-1.backup"), client));
    assertTrue(
        failure.getMessage().contains("gs://logs/broken/orders-1.backup.gz.enc"),
        failure.getMessage());
  }

  @Test
  void a_key_of_another_service_account_is_refused_at_the_token_endpoint(@TempDir Path keys)
      throws Exception {
    upload("keyed/", "orders-1.backup", Compression.GZIP, null);
    GcsClient wrong = GcsClient.fromEnvironment(environment(keys, rsa()));

    StageException failure =
        assertThrows(
            StageException.class,
            () -> stage("gs://logs/keyed", List.of("orders-1.backup"), wrong));
    assertTrue(failure.getMessage().contains("cannot list gs://logs/keyed"), failure.getMessage());
    assertTrue(failure.getMessage().contains("invalid_grant"), failure.getMessage());
    assertTrue(
        failure.getMessage().contains("GOOGLE_APPLICATION_CREDENTIALS_JSON"), failure.getMessage());
    assertFalse(failure.getMessage().contains("PRIVATE KEY"), failure.getMessage());
  }
}

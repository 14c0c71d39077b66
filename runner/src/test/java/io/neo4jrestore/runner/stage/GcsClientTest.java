package io.neo4jrestore.runner.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class GcsClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void the_token_request_is_an_rs256_jwt_for_the_key_token_uri() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair pair = g.generateKeyPair();
    GcsClient client =
        new GcsClient(
            "sa@p.iam.gserviceaccount.com",
            pair.getPrivate(),
            URI.create("https://oauth2.example/token"),
            null,
            Clock.systemUTC());

    String[] jwt = client.assertion(Instant.ofEpochSecond(1_700_000_000)).split("\\.");

    JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(jwt[0]));
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
    assertEquals("RS256", header.path("alg").asText());
    assertEquals("sa@p.iam.gserviceaccount.com", claims.path("iss").asText());
    assertEquals("https://oauth2.example/token", claims.path("aud").asText());
    assertEquals(GcsClient.SCOPE, claims.path("scope").asText());
    assertEquals(1_700_000_000L, claims.path("iat").asLong());
    assertEquals(1_700_003_600L, claims.path("exp").asLong());
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(pair.getPublic());
    rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    assertTrue(rs256.verify(Base64.getUrlDecoder().decode(jwt[2])));
  }

  @Test
  void keys_that_are_not_service_account_keys_are_refused_clearly() {
    StageException user =
        assertThrows(
            StageException.class, () -> GcsClient.fromKey("{\"type\":\"authorized_user\"}", null));
    assertTrue(user.getMessage().contains("not a service account key"), user.getMessage());
    StageException bad =
        assertThrows(
            StageException.class,
            () ->
                GcsClient.fromKey(
                    "{\"type\":\"service_account\",\"client_email\":\"a@b\","
                        + "\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nAAAA\\n"
                        + "-----END PRIVATE KEY-----\\n\"}",
                    null));
    assertTrue(bad.getMessage().contains("not an RSA PKCS#8 key"), bad.getMessage());
    assertTrue(!bad.getMessage().contains("AAAA"), "the key is never in a message");
  }
}

package io.neo4jrestore.runner.neo4j;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class Neo4jCredentialsTest {
  private static final String SECRET_VALUE = "s3cr3t/with-slash";

  private static Neo4jAdminException refused(Map<String, byte[]> data) {
    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class, () -> Neo4jCredentials.fromSecretData("graph-admin", data));
    assertEquals(Neo4jAdminException.Kind.INVALID, e.kind());
    return e;
  }

  @Test
  void reads_neo4j_auth_splitting_at_the_first_slash() {
    Neo4jCredentials c =
        Neo4jCredentials.fromSecretData(
            Map.of("NEO4J_AUTH", ("neo4j/" + SECRET_VALUE).getBytes(UTF_8)));

    assertEquals("neo4j", c.username());
    assertArrayEquals(SECRET_VALUE.toCharArray(), c.password());
  }

  @Test
  void reads_username_and_password_keys() {
    Neo4jCredentials c =
        Neo4jCredentials.fromSecretData(
            Map.of("username", "admin".getBytes(UTF_8), "password", "p\u00e4ss".getBytes(UTF_8)));

    assertEquals("admin", c.username());
    assertArrayEquals("p\u00e4ss".toCharArray(), c.password());
  }

  @Test
  void prefers_neo4j_auth_which_is_what_the_neo4j_image_reads() {
    Neo4jCredentials c =
        Neo4jCredentials.fromSecretData(
            Map.of(
                "NEO4J_AUTH", "neo4j/from-auth".getBytes(UTF_8),
                "username", "other".getBytes(UTF_8),
                "password", "other".getBytes(UTF_8)));

    assertEquals("neo4j", c.username());
    assertArrayEquals("from-auth".toCharArray(), c.password());
  }

  @Test
  void missing_keys_are_named_with_the_secret_but_no_value_is() {
    Neo4jAdminException e = refused(Map.of("user", SECRET_VALUE.getBytes(UTF_8)));

    assertEquals(
        "admin Secret graph-admin has neither key NEO4J_AUTH nor both username and password; keys"
            + " present: [user]. Set NEO4J_AUTH=<user>/<password> or username and password",
        e.getMessage());
  }

  @Test
  void a_lone_username_says_the_password_key_is_missing() {
    Neo4jAdminException e = refused(Map.of("username", "neo4j".getBytes(UTF_8)));

    assertEquals(
        "admin Secret graph-admin has neither key NEO4J_AUTH nor both username and password"
            + " (missing password); keys present: [username]. Set NEO4J_AUTH=<user>/<password> or"
            + " username and password",
        e.getMessage());
  }

  @Test
  void neo4j_auth_without_a_slash_is_refused_without_echoing_it() {
    Neo4jAdminException e = refused(Map.of("NEO4J_AUTH", "justapassword".getBytes(UTF_8)));

    assertEquals(
        "admin Secret graph-admin: key NEO4J_AUTH must be <user>/<password> with neither part empty",
        e.getMessage());
    assertFalse(e.getMessage().contains("justapassword"));
  }

  @Test
  void neo4j_auth_none_explains_that_authentication_is_needed() {
    Neo4jAdminException e = refused(Map.of("NEO4J_AUTH", "none".getBytes(UTF_8)));

    assertEquals(
        "admin Secret graph-admin: key NEO4J_AUTH must be <user>/<password> with neither part"
            + " empty (\"none\" disables authentication, which a restore cannot use)",
        e.getMessage());
  }

  @Test
  void empty_parts_are_refused() {
    refused(Map.of("NEO4J_AUTH", "neo4j/".getBytes(UTF_8)));
    refused(Map.of("NEO4J_AUTH", "/secret".getBytes(UTF_8)));
    Neo4jAdminException e =
        refused(Map.of("username", "neo4j".getBytes(UTF_8), "password", new byte[0]));
    assertEquals("admin Secret graph-admin: key password is empty", e.getMessage());
  }

  @Test
  void bytes_that_are_not_utf_8_are_refused() {
    Neo4jAdminException e =
        refused(Map.of("username", "neo4j".getBytes(UTF_8), "password", new byte[] {(byte) 0xff}));

    assertEquals("admin Secret graph-admin: key password is not UTF-8 text", e.getMessage());
  }

  @Test
  void without_a_secret_name_messages_say_the_admin_secret() {
    Neo4jAdminException e =
        assertThrows(Neo4jAdminException.class, () -> Neo4jCredentials.fromSecretData(Map.of()));

    assertEquals(
        "the admin Secret has neither key NEO4J_AUTH nor both username and password; keys present:"
            + " []. Set NEO4J_AUTH=<user>/<password> or username and password",
        e.getMessage());
  }

  @Test
  void the_password_never_appears_in_to_string() {
    Neo4jCredentials c = new Neo4jCredentials("neo4j", SECRET_VALUE.toCharArray());

    assertEquals("Neo4jCredentials[username=neo4j, password=(hidden)]", c.toString());
  }
}

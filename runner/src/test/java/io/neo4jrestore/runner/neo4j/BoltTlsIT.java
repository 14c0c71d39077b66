package io.neo4jrestore.runner.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.runner.neo4j.Neo4jAdminException.Kind;
import io.neo4jrestore.testenv.Pki;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bolt over TLS against a real Neo4j that requires it. The server certificate names only {@code
 * localhost}, so dialling {@code 127.0.0.1} proves that host names are verified.
 */
class BoltTlsIT {
  private static final Pki CA = Pki.newCa("neo4j-restore test CA");
  private static final Pki OTHER_CA = Pki.newCa("some other CA");

  @TempDir static Path dir;

  private static HarnessNeo4j harness;

  @BeforeAll
  static void startNeo4j() throws Exception {
    Pki.Issued serverCert = CA.server("localhost", List.of("localhost"), List.of());
    harness = HarnessNeo4j.startWithTls(dir, CA, serverCert, "localhost");
  }

  @AfterAll
  static void stopNeo4j() {
    if (harness != null) {
      harness.close();
    }
  }

  private static BoltEndpoint endpoint(String scheme, String host, Pki ca) {
    return new BoltEndpoint(
        harness.uri(scheme, host),
        "neo4j",
        HarnessNeo4j.PASSWORD,
        Optional.of(ca.ca().certificatePem()),
        new BoltEndpoint.Origin(
            "Neo4jEnterpriseCluster it/graph", "graph-admin", Optional.of("graph-tls-secret")));
  }

  @Test
  void connects_with_bolt_s_trusting_only_the_target_ca() {
    try (BoltNeo4jAdmin admin = new BoltConnector().connect(endpoint("bolt+s", "localhost", CA))) {
      assertEquals("5.26.18", admin.serverVersion());
      assertTrue(admin.database("neo4j").orElseThrow().allOnline());
    }
  }

  @Test
  void connects_with_neo4j_s_trusting_only_the_target_ca() {
    try (BoltNeo4jAdmin admin = new BoltConnector().connect(endpoint("neo4j+s", "localhost", CA))) {
      assertTrue(admin.database("neo4j").orElseThrow().allOnline());
    }
  }

  @Test
  void a_certificate_from_another_ca_fails_naming_the_ca_secret() {
    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class,
            () -> new BoltConnector().connect(endpoint("bolt+s", "localhost", OTHER_CA)));

    assertEquals(Kind.TLS, e.kind(), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "the server certificate must be signed by the CA in key ca.crt of Secret"
                    + " graph-tls-secret and name the host localhost; check that Secret and the"
                    + " target's certificate"),
        e.getMessage());
  }

  @Test
  void a_certificate_for_another_host_name_fails() {
    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class,
            () -> new BoltConnector().connect(endpoint("bolt+s", "127.0.0.1", CA)));

    assertEquals(Kind.TLS, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("name the host 127.0.0.1"), e.getMessage());
  }

  @Test
  void plain_bolt_to_a_server_that_requires_tls_fails_clearly() {
    BoltEndpoint plain =
        new BoltEndpoint(
            harness.uri("bolt", "localhost"),
            "neo4j",
            HarnessNeo4j.PASSWORD,
            Optional.empty(),
            HarnessNeo4j.ORIGIN);

    Neo4jAdminException e =
        assertThrows(Neo4jAdminException.class, () -> new BoltConnector().connect(plain));

    assertEquals(Kind.UNAVAILABLE, e.kind(), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "If the target serves Bolt over TLS only, connect with bolt+s:// or neo4j+s://"
                    + " and the CA from its TLS Secret"),
        e.getMessage());
  }
}

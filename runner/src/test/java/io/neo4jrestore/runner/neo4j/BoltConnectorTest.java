package io.neo4jrestore.runner.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.runner.neo4j.Neo4jAdminException.Kind;
import io.neo4jrestore.testenv.Pki;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;

/** TLS and URI rules; builds drivers but never dials. */
class BoltConnectorTest {
  private static final String PASSWORD = "pa55-w0rd";
  private static final String CA = Pki.newCa("test CA").ca().certificatePem();
  private static final BoltEndpoint.Origin ORIGIN =
      new BoltEndpoint.Origin(
          "Neo4jEnterpriseCluster prod/graph", "graph-admin", Optional.of("graph-ca"));

  private static BoltEndpoint endpoint(String uri, Optional<String> ca) {
    return new BoltEndpoint(URI.create(uri), "neo4j", PASSWORD, ca, ORIGIN);
  }

  private static Neo4jAdminException refused(String uri, Optional<String> ca) {
    Neo4jAdminException e =
        assertThrows(Neo4jAdminException.class, () -> BoltConnector.dial(endpoint(uri, ca)));
    assertEquals(Kind.INVALID, e.kind());
    assertFalse(e.getMessage().contains(PASSWORD));
    return e;
  }

  @Test
  void a_tls_uri_is_dialled_as_its_plain_scheme_with_the_target_ca() {
    assertEquals(
        new BoltConnector.Dial(URI.create("bolt://graph-service.prod.svc:7687"), true),
        BoltConnector.dial(endpoint("bolt+s://graph-service.prod.svc:7687", Optional.of(CA))));
    assertEquals(
        new BoltConnector.Dial(URI.create("neo4j://graph-client.prod.svc:7687"), true),
        BoltConnector.dial(endpoint("neo4j+s://graph-client.prod.svc:7687", Optional.of(CA))));
  }

  @Test
  void a_plain_uri_is_dialled_without_tls() {
    assertEquals(
        new BoltConnector.Dial(URI.create("neo4j://graph-client.prod.svc:7687"), false),
        BoltConnector.dial(endpoint("neo4j://graph-client.prod.svc:7687", Optional.empty())));
  }

  @Test
  void tls_without_a_ca_is_an_error_naming_the_ca_secret() {
    Neo4jAdminException e = refused("bolt+s://graph-service.prod.svc:7687", Optional.empty());

    assertEquals(
        "bolt+s://graph-service.prod.svc:7687 requires TLS but no CA was given for"
            + " Neo4jEnterpriseCluster prod/graph: put the CA certificate in key ca.crt of Secret"
            + " graph-ca (spec.tls.trustedCASecret, else <name>-tls-secret)",
        e.getMessage());
  }

  @Test
  void schemes_that_trust_any_certificate_are_refused() {
    for (String uri : List.of("bolt+ssc://h:7687", "neo4j+ssc://h:7687")) {
      Neo4jAdminException e = refused(uri, Optional.of(CA));
      assertTrue(e.getMessage().contains("would trust any server certificate"), e.getMessage());
    }
  }

  @Test
  void a_ca_with_a_plain_uri_is_refused_rather_than_ignored() {
    Neo4jAdminException e = refused("bolt://h:7687", Optional.of(CA));

    assertTrue(e.getMessage().contains("is not a TLS URI; use bolt+s://"), e.getMessage());
  }

  @Test
  void a_ca_that_is_not_a_certificate_is_an_error_naming_the_secret() {
    Neo4jAdminException e = refused("bolt+s://h:7687", Optional.of("-----BEGIN NONSENSE-----"));

    assertTrue(
        e.getMessage().startsWith("key ca.crt of Secret graph-ca is not a PEM certificate"),
        e.getMessage());
  }

  @Test
  void other_schemes_and_credentials_in_the_uri_are_refused() {
    refused("http://h:7474", Optional.empty());
    Neo4jAdminException e = refused("bolt://neo4j:" + PASSWORD + "@h:7687", Optional.empty());
    assertTrue(e.getMessage().contains("must not carry user information"), e.getMessage());
  }

  @Test
  void builds_an_encrypted_driver_and_leaves_no_ca_file_behind() throws IOException {
    long before = caFiles();
    try (Driver driver =
        new BoltConnector().driver(endpoint("bolt+s://localhost:7687", Optional.of(CA)))) {
      assertTrue(driver.isEncrypted());
    }
    assertEquals(before, caFiles());
  }

  @Test
  void builds_a_plain_driver_for_a_plain_uri() {
    try (Driver driver =
        new BoltConnector().driver(endpoint("bolt://localhost:7687", Optional.empty()))) {
      assertFalse(driver.isEncrypted());
    }
  }

  @Test
  void the_password_never_appears_in_to_string() {
    String s = endpoint("bolt+s://h:7687", Optional.of(CA)).toString();

    assertFalse(s.contains(PASSWORD), s);
    assertEquals(
        "BoltEndpoint[bolt+s://h:7687, user neo4j, password (hidden), CA from graph-ca,"
            + " Neo4jEnterpriseCluster prod/graph]",
        s);
  }

  private static long caFiles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith("neo4j-restore-ca-")).count();
    }
  }
}

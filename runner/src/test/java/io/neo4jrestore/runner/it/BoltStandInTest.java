package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.runner.neo4j.BoltConnector;
import io.neo4jrestore.runner.neo4j.BoltEndpoint;
import io.neo4jrestore.runner.neo4j.BoltNeo4jAdmin;
import io.neo4jrestore.runner.neo4j.Neo4jAdminException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Bolt stand-in of {@code RunnerImageIT} against the runner's own Bolt adapter and driver (in
 * this JVM, no container): what the image test relies on holds even where podman is missing.
 */
class BoltStandInTest {
  private static final BoltEndpoint.Origin ORIGIN =
      new BoltEndpoint.Origin(
          "Neo4jEnterpriseStandalone it/graph", "graph-admin", Optional.empty());
  private static final Duration WAIT = Duration.ofSeconds(5);

  private static BoltStandIn standIn;

  @BeforeAll
  static void start() throws Exception {
    standIn = BoltStandIn.start("neo4j", "pw-1", "5.26.12");
  }

  @AfterAll
  static void stop() throws Exception {
    standIn.close();
  }

  private static BoltEndpoint endpoint(String password) {
    return new BoltEndpoint(
        URI.create("bolt://" + standIn.address() + ":" + BoltStandIn.PORT),
        "neo4j",
        password,
        Optional.empty(),
        ORIGIN);
  }

  @Test
  void answers_the_runners_statements_as_an_enterprise_standalone() {
    try (BoltNeo4jAdmin admin = new BoltConnector().connect(endpoint("pw-1"))) {
      assertEquals("5.26.12", admin.serverVersion());
      assertTrue(admin.database("orders").isEmpty());

      admin.createDatabase("orders", Optional.empty(), WAIT);
      assertTrue(admin.database("orders").orElseThrow().allOnline());
      admin.stopDatabase("orders", WAIT);
      assertTrue(admin.database("orders").orElseThrow().allStopped());
      admin.startDatabase("orders", WAIT);
      assertTrue(admin.database("orders").orElseThrow().allOnline());

      // a second CREATE is refused as Neo4j refuses it, and the connection recovers (RESET)
      assertThrows(
          Neo4jAdminException.class, () -> admin.createDatabase("orders", Optional.empty(), WAIT));
      assertTrue(admin.database("orders").isPresent());
      // what it does not know is an error, not a silent success
      assertThrows(Neo4jAdminException.class, admin::servers);
    }
    assertTrue(
        standIn.statements().stream().anyMatch(s -> s.startsWith("CREATE DATABASE $name WAIT")),
        standIn.statements().toString());
  }

  @Test
  void a_wrong_password_is_an_authentication_failure() {
    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class,
            () -> new BoltConnector().connect(endpoint("not-the-password")).close());
    assertEquals(Neo4jAdminException.Kind.AUTHENTICATION, e.kind());
    assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
  }
}

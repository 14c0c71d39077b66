package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.runner.neo4j.BoltConnector;
import io.neo4jrestore.runner.neo4j.BoltEndpoint;
import io.neo4jrestore.runner.neo4j.BoltNeo4jAdmin;
import io.neo4jrestore.runner.neo4j.Neo4jAdminException;
import io.neo4jrestore.runner.neo4j.ServerInfo;
import io.neo4jrestore.testenv.neo4j.BoltStandIn;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Neo4j stand-in's Bolt server (testenv; the server of the k3s tier's stand-in image) against
 * the runner's own Bolt adapter and driver, in this JVM: what the k3s tier relies on, as a
 * standalone and as a cluster reached through routing, holds even where no k3s runs.
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
      assertThrows(
          Neo4jAdminException.class, () -> admin.runStatement("orders", "MATCH (n) RETURN n"));
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

  @Test
  void three_stand_ins_play_a_cluster_reached_through_routing_with_the_system_database_on_server_0()
      throws Exception {
    List<BoltStandIn> servers = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      addresses.add("127.0.1." + (50 + i) + ":" + BoltStandIn.PORT);
    }
    try {
      for (int i = 0; i < 3; i++) {
        servers.add(
            BoltStandIn.start(
                new BoltStandIn.Config(
                    new InetSocketAddress("127.0.1." + (50 + i), BoltStandIn.PORT),
                    "neo4j",
                    "pw-1",
                    "5.26.12",
                    addresses,
                    i,
                    null,
                    null)));
      }
      BoltEndpoint viaServer2 =
          new BoltEndpoint(
              URI.create("neo4j://" + addresses.get(2)), "neo4j", "pw-1", Optional.empty(), ORIGIN);
      try (BoltNeo4jAdmin admin = new BoltConnector().connect(viaServer2)) {
        List<ServerInfo> shown = admin.servers();
        assertEquals(3, shown.size(), shown.toString());
        assertTrue(shown.stream().allMatch(ServerInfo::isUsable), shown.toString());
        String seeder = shown.get(0).serverId();
        assertTrue(admin.procedures().contains("dbms.cluster.recreateDatabase"));

        // a store can only be seeded from server 0 (the stand-in cannot see another pod's disk)
        assertThrows(
            Neo4jAdminException.class,
            () -> admin.createDatabase("orders", Optional.of(shown.get(1).serverId()), WAIT));
        admin.createDatabase("orders", Optional.of(seeder), WAIT);
        assertEquals(3, admin.database("orders").orElseThrow().allocations().size());
        assertTrue(admin.database("orders").orElseThrow().allOnline());

        servers.get(2).close(); // a server that went away leaves its allocation not online
        assertFalse(admin.database("orders").orElseThrow().allOnline());
        assertFalse(admin.servers().get(2).isUsable());
        admin.recreateDatabase("orders", seeder, "dbms.cluster.recreateDatabase");
      }
      // every statement ran on server 0; servers 1 and 2 only routed
      assertTrue(servers.get(0).statements().stream().anyMatch(s -> s.startsWith("CREATE")));
      assertTrue(servers.get(2).statements().isEmpty(), servers.get(2).statements().toString());
    } finally {
      for (BoltStandIn s : servers) {
        s.close();
      }
    }
  }
}

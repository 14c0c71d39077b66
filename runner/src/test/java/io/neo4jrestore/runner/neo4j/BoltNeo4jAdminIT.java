package io.neo4jrestore.runner.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.runner.neo4j.Neo4jAdminException.Kind;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link BoltNeo4jAdmin} against a real Neo4j 5.26 (Community, in-process). Community refuses
 * database administration, so for those commands this proves the mapping of the refusal and that
 * every statement we send parses (a syntax error would be reported instead of the refusal).
 */
class BoltNeo4jAdminIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SYNTAX_ERROR = "Neo.ClientError.Statement.SyntaxError";

  private static HarnessNeo4j harness;
  private static BoltNeo4jAdmin admin;

  @BeforeAll
  static void startNeo4j() throws Exception {
    harness = HarnessNeo4j.start();
    admin =
        new BoltConnector()
            .connect(
                harness.endpoint("bolt", "127.0.0.1", HarnessNeo4j.PASSWORD, Optional.empty()));
  }

  @AfterAll
  static void stopNeo4j() {
    if (admin != null) {
      admin.close();
    }
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void connects_and_reads_the_server_version() {
    assertEquals("5.26.18", admin.serverVersion());
    assertEquals(new Neo4jVersion(5, 26, 18), admin.version());
  }

  @Test
  void the_routing_scheme_works_too() {
    try (BoltNeo4jAdmin routed =
        new BoltConnector()
            .connect(
                harness.endpoint("neo4j", "127.0.0.1", HarnessNeo4j.PASSWORD, Optional.empty()))) {
      assertTrue(routed.database("neo4j").orElseThrow().allOnline());
    }
  }

  @Test
  void a_wrong_password_is_an_authentication_failure_naming_the_admin_secret() {
    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class,
            () ->
                new BoltConnector()
                    .connect(
                        harness.endpoint(
                            "bolt", "127.0.0.1", "not-the-password", Optional.empty())));

    assertEquals(Kind.AUTHENTICATION, e.kind());
    assertEquals(Optional.of("Neo.ClientError.Security.Unauthorized"), e.neo4jCode());
    assertTrue(
        e.getMessage()
            .startsWith(
                "reading the Neo4j version on Neo4jEnterpriseStandalone it/graph (bolt://127.0.0.1:"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "failed: Neo4j rejected the credentials of user neo4j. Check the admin Secret"
                    + " graph-admin (NEO4J_AUTH or username/password): it must hold that user's"
                    + " current password"),
        e.getMessage());
    assertFalse(e.getMessage().contains("not-the-password"));
  }

  @Test
  void an_unreachable_bolt_service_is_reported_as_unavailable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    BoltEndpoint nowhere =
        new BoltEndpoint(
            URI.create("bolt://127.0.0.1:" + closedPort),
            "neo4j",
            HarnessNeo4j.PASSWORD,
            Optional.empty(),
            HarnessNeo4j.ORIGIN);

    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class,
            () -> new BoltConnector(Duration.ofSeconds(2)).connect(nowhere));

    assertEquals(Kind.UNAVAILABLE, e.kind());
    assertTrue(e.retryable());
    assertTrue(
        e.getMessage().contains("Is the Bolt service 127.0.0.1:" + closedPort + " reachable"),
        e.getMessage());
  }

  @Test
  void reads_the_neo4j_database_from_show_database() {
    DatabaseState state = admin.database("neo4j").orElseThrow();

    assertEquals("neo4j", state.name());
    assertEquals(1, state.allocations().size());
    DatabaseState.Allocation a = state.allocations().get(0);
    assertEquals("online", a.currentStatus());
    assertEquals("online", a.requestedStatus());
    assertEquals("primary", a.role());
    assertTrue(a.serverId().isPresent(), "5.26 shows serverID");
    assertTrue(a.address().endsWith(":7687"), a.address());
    assertTrue(state.allOnline());
  }

  @Test
  void a_database_that_does_not_exist_is_empty_even_with_a_hostile_name() {
    assertEquals(Optional.empty(), admin.database("films"));
    assertEquals(Optional.empty(), admin.database("neo4j` YIELD * RETURN 1 //"));
  }

  @Test
  void lists_procedures_and_community_offers_no_recreate_procedure() {
    Set<String> procedures = admin.procedures();

    assertTrue(procedures.contains("dbms.components"), procedures.toString());
    assertEquals(Optional.empty(), RecreateProcedure.chooseFrom(procedures));
  }

  @Test
  void show_servers_is_refused_on_community_with_a_clear_message() {
    Neo4jAdminException e = assertThrows(Neo4jAdminException.class, admin::servers);

    // Community 5.26 answers SHOW SERVERS with NotSystemDatabaseError, not the code it uses for
    // STOP/START/CREATE DATABASE; both are mapped to UNSUPPORTED
    assertEquals(Kind.UNSUPPORTED, e.kind(), e.getMessage());
    assertEquals(Optional.of("Neo.ClientError.Statement.NotSystemDatabaseError"), e.neo4jCode());
    assertTrue(
        e.getMessage().startsWith("SHOW SERVERS on Neo4jEnterpriseStandalone it/graph"),
        e.getMessage());
    assertTrue(e.getMessage().contains("must run Neo4j Enterprise Edition"), e.getMessage());
  }

  @Test
  void stop_database_is_refused_on_community_with_a_clear_message() {
    Neo4jAdminException e =
        assertThrows(Neo4jAdminException.class, () -> admin.stopDatabase("neo4j", WAIT));

    assertUnsupportedAdministration(e);
    assertTrue(
        e.getMessage()
            .endsWith(
                " failed: this Neo4j does not support the command"
                    + " (Neo.ClientError.Statement.UnsupportedAdministrationCommand). Neo4j"
                    + " Community Edition refuses database administration; restore targets must"
                    + " run Neo4j Enterprise Edition"),
        e.getMessage());
    assertTrue(admin.database("neo4j").orElseThrow().allOnline(), "nothing was stopped");
  }

  @Test
  void every_administration_statement_parses_on_neo4j_5_26() {
    String seed = FakeNeo4j.serverId(0);
    List<Executable> commands =
        List.of(
            () -> admin.startDatabase("movies", WAIT),
            () -> admin.createDatabase("movies", Optional.empty(), WAIT),
            () -> admin.createDatabase("movies", Optional.of(seed), WAIT));
    for (Executable command : commands) {
      Neo4jAdminException e = assertThrows(Neo4jAdminException.class, command);
      assertUnsupportedAdministration(e);
    }
    for (RecreateProcedure p : RecreateProcedure.values()) {
      Neo4jAdminException e =
          assertThrows(
              Neo4jAdminException.class,
              () -> admin.recreateDatabase("movies", seed, p.procedureName()));
      assertEquals(Kind.UNSUPPORTED, e.kind(), e.getMessage());
      assertEquals(Optional.of("Neo.ClientError.Procedure.ProcedureNotFound"), e.neo4jCode());
    }
  }

  @Test
  void a_statement_that_does_not_parse_is_reported_as_a_syntax_error() {
    // the control for the test above: a syntax error is reported as such, not as a refusal
    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class,
            () -> admin.runStatement("system", "STOP DATABASE $name WAIT forever"));

    assertEquals(Kind.REJECTED, e.kind());
    assertEquals(Optional.of(SYNTAX_ERROR), e.neo4jCode());
  }

  @Test
  void runs_a_hook_statement_on_a_user_database() {
    long before = harness.count("MATCH (n:RestoreHook) RETURN count(n) AS n");

    admin.runStatement("neo4j", "CREATE (:RestoreHook {note: 'it\\'s $(not) `code`'})");

    assertEquals(before + 1, harness.count("MATCH (n:RestoreHook) RETURN count(n) AS n"));
  }

  private static void assertUnsupportedAdministration(Neo4jAdminException e) {
    assertEquals(Kind.UNSUPPORTED, e.kind(), e.getMessage());
    assertEquals(
        Optional.of("Neo.ClientError.Statement.UnsupportedAdministrationCommand"), e.neo4jCode());
    assertNotEquals(Optional.of(SYNTAX_ERROR), e.neo4jCode());
  }
}

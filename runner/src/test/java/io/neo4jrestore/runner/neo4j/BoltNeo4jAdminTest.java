package io.neo4jrestore.runner.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.runner.neo4j.Neo4jAdminException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.SecurityException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.TransientException;

/** The adapter's parsing, checks and error mapping, over the in-memory server. */
class BoltNeo4jAdminTest {
  private static final String WHERE =
      "Neo4jEnterpriseCluster default/graph (neo4j://fake-neo4j:7687)";

  private final FakeNeo4j neo4j = FakeNeo4j.cluster(3, FakeNeo4j.V5_26);

  @Test
  void reads_one_allocation_per_server_from_show_database() {
    DatabaseState state = neo4j.database("neo4j").orElseThrow();

    assertEquals("neo4j", state.name());
    assertEquals(3, state.allocations().size());
    DatabaseState.Allocation first = state.allocations().get(0);
    assertEquals(neo4j.address(0), first.address());
    assertEquals(Optional.of(FakeNeo4j.serverId(0)), first.serverId());
    assertEquals("online", first.currentStatus());
    assertEquals("online", first.requestedStatus());
    assertEquals("primary", first.role());
    assertTrue(state.allOnline());
  }

  @Test
  void a_database_neo4j_does_not_list_is_empty() {
    assertEquals(Optional.empty(), neo4j.database("films"));
  }

  @Test
  void reads_servers_and_procedures() {
    List<ServerInfo> servers = neo4j.servers();

    assertEquals(3, servers.size());
    assertEquals(
        new ServerInfo(
            FakeNeo4j.serverId(1), neo4j.serverName(1), neo4j.address(1), "Enabled", "Available"),
        servers.get(1));
    assertTrue(neo4j.procedures().contains("dbms.cluster.recreateDatabase"));
  }

  @Test
  void reads_the_kernel_version_once() {
    assertEquals("5.26.18", neo4j.serverVersion());
    assertEquals(new Neo4jVersion(5, 26, 18), neo4j.version());
    assertEquals(1, neo4j.statements().size());
  }

  @Test
  void runs_a_hook_statement_as_is_on_its_database() {
    String cypher = "MATCH (n:`Weird $label`) WHERE n.x = 'a\"b' SET n.restored = true";

    neo4j.runStatement("movies", cypher);

    FakeNeo4j.Executed executed = neo4j.executed().get(0);
    assertEquals("movies", executed.database());
    assertEquals(cypher, executed.text());
    assertEquals(Map.of(), executed.parameters());
  }

  @Test
  void an_unknown_recreate_procedure_is_refused_before_anything_is_sent() {
    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class,
            () -> neo4j.recreateDatabase("movies", FakeNeo4j.serverId(0), "apoc.do.it"));

    assertEquals(Kind.INVALID, e.kind());
    assertEquals(List.of(), neo4j.statements());
  }

  @Test
  void a_seeded_create_with_an_invalid_name_sends_nothing_at_all() {
    assertThrows(
        Neo4jAdminException.class,
        () ->
            neo4j.createDatabase(
                "x`y", Optional.of(FakeNeo4j.serverId(0)), Duration.ofSeconds(30)));

    assertEquals(List.of(), neo4j.statements());
  }

  @Test
  void community_edition_refusals_say_enterprise_is_needed() {
    neo4j.failing(
        "STOP DATABASE",
        new ClientException(
            Neo4jErrors.UNSUPPORTED_ADMINISTRATION_COMMAND,
            "Unsupported administration command: STOP DATABASE $name WAIT 60 SECONDS"));

    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class, () -> neo4j.stopDatabase("neo4j", Duration.ofMinutes(1)));

    assertEquals(Kind.UNSUPPORTED, e.kind());
    assertEquals(Optional.of(Neo4jErrors.UNSUPPORTED_ADMINISTRATION_COMMAND), e.neo4jCode());
    assertEquals(
        "STOP DATABASE for database \"neo4j\" on "
            + WHERE
            + " failed: this Neo4j does not support the command"
            + " (Neo.ClientError.Statement.UnsupportedAdministrationCommand). Neo4j Community"
            + " Edition refuses database administration; restore targets must run Neo4j"
            + " Enterprise Edition",
        e.getMessage());
    assertFalse(e.retryable());
  }

  @Test
  void a_wrong_password_says_which_secret_to_check() {
    neo4j.failing(
        "SHOW",
        new AuthenticationException(
            "Neo.ClientError.Security.Unauthorized",
            "The client is unauthorized due to authentication failure."));

    Neo4jAdminException e = assertThrows(Neo4jAdminException.class, neo4j::servers);

    assertEquals(Kind.AUTHENTICATION, e.kind());
    assertEquals(
        "SHOW SERVERS on "
            + WHERE
            + " failed: Neo4j rejected the credentials of user neo4j. Check the admin Secret"
            + " graph-admin (NEO4J_AUTH or username/password): it must hold that user's current"
            + " password",
        e.getMessage());
  }

  @Test
  void an_unreachable_server_asks_whether_the_bolt_service_is_reachable_and_is_retryable() {
    neo4j.failing("SHOW", new ServiceUnavailableException("Unable to connect to fake-neo4j:7687"));

    Neo4jAdminException e = assertThrows(Neo4jAdminException.class, () -> neo4j.database("movies"));

    assertEquals(Kind.UNAVAILABLE, e.kind());
    assertTrue(e.retryable());
    assertTrue(
        e.getMessage()
            .contains("Is the Bolt service fake-neo4j:7687 reachable from the runner pod"),
        e.getMessage());
  }

  @Test
  void a_certificate_failure_is_reported_as_tls() {
    neo4j.failing(
        "CALL dbms.components",
        new SecurityException(
            "Failed to establish secured connection with the server",
            new SSLHandshakeException("PKIX path building failed")));

    Neo4jAdminException e = assertThrows(Neo4jAdminException.class, neo4j::serverVersion);

    assertEquals(Kind.TLS, e.kind());
    assertTrue(e.getMessage().contains("PKIX path building failed"), e.getMessage());
  }

  @Test
  void transient_errors_are_retryable() {
    neo4j.failing(
        "CREATE DATABASE",
        new TransientException(
            "Neo.TransientError.General.DatabaseUnavailable", "Database is unavailable"));

    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class,
            () ->
                neo4j.createDatabase(
                    "movies", Optional.of(FakeNeo4j.serverId(0)), Duration.ofMinutes(1)));

    assertEquals(Kind.TRANSIENT, e.kind());
    assertTrue(e.retryable());
  }

  @Test
  void other_refusals_carry_the_neo4j_code_and_message() {
    neo4j.failing(
        "MATCH",
        new ClientException("Neo.ClientError.Statement.SyntaxError", "Invalid input 'MATCH ('"));

    Neo4jAdminException e =
        assertThrows(Neo4jAdminException.class, () -> neo4j.runStatement("movies", "MATCH ("));

    assertEquals(Kind.REJECTED, e.kind());
    assertEquals(
        "hook statement on database \"movies\" on "
            + WHERE
            + " failed: Neo.ClientError.Statement.SyntaxError: Invalid input 'MATCH ('",
        e.getMessage());
  }

  @Test
  void an_existing_mapped_exception_is_passed_through() {
    Neo4jAdminException original = new Neo4jAdminException(Kind.INVALID, "x");

    assertSame(
        original,
        Neo4jErrors.map(
            original,
            "anything",
            new Neo4jErrors.Context(
                java.net.URI.create("bolt://h:7687"),
                "neo4j",
                new BoltEndpoint.Origin("t", "s", Optional.empty()))));
  }

  @Test
  void closing_releases_the_session() {
    neo4j.close();

    assertTrue(neo4j.isClosed());
  }
}

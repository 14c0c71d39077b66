package io.neo4jrestore.runner.neo4j;

import static io.neo4jrestore.runner.neo4j.FakeNeo4j.serverId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.runner.neo4j.Neo4jAdminException.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BringUpTest {
  private static final String DB = "movies";
  private static final Duration POLL = Duration.ofSeconds(2);
  private static final Instant DEADLINE = TestClock.START.plus(Duration.ofMinutes(10));

  private final TestClock clock = new TestClock();

  private static final CypherStatement SHOW_MOVIES =
      new CypherStatement("SHOW DATABASE $name YIELD *", Map.of("name", DB));
  private static final CypherStatement SHOW_SERVERS = CypherStatement.of("SHOW SERVERS YIELD *");
  private static final CypherStatement SHOW_PROCEDURES =
      CypherStatement.of("SHOW PROCEDURES YIELD name");
  private static final CypherStatement COMPONENTS =
      CypherStatement.of("CALL dbms.components() YIELD name, versions, edition");

  private BringUp.Outcome bringUp(FakeNeo4j neo4j, BringUp.Request request)
      throws InterruptedException {
    return new BringUp(neo4j, clock, clock, POLL).run(request);
  }

  private static BringUp.Request clusterRequest(FakeNeo4j neo4j, boolean existed, int seeder) {
    return BringUp.Request.cluster(DB, existed, neo4j.address(seeder), DEADLINE);
  }

  // ---- standalone

  @ParameterizedTest
  @ValueSource(strings = {FakeNeo4j.V5_26, FakeNeo4j.V2025_04})
  void creates_a_new_database_on_a_standalone_which_mounts_the_restored_store(String version)
      throws Exception {
    FakeNeo4j neo4j = FakeNeo4j.standalone(version);

    BringUp.Outcome outcome = bringUp(neo4j, BringUp.Request.standalone(DB, false, DEADLINE));

    assertEquals(
        List.of(
            SHOW_MOVIES,
            new CypherStatement("CREATE DATABASE $name WAIT 600 SECONDS", Map.of("name", DB)),
            SHOW_MOVIES),
        neo4j.statements());
    assertTrue(outcome.state().allOnline());
    assertEquals("database movies created; online on 1 server(s)", outcome.message());
  }

  @ParameterizedTest
  @ValueSource(strings = {FakeNeo4j.V5_26, FakeNeo4j.V2025_04})
  void starts_an_existing_database_on_a_standalone(String version) throws Exception {
    FakeNeo4j neo4j = FakeNeo4j.standalone(version).withDatabase(DB, DatabaseState.OFFLINE);

    bringUp(neo4j, BringUp.Request.standalone(DB, true, DEADLINE));

    assertEquals(
        List.of(
            SHOW_MOVIES,
            new CypherStatement("START DATABASE $name WAIT 600 SECONDS", Map.of("name", DB)),
            SHOW_MOVIES),
        neo4j.statements());
  }

  // ---- 3-server cluster, new database

  @ParameterizedTest
  @ValueSource(strings = {FakeNeo4j.V5_26, FakeNeo4j.V2025_03, FakeNeo4j.V2025_04})
  void creates_the_database_seeded_from_the_restored_server(String version) throws Exception {
    FakeNeo4j neo4j = FakeNeo4j.cluster(3, version);

    BringUp.Outcome outcome = bringUp(neo4j, clusterRequest(neo4j, false, 1));

    assertEquals(
        List.of(
            SHOW_MOVIES,
            SHOW_SERVERS,
            COMPONENTS,
            new CypherStatement(
                "CREATE DATABASE $name OPTIONS {existingData: 'use', existingDataSeedServer:"
                    + " $serverId} WAIT 600 SECONDS",
                Map.of("name", DB, "serverId", serverId(1))),
            SHOW_MOVIES),
        neo4j.statements());
    assertEquals(3, outcome.state().allocations().size());
    assertTrue(outcome.state().allOnline());
    assertEquals(
        "database movies created seeded from server "
            + serverId(1)
            + " ("
            + neo4j.address(1)
            + "); online on 3 server(s)",
        outcome.message());
  }

  @Test
  void the_seed_key_is_accepted_by_a_cypher_25_server() throws Exception {
    FakeNeo4j neo4j = FakeNeo4j.cluster(3, "2025.06.0").cypher25Only();

    bringUp(neo4j, clusterRequest(neo4j, false, 0));

    assertTrue(neo4j.statements().get(3).text().contains("existingDataSeedServer: $serverId"));
  }

  // ---- 3-server cluster, existing database

  @ParameterizedTest
  @ValueSource(strings = {FakeNeo4j.V5_26, FakeNeo4j.V2025_03})
  void recreates_an_existing_database_with_the_cluster_procedure_before_2025_04(String version)
      throws Exception {
    FakeNeo4j neo4j = FakeNeo4j.cluster(3, version).withDatabase(DB, DatabaseState.OFFLINE);

    BringUp.Outcome outcome = bringUp(neo4j, clusterRequest(neo4j, true, 1));

    assertEquals(
        List.of(
            SHOW_MOVIES,
            SHOW_SERVERS,
            SHOW_PROCEDURES,
            new CypherStatement(
                "CALL dbms.cluster.recreateDatabase($db, {seedingServers: [$serverId]})",
                Map.of("db", DB, "serverId", serverId(1))),
            SHOW_MOVIES),
        neo4j.statements());
    assertTrue(outcome.action().endsWith("with dbms.cluster.recreateDatabase"), outcome.action());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void recreates_an_existing_database_with_dbms_recreate_database_from_2025_04(boolean cypher25)
      throws Exception {
    FakeNeo4j neo4j =
        FakeNeo4j.cluster(3, FakeNeo4j.V2025_04).withDatabase(DB, DatabaseState.OFFLINE);
    if (cypher25) {
      neo4j.cypher25Only();
    }

    bringUp(neo4j, clusterRequest(neo4j, true, 1));

    assertEquals(
        List.of(
            SHOW_MOVIES,
            SHOW_SERVERS,
            SHOW_PROCEDURES,
            new CypherStatement(
                "CALL dbms.recreateDatabase($db, {seedingServers: [$serverId]})",
                Map.of("db", DB, "serverId", serverId(1))),
            SHOW_MOVIES),
        neo4j.statements());
  }

  @Test
  void the_recreate_procedure_is_chosen_by_show_procedures_not_by_version() throws Exception {
    FakeNeo4j newer =
        FakeNeo4j.cluster(3, "2025.05.0")
            .withDatabase(DB, DatabaseState.OFFLINE)
            .withProcedures(FakeNeo4j.RECREATE_CLUSTER);
    FakeNeo4j older =
        FakeNeo4j.cluster(3, FakeNeo4j.V5_26)
            .withDatabase(DB, DatabaseState.OFFLINE)
            .withProcedures(FakeNeo4j.RECREATE_DBMS);

    bringUp(newer, clusterRequest(newer, true, 0));
    bringUp(older, clusterRequest(older, true, 0));

    assertTrue(newer.statements().get(3).text().startsWith("CALL dbms.cluster.recreateDatabase("));
    assertTrue(older.statements().get(3).text().startsWith("CALL dbms.recreateDatabase("));
  }

  @Test
  void refuses_to_re_seed_when_no_recreate_procedure_is_offered() {
    FakeNeo4j neo4j =
        FakeNeo4j.cluster(3, FakeNeo4j.V5_26)
            .withDatabase(DB, DatabaseState.OFFLINE)
            .withProcedures("db.ping");

    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class, () -> bringUp(neo4j, clusterRequest(neo4j, true, 0)));

    assertEquals(Kind.UNSUPPORTED, e.kind());
    assertTrue(
        e.getMessage().contains("neither dbms.recreateDatabase nor dbms.cluster.recreateDatabase"));
    assertEquals(List.of(SHOW_MOVIES, SHOW_SERVERS, SHOW_PROCEDURES), neo4j.statements());
  }

  // ---- finding the seeder

  @Test
  void finds_the_seeder_by_its_address_never_by_its_name() throws Exception {
    FakeNeo4j neo4j = FakeNeo4j.cluster(3, FakeNeo4j.V5_26);
    // server 2 is *named* graph-server-0: a lookup by name would pick the wrong server
    assertEquals("graph-server-0", neo4j.serverName(2));

    bringUp(neo4j, clusterRequest(neo4j, false, 0));

    assertEquals(serverId(0), neo4j.statements().get(3).parameters().get("serverId"));
  }

  @Test
  void matches_the_seeder_address_case_insensitively() throws Exception {
    FakeNeo4j neo4j = FakeNeo4j.cluster(3, FakeNeo4j.V5_26);

    bringUp(
        neo4j,
        BringUp.Request.cluster(
            DB, false, neo4j.address(2).toUpperCase(java.util.Locale.ROOT), DEADLINE));

    assertEquals(serverId(2), neo4j.statements().get(3).parameters().get("serverId"));
  }

  @Test
  void waits_until_the_seeder_is_available() throws Exception {
    FakeNeo4j neo4j = FakeNeo4j.cluster(3, FakeNeo4j.V5_26).serverUnavailableForPolls(1, 2);

    bringUp(neo4j, clusterRequest(neo4j, false, 1));

    assertEquals(
        List.of(SHOW_MOVIES, SHOW_SERVERS, SHOW_SERVERS, SHOW_SERVERS, COMPONENTS),
        neo4j.statements().subList(0, 5));
    assertEquals(List.of(POLL, POLL), clock.sleeps());
  }

  @Test
  void fails_when_no_server_has_the_seeder_address_listing_the_servers() {
    FakeNeo4j neo4j = FakeNeo4j.cluster(3, FakeNeo4j.V5_26);
    BringUp.Request request =
        BringUp.Request.cluster(DB, false, "graph-server-7.graph-internal:7687", DEADLINE);

    Neo4jAdminException e = assertThrows(Neo4jAdminException.class, () -> bringUp(neo4j, request));

    assertEquals(Kind.NOT_FOUND, e.kind());
    assertTrue(
        e.getMessage()
            .startsWith("no server in SHOW SERVERS has the seeder's address graph-server-7"),
        e.getMessage());
    assertTrue(e.getMessage().contains(neo4j.address(0)), "lists what SHOW SERVERS reported");
    assertEquals(DEADLINE, clock.instant());
    assertTrue(neo4j.statements().stream().noneMatch(s -> s.text().startsWith("CREATE")));
  }

  // ---- waiting until every allocation is online

  @Test
  void waits_until_every_allocation_is_online() throws Exception {
    FakeNeo4j neo4j = FakeNeo4j.cluster(3, FakeNeo4j.V5_26).onlineAfterPolls(3);

    BringUp.Outcome outcome = bringUp(neo4j, clusterRequest(neo4j, false, 0));

    assertTrue(outcome.state().allOnline());
    List<CypherStatement> polls = neo4j.statements().subList(4, neo4j.statements().size());
    assertEquals(Collections.nCopies(4, SHOW_MOVIES), polls);
    assertEquals(List.of(POLL, POLL, POLL), clock.sleeps());
  }

  @Test
  void fails_at_the_deadline_listing_the_allocations_that_are_not_online() {
    FakeNeo4j neo4j =
        FakeNeo4j.cluster(3, FakeNeo4j.V2025_04)
            .withDatabase(DB, DatabaseState.OFFLINE)
            .neverOnline(1, "store copying", "Copying store from " + serverId(1));

    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class, () -> bringUp(neo4j, clusterRequest(neo4j, true, 1)));

    assertEquals(Kind.TIMED_OUT, e.kind());
    assertEquals(DEADLINE, clock.instant(), "waited exactly until the deadline");
    assertEquals(
        "database movies (recreated seeded from server "
            + serverId(1)
            + " ("
            + neo4j.address(1)
            + ") with dbms.recreateDatabase) was not online on every server by "
            + DEADLINE
            + ": not online: "
            + neo4j.address(2)
            + " ("
            + serverId(2)
            + "): store copying (requested online) \"Copying store from "
            + serverId(1)
            + "\". Check SHOW DATABASE movies and the servers' debug.log; the restored store is"
            + " on "
            + neo4j.address(1),
        e.getMessage());
    assertFalse(
        e.getMessage().contains(neo4j.address(0) + " ("), "online allocations are not listed");
  }

  @Test
  void never_sleeps_past_the_deadline() {
    Instant deadline = TestClock.START.plusSeconds(5);
    FakeNeo4j neo4j = FakeNeo4j.standalone(FakeNeo4j.V5_26).neverOnline(1, "starting", "");

    assertThrows(
        Neo4jAdminException.class,
        () -> bringUp(neo4j, BringUp.Request.standalone(DB, false, deadline)));

    assertEquals(List.of(POLL, POLL, Duration.ofSeconds(1)), clock.sleeps());
    assertEquals(deadline, clock.instant());
  }

  @Test
  void fails_at_once_when_an_allocation_is_quarantined() {
    FakeNeo4j neo4j =
        FakeNeo4j.cluster(3, FakeNeo4j.V5_26)
            .neverOnline(1, "quarantined", "Database is quarantined");

    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class, () -> bringUp(neo4j, clusterRequest(neo4j, false, 0)));

    assertEquals(Kind.REJECTED, e.kind());
    assertTrue(e.getMessage().contains("is quarantined on " + neo4j.address(2)), e.getMessage());
    assertEquals(List.of(), clock.sleeps());
  }

  @Test
  void a_wait_that_reports_failure_fails_naming_the_database_and_the_command() {
    FakeNeo4j neo4j =
        FakeNeo4j.standalone(FakeNeo4j.V5_26)
            .withDatabase(DB, DatabaseState.OFFLINE)
            .waitTimesOut("START");

    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class,
            () -> bringUp(neo4j, BringUp.Request.standalone(DB, true, DEADLINE)));

    assertEquals(Kind.TIMED_OUT, e.kind());
    assertTrue(
        e.getMessage().startsWith("START DATABASE for database \"movies\" on "), e.getMessage());
    assertTrue(e.getMessage().contains("did not finish within its WAIT time"), e.getMessage());
  }

  @Test
  void a_seeded_create_whose_wait_reports_failure_fails() {
    FakeNeo4j neo4j = FakeNeo4j.cluster(3, FakeNeo4j.V5_26).waitTimesOut("CREATE");

    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class, () -> bringUp(neo4j, clusterRequest(neo4j, false, 2)));

    assertEquals(Kind.TIMED_OUT, e.kind());
    assertTrue(
        e.getMessage().startsWith("CREATE DATABASE for database \"movies\""), e.getMessage());
  }

  @Test
  void fails_before_any_command_when_the_deadline_has_passed() {
    FakeNeo4j neo4j = FakeNeo4j.standalone(FakeNeo4j.V5_26);

    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class,
            () -> bringUp(neo4j, BringUp.Request.standalone(DB, false, TestClock.START)));

    assertEquals(Kind.TIMED_OUT, e.kind());
    assertEquals(List.of(SHOW_MOVIES), neo4j.statements());
  }

  // ---- resuming, and surprises

  @Test
  void a_resumed_bring_up_does_not_create_the_database_twice() throws Exception {
    FakeNeo4j neo4j = FakeNeo4j.cluster(3, FakeNeo4j.V5_26).withDatabase(DB, DatabaseState.ONLINE);

    BringUp.Outcome outcome = bringUp(neo4j, clusterRequest(neo4j, false, 0));

    assertEquals(List.of(SHOW_MOVIES, SHOW_MOVIES), neo4j.statements());
    assertEquals("found (created by an earlier attempt)", outcome.action());
  }

  @Test
  void fails_when_a_database_that_existed_before_is_gone() {
    FakeNeo4j neo4j = FakeNeo4j.cluster(3, FakeNeo4j.V5_26);

    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class, () -> bringUp(neo4j, clusterRequest(neo4j, true, 0)));

    assertEquals(Kind.NOT_FOUND, e.kind());
    assertEquals(List.of(SHOW_MOVIES), neo4j.statements());
  }

  // ---- hostile names

  @ParameterizedTest
  @MethodSource("io.neo4jrestore.runner.neo4j.AdminStatementsTest#hostileNames")
  void hostile_names_are_refused_before_anything_is_sent(String name) {
    FakeNeo4j neo4j = FakeNeo4j.cluster(3, FakeNeo4j.V5_26);

    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class,
            () -> bringUp(neo4j, BringUp.Request.cluster(name, false, neo4j.address(0), DEADLINE)));

    assertEquals(Kind.INVALID, e.kind());
    assertEquals(List.of(), neo4j.statements());
  }

  @Test
  void a_cluster_request_needs_the_seeder_address() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new BringUp.Request(
                DB, false, BringUp.Topology.CLUSTER, java.util.Optional.empty(), DEADLINE));
  }
}

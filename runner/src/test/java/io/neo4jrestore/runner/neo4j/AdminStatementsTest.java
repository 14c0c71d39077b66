package io.neo4jrestore.runner.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdminStatementsTest {
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
  private static final String SERVER = FakeNeo4j.serverId(1);

  /** Names that would change a statement if they were spliced into it. */
  static Stream<String> hostileNames() {
    return Stream.of(
        "movies`; DROP DATABASE neo4j; //",
        "a`b",
        "x$(rm -rf /)",
        "o'neil",
        "say \"hi\"",
        "my db",
        "db}) WAIT 0 SECONDS",
        "neo4j\nSTOP DATABASE system",
        "",
        "$name",
        "d\u00e4tabase",
        "system",
        "systemrestore",
        "_internal",
        "ab",
        "1movies",
        "movies-",
        "movies.",
        "m" + "x".repeat(63));
  }

  @Test
  void stop_start_and_create_pass_the_name_as_a_parameter_and_wait() {
    assertEquals(
        new CypherStatement("STOP DATABASE $name WAIT 300 SECONDS", Map.of("name", "movies")),
        AdminStatements.stopDatabase("movies", FIVE_MINUTES));
    assertEquals(
        new CypherStatement("START DATABASE $name WAIT 300 SECONDS", Map.of("name", "movies")),
        AdminStatements.startDatabase("movies", FIVE_MINUTES));
    assertEquals(
        new CypherStatement("CREATE DATABASE $name WAIT 300 SECONDS", Map.of("name", "movies")),
        AdminStatements.createDatabase("movies", FIVE_MINUTES));
  }

  @Test
  void reads_pass_the_name_as_a_parameter() {
    assertEquals(
        new CypherStatement("SHOW DATABASE $name YIELD *", Map.of("name", "movies")),
        AdminStatements.showDatabase("movies"));
    assertEquals("SHOW SERVERS YIELD *", AdminStatements.showServers().text());
    assertEquals("SHOW PROCEDURES YIELD name", AdminStatements.showProcedures().text());
    assertEquals(
        "CALL dbms.components() YIELD name, versions, edition",
        AdminStatements.components().text());
  }

  @Test
  void seeded_create_uses_existing_data_seed_server_from_5_25_on() {
    for (String version : List.of("5.25.0", "5.26.0", "5.26.18", "2025.01.0", "2025.04.0")) {
      assertEquals(
          new CypherStatement(
              "CREATE DATABASE $name OPTIONS {existingData: 'use', existingDataSeedServer:"
                  + " $serverId} WAIT 300 SECONDS",
              Map.of("name", "movies", "serverId", SERVER)),
          AdminStatements.createDatabaseSeeded(
              "movies", SERVER, Neo4jVersion.parseTag(version), FIVE_MINUTES),
          version);
    }
  }

  @Test
  void seeded_create_falls_back_to_the_deprecated_key_only_before_5_25() {
    assertEquals(
        "CREATE DATABASE $name OPTIONS {existingData: 'use', existingDataSeedInstance: $serverId}"
            + " WAIT 300 SECONDS",
        AdminStatements.createDatabaseSeeded(
                "movies", SERVER, Neo4jVersion.parseTag("5.24.2"), FIVE_MINUTES)
            .text());
  }

  @Test
  void recreate_calls_the_chosen_procedure_with_the_seed_server_as_a_parameter() {
    assertEquals(
        new CypherStatement(
            "CALL dbms.cluster.recreateDatabase($db, {seedingServers: [$serverId]})",
            Map.of("db", "movies", "serverId", SERVER)),
        AdminStatements.recreateDatabase("movies", SERVER, RecreateProcedure.CLUSTER));
    assertEquals(
        new CypherStatement(
            "CALL dbms.recreateDatabase($db, {seedingServers: [$serverId]})",
            Map.of("db", "movies", "serverId", SERVER)),
        AdminStatements.recreateDatabase("movies", SERVER, RecreateProcedure.DBMS));
  }

  @Test
  void recreate_prefers_dbms_recreate_database_when_both_are_offered() {
    assertEquals(
        Optional.of(RecreateProcedure.DBMS),
        RecreateProcedure.chooseFrom(
            Set.of("dbms.cluster.recreateDatabase", "dbms.recreateDatabase")));
    assertEquals(
        Optional.of(RecreateProcedure.CLUSTER),
        RecreateProcedure.chooseFrom(Set.of("dbms.cluster.recreateDatabase", "db.ping")));
    assertEquals(Optional.empty(), RecreateProcedure.chooseFrom(Set.of("db.ping")));
  }

  @Test
  void wait_rounds_up_to_whole_seconds() {
    assertEquals(" WAIT 1 SECONDS", AdminStatements.waitClause(Duration.ofMillis(1)));
    assertEquals(" WAIT 2 SECONDS", AdminStatements.waitClause(Duration.ofMillis(1_200)));
    assertEquals(" WAIT 600 SECONDS", AdminStatements.waitClause(Duration.ofMinutes(10)));
  }

  @Test
  void a_wait_that_is_not_positive_is_refused() {
    for (Duration d : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
      Neo4jAdminException e =
          assertThrows(Neo4jAdminException.class, () -> AdminStatements.stopDatabase("movies", d));
      assertEquals(Neo4jAdminException.Kind.INVALID, e.kind());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"movies", "Movies", "my-db.v2", "a12", "neo4j"})
  void valid_names_are_accepted_and_never_reach_the_text(String name) {
    assertEquals(
        "STOP DATABASE $name WAIT 300 SECONDS",
        AdminStatements.stopDatabase(name, FIVE_MINUTES).text());
    assertEquals(
        Map.of("name", name), AdminStatements.stopDatabase(name, FIVE_MINUTES).parameters());
  }

  @ParameterizedTest
  @MethodSource("hostileNames")
  void hostile_names_are_refused_by_every_statement_that_changes_a_database(String name) {
    List<Function<String, CypherStatement>> changing =
        List.of(
            n -> AdminStatements.stopDatabase(n, FIVE_MINUTES),
            n -> AdminStatements.startDatabase(n, FIVE_MINUTES),
            n -> AdminStatements.createDatabase(n, FIVE_MINUTES),
            n ->
                AdminStatements.createDatabaseSeeded(
                    n, SERVER, Neo4jVersion.parseTag("5.26.0"), FIVE_MINUTES),
            n -> AdminStatements.recreateDatabase(n, SERVER, RecreateProcedure.DBMS));
    for (Function<String, CypherStatement> statement : changing) {
      Neo4jAdminException e = assertThrows(Neo4jAdminException.class, () -> statement.apply(name));
      assertEquals(Neo4jAdminException.Kind.INVALID, e.kind());
      assertTrue(e.getMessage().startsWith("database name "), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "control characters are escaped");
    }
  }

  @ParameterizedTest
  @MethodSource("hostileNames")
  void hostile_names_only_ever_travel_as_a_parameter_of_show_database(String name) {
    CypherStatement statement = AdminStatements.showDatabase(name);
    assertEquals("SHOW DATABASE $name YIELD *", statement.text());
    assertEquals(Map.of("name", name), statement.parameters());
  }

  @Test
  void the_message_for_a_reserved_name_says_it_is_reserved() {
    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class, () -> AdminStatements.startDatabase("system", FIVE_MINUTES));
    assertEquals(
        "database name \"system\" is reserved by Neo4j (names starting with system)",
        e.getMessage());
  }
}

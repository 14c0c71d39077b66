package io.neo4jrestore.runner.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.runner.neo4j.Neo4jAdminException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PrepareDatabaseTest {
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final CypherStatement SHOW_MOVIES =
      new CypherStatement("SHOW DATABASE $name YIELD *", Map.of("name", "movies"));

  @Test
  void stops_an_online_database_on_every_server_and_waits() {
    FakeNeo4j neo4j = FakeNeo4j.cluster(3, FakeNeo4j.V5_26).withDatabase("movies", "online");

    assertTrue(new PrepareDatabase(neo4j).stop("movies", WAIT));

    assertEquals(
        List.of(
            SHOW_MOVIES,
            new CypherStatement("STOP DATABASE $name WAIT 120 SECONDS", Map.of("name", "movies"))),
        neo4j.statements());
    assertTrue(neo4j.database("movies").orElseThrow().allStopped());
  }

  @Test
  void leaves_a_database_that_is_already_stopped_alone() {
    FakeNeo4j neo4j = FakeNeo4j.standalone(FakeNeo4j.V2025_04).withDatabase("movies", "offline");

    assertFalse(new PrepareDatabase(neo4j).stop("movies", WAIT));

    assertEquals(List.of(SHOW_MOVIES), neo4j.statements());
  }

  @Test
  void tells_whether_the_database_exists() {
    FakeNeo4j neo4j = FakeNeo4j.standalone(FakeNeo4j.V5_26).withDatabase("movies", "online");
    PrepareDatabase prepare = new PrepareDatabase(neo4j);

    assertTrue(prepare.exists("movies"));
    assertTrue(prepare.exists("MOVIES"), "Neo4j compares names case-insensitively");
    assertFalse(prepare.exists("films"));
  }

  @Test
  void stopping_a_database_that_does_not_exist_fails_without_sending_stop() {
    FakeNeo4j neo4j = FakeNeo4j.standalone(FakeNeo4j.V5_26);

    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class, () -> new PrepareDatabase(neo4j).stop("movies", WAIT));

    assertEquals(Kind.NOT_FOUND, e.kind());
    assertEquals(List.of(SHOW_MOVIES), neo4j.statements());
  }

  @Test
  void a_stop_whose_wait_reports_failure_fails_naming_the_database() {
    FakeNeo4j neo4j =
        FakeNeo4j.cluster(3, FakeNeo4j.V5_26).withDatabase("movies", "online").waitTimesOut("STOP");

    Neo4jAdminException e =
        assertThrows(
            Neo4jAdminException.class, () -> new PrepareDatabase(neo4j).stop("movies", WAIT));

    assertEquals(Kind.TIMED_OUT, e.kind());
    assertTrue(
        e.getMessage()
            .startsWith(
                "STOP DATABASE for database \"movies\" on Neo4jEnterpriseCluster default/graph"
                    + " (neo4j://fake-neo4j:7687) did not finish within its WAIT time ("
                    + neo4j.address(0)
                    + ": Waiting \"not caught up within the WAIT time\""),
        e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("io.neo4jrestore.runner.neo4j.AdminStatementsTest#hostileNames")
  void hostile_names_are_refused_before_anything_is_sent(String name) {
    FakeNeo4j neo4j = FakeNeo4j.standalone(FakeNeo4j.V5_26);

    Neo4jAdminException e =
        assertThrows(Neo4jAdminException.class, () -> new PrepareDatabase(neo4j).stop(name, WAIT));

    assertEquals(Kind.INVALID, e.kind());
    assertEquals(List.of(), neo4j.statements());
  }
}

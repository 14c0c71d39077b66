package io.neo4jrestore.runner.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.hook.HookDatabase;
import io.neo4jrestore.runner.hook.Redaction;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hook statements through the runner's Bolt port against a real Neo4j 5.26 (Community, the
 * harness): the database rule sends administration commands to {@code system} and the rest to the
 * restored database, and a Neo4j error that quotes a statement is scrubbed of it.
 */
class HookCypherIT {
  private static HarnessNeo4j harness;
  private static DatabasePort port;

  @BeforeAll
  static void startNeo4j() throws Exception {
    harness = HarnessNeo4j.start();
    port =
        new BoltDatabasePort(
            new BoltConnector()
                .connect(
                    harness.endpoint("bolt", "127.0.0.1", HarnessNeo4j.PASSWORD, Optional.empty())),
            null);
  }

  @AfterAll
  static void stopNeo4j() {
    if (port != null) {
      port.close();
    }
    if (harness != null) {
      harness.close();
    }
  }

  private static void runHook(String statement) {
    port.runStatement(HookDatabase.databaseFor(statement, "neo4j"), statement);
  }

  @Test
  void statements_run_in_order_on_the_restored_database() {
    long before = harness.count("MATCH (n:HookOrder) RETURN count(n) AS n");

    runHook("CREATE (:HookOrder {step: 1})");
    runHook("MATCH (a:HookOrder {step: 1}) CREATE (a)-[:THEN]->(:HookOrder {step: 2})");
    runHook("CALL db.awaitIndexes(60)");

    assertEquals(before + 2, harness.count("MATCH (n:HookOrder) RETURN count(n) AS n"));
    assertEquals(
        1, harness.count("MATCH (:HookOrder {step: 1})-[r:THEN]->() RETURN count(r) AS n"));
  }

  @Test
  void an_administration_command_with_a_password_runs_on_system() {
    String create = "CREATE USER hook_user SET PASSWORD 'hook-user-secret-1' CHANGE NOT REQUIRED";
    assertEquals(HookDatabase.SYSTEM, HookDatabase.databaseFor(create, "neo4j"));

    runHook(create);

    assertEquals(
        1,
        harness.count(
            "system", "SHOW USERS YIELD user WHERE user = 'hook_user' RETURN count(*) AS n"));
  }

  @Test
  void a_neo4j_error_that_quotes_the_statement_is_scrubbed_of_its_secret() {
    String statement = "MATCH (n) WHERE n.token = 'tok-4711-secret' RETURN n ORDER";

    RestoreFailure e = assertThrows(RestoreFailure.class, () -> runHook(statement));

    assertTrue(
        e.getMessage().contains("tok-4711-secret"),
        "Neo4j quotes the statement in a syntax error: the reason the runner scrubs it");
    String scrubbed = Redaction.scrub(e.getMessage(), List.of(statement));
    assertFalse(scrubbed.contains("tok-4711-secret"), scrubbed);
    assertTrue(scrubbed.contains("Neo.ClientError.Statement.SyntaxError"), scrubbed);
  }
}

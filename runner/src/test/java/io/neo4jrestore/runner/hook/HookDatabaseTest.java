package io.neo4jrestore.runner.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HookDatabaseTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CREATE USER bob SET PASSWORD 'x'",
        "create or replace database reports",
        "CREATE COMPOSITE DATABASE all",
        "DROP ROLE reader",
        "ALTER USER bob SET STATUS ACTIVE",
        "ALTER CURRENT USER SET PASSWORD FROM $a TO $b",
        "GRANT ROLE reader TO bob",
        "deny read {*} on graph movies to reader",
        "REVOKE ROLE reader FROM bob",
        "START DATABASE reports",
        "STOP DATABASE reports WAIT",
        "SHOW DATABASES",
        "SHOW USERS",
        "SHOW ROLE reader PRIVILEGES",
        "SHOW CURRENT USER",
        "SHOW SERVERS",
        "SHOW ALIASES FOR DATABASE",
        "ENABLE SERVER 'abc'",
        "DEALLOCATE DATABASES FROM SERVER 'abc'",
        "  // a comment\n  /* and another */ GRANT ROLE r TO u",
        "USE system SHOW USERS",
        "USE `system` CREATE USER x SET PASSWORD $p"
      })
  void administration_commands_run_against_system(String statement) {
    assertEquals("system", HookDatabase.databaseFor(statement, "movies"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CALL db.checkpoint()",
        "CALL db.awaitIndexes(600)",
        "CALL dbms.security.clearAuthCache()",
        "CREATE (:User {name: 'bob'})",
        "CREATE (u:USER)",
        "MATCH (n) RETURN count(n)",
        "SHOW INDEXES",
        "SHOW CONSTRAINTS",
        "SHOW PROCEDURES",
        "SHOW TRANSACTIONS",
        "CREATE INDEX person_name FOR (p:Person) ON (p.name)",
        "// GRANT in a comment only\nMATCH (n) RETURN n",
        "USE movies MATCH (n) RETURN n",
        "USE systematic MATCH (n) RETURN n"
      })
  void everything_else_runs_against_the_restored_database(String statement) {
    assertEquals("movies", HookDatabase.databaseFor(statement, "movies"));
  }
}

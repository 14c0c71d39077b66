package io.neo4jrestore.runner.neo4j;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the runner needs from a Neo4j DBMS, all against the {@code system} database unless stated.
 * The port between the restore steps ({@link BringUp}, {@link PrepareDatabase}, hooks) and Neo4j:
 * {@link BoltNeo4jAdmin} implements it over Bolt, tests use a fake.
 *
 * <p>Contract for implementations: database names and server ids are passed to Neo4j only as
 * parameters (see {@link AdminStatements}); a {@code WAIT} that reports {@code success = false}
 * fails with {@link Neo4jAdminException.Kind#TIMED_OUT}; every failure is a {@link
 * Neo4jAdminException} whose message names the target, the database and what to do next.
 */
public interface Neo4jAdmin extends AutoCloseable {

  /**
   * {@code SHOW DATABASE $name}: one allocation per hosting server; empty when it does not exist.
   */
  Optional<DatabaseState> database(String name);

  /** {@code SHOW SERVERS}: the cluster's servers (Enterprise only). */
  List<ServerInfo> servers();

  /** The names {@code SHOW PROCEDURES} lists. */
  Set<String> procedures();

  /** {@code STOP DATABASE $name WAIT <wait>}. */
  void stopDatabase(String name, Duration wait);

  /** {@code START DATABASE $name WAIT <wait>}. */
  void startDatabase(String name, Duration wait);

  /**
   * {@code CREATE DATABASE $name ... WAIT <wait>}: without a seed server Neo4j mounts the store
   * already on disk; with one, the other servers copy that server's store.
   */
  void createDatabase(String name, Optional<String> seedServerId, Duration wait);

  /**
   * Replaces every copy of an existing database with the store on {@code seedServerId}, through
   * {@code procedure} (a {@link RecreateProcedure} name). Asynchronous: returns once Neo4j accepted
   * the request; poll {@link #database} for the outcome.
   */
  void recreateDatabase(String name, String seedServerId, String procedure);

  /**
   * Runs a user-authored statement (a hook) as-is in an auto-commit transaction on {@code
   * database}, consuming its result.
   */
  void runStatement(String database, String cypher);

  /**
   * Runs a drill's assertion (user-authored, issue #18) as-is in an auto-commit transaction on
   * {@code database} and returns its rows (column to plain Java value).
   */
  List<Map<String, Object>> query(String database, String cypher);

  /** The Neo4j kernel version, e.g. {@code 5.26.18} or {@code 2025.04.0}. */
  String serverVersion();

  /** {@link #serverVersion()} parsed. */
  default Neo4jVersion version() {
    String reported = serverVersion();
    try {
      return Neo4jVersion.parseTag(reported);
    } catch (IllegalArgumentException e) {
      throw new Neo4jAdminException(
          Neo4jAdminException.Kind.UNSUPPORTED,
          "the server reports version "
              + AdminStatements.printable(reported)
              + ", which is not a Neo4j version such as 5.26.0 or 2025.04.0",
          null,
          e);
    }
  }

  /** Releases the connection; never throws. */
  @Override
  void close();
}

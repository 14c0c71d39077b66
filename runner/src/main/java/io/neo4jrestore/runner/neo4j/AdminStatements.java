package io.neo4jrestore.runner.neo4j;

import io.neo4jrestore.api.validation.DatabaseNames;
import java.time.Duration;
import java.util.Map;

/**
 * Every administration statement the runner sends, written in one place so that tests can pin the
 * exact text per Neo4j version. Pure: values in, {@link CypherStatement} out.
 *
 * <p>Database names, server ids and procedure arguments are always parameters ({@code $name},
 * {@code $serverId}, {@code $db}); Neo4j accepts a parameter everywhere these statements need a
 * name, so no name is ever quoted into the text. The only variable parts of the text are values we
 * produce ourselves: the {@code WAIT} seconds (an integer), the seed option key and the recreate
 * procedure name (both constants chosen from closed sets). Names that a statement would change are
 * also checked against Neo4j's naming rules first ({@link #requireDatabaseName}), so an invalid
 * name fails here, with a clear message, before anything is sent.
 */
public final class AdminStatements {
  /** Administration commands run against this database. */
  public static final String SYSTEM = "system";

  /** The seed option key from 5.25 on (the only one in Cypher 25). */
  public static final String SEED_SERVER_KEY = "existingDataSeedServer";

  /** The seed option key before 5.25 (deprecated in 5.25, removed in Cypher 25). */
  public static final String SEED_INSTANCE_KEY = "existingDataSeedInstance";

  private static final Neo4jVersion SEED_SERVER_KEY_SINCE = new Neo4jVersion(5, 25, 0);

  private AdminStatements() {}

  /** Every column, so that {@code serverID} is read where the server shows it. */
  public static CypherStatement showDatabase(String name) {
    return new CypherStatement("SHOW DATABASE $name YIELD *", Map.of("name", name));
  }

  public static CypherStatement showServers() {
    return CypherStatement.of("SHOW SERVERS YIELD *");
  }

  public static CypherStatement showProcedures() {
    return CypherStatement.of("SHOW PROCEDURES YIELD name");
  }

  /** The kernel version ({@code versions[0]} of the {@code Neo4j Kernel} row) and edition. */
  public static CypherStatement components() {
    return CypherStatement.of("CALL dbms.components() YIELD name, versions, edition");
  }

  public static CypherStatement stopDatabase(String name, Duration wait) {
    return new CypherStatement(
        "STOP DATABASE $name" + waitClause(wait), Map.of("name", requireDatabaseName(name)));
  }

  public static CypherStatement startDatabase(String name, Duration wait) {
    return new CypherStatement(
        "START DATABASE $name" + waitClause(wait), Map.of("name", requireDatabaseName(name)));
  }

  /**
   * A database on one server: with no options, Neo4j mounts the store files already on disk (the
   * restored ones).
   */
  public static CypherStatement createDatabase(String name, Duration wait) {
    return new CypherStatement(
        "CREATE DATABASE $name" + waitClause(wait), Map.of("name", requireDatabaseName(name)));
  }

  /**
   * A database in a cluster whose other members copy the store of {@code seedServerId} (the server
   * the restore ran on). The option key depends on {@code version}: see {@link #seedServerKey}.
   */
  public static CypherStatement createDatabaseSeeded(
      String name, String seedServerId, Neo4jVersion version, Duration wait) {
    return new CypherStatement(
        "CREATE DATABASE $name OPTIONS {existingData: 'use', "
            + seedServerKey(version)
            + ": $serverId}"
            + waitClause(wait),
        Map.of("name", requireDatabaseName(name), "serverId", requireServerId(seedServerId)));
  }

  /**
   * Replaces every copy of an existing database with the store of {@code seedServerId}. Returns at
   * once: Neo4j recreates in the background, so the caller polls {@link #showDatabase}.
   */
  public static CypherStatement recreateDatabase(
      String name, String seedServerId, RecreateProcedure procedure) {
    return new CypherStatement(
        "CALL " + procedure.procedureName() + "($db, {seedingServers: [$serverId]})",
        Map.of("db", requireDatabaseName(name), "serverId", requireServerId(seedServerId)));
  }

  /**
   * The {@code CREATE DATABASE} option naming the seed server: {@code existingDataSeedServer} on
   * 5.25 and later (every version this product restores into, 5.26+ and all 2025.x+ releases, and
   * the only key Cypher 25 knows); {@code existingDataSeedInstance}, deprecated since 5.25, only
   * for an older server. Chosen by version because Neo4j does not list the options it accepts.
   */
  public static String seedServerKey(Neo4jVersion version) {
    return version.compareTo(SEED_SERVER_KEY_SINCE) >= 0 ? SEED_SERVER_KEY : SEED_INSTANCE_KEY;
  }

  /**
   * Returns {@code name} when Neo4j can create, start or stop a database of that name (COMPAT.md
   * "Database names"); otherwise throws {@link Neo4jAdminException.Kind#INVALID}.
   */
  public static String requireDatabaseName(String name) {
    if (!DatabaseNames.hasValidShape(name)) {
      throw new Neo4jAdminException(
          Neo4jAdminException.Kind.INVALID,
          "database name "
              + printable(name)
              + " is not a valid Neo4j database name: use 3 to 63 ASCII letters, digits, dots and"
              + " dashes, starting with a letter and not ending with '.' or '-'");
    }
    if (DatabaseNames.isReserved(name)) {
      throw new Neo4jAdminException(
          Neo4jAdminException.Kind.INVALID,
          "database name "
              + printable(name)
              + " is reserved by Neo4j (names starting with system)");
    }
    return name;
  }

  /** {@code " WAIT <n> SECONDS"}, {@code n} rounded up to whole seconds. */
  static String waitClause(Duration wait) {
    if (wait == null || wait.isNegative() || wait.isZero()) {
      throw new Neo4jAdminException(
          Neo4jAdminException.Kind.INVALID, "a WAIT time must be positive, got " + wait);
    }
    long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
    return " WAIT " + seconds + " SECONDS";
  }

  private static String requireServerId(String serverId) {
    if (serverId == null || serverId.isBlank()) {
      throw new Neo4jAdminException(
          Neo4jAdminException.Kind.INVALID, "a seed server id (from SHOW SERVERS) is required");
    }
    return serverId;
  }

  /** A user-supplied value in quotes with control characters escaped, for error messages. */
  static String printable(String value) {
    if (value == null) {
      return "(none)";
    }
    StringBuilder s = new StringBuilder("\"");
    value
        .codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                s.append(String.format("\\u%04x", c));
              } else {
                s.appendCodePoint(c);
              }
            });
    return s.append('"').toString();
  }
}

package io.neo4jrestore.runner.neo4j;

import io.neo4jrestore.runner.neo4j.Neo4jAdminException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link Neo4jAdmin} over Bolt: sends the statements of {@link AdminStatements}, reads their rows,
 * checks {@code WAIT} outcomes and maps driver errors through {@link Neo4jErrors}. Open one with
 * {@link BoltConnector#connect}; close it to release the driver.
 */
public final class BoltNeo4jAdmin implements Neo4jAdmin {
  private static final String KERNEL = "Neo4j Kernel";

  private final CypherSession session;
  private final Neo4jErrors.Context context;
  private volatile String serverVersion;

  BoltNeo4jAdmin(CypherSession session, Neo4jErrors.Context context) {
    this.session = session;
    this.context = context;
  }

  @Override
  public Optional<DatabaseState> database(String name) {
    List<Map<String, Object>> rows =
        run(
            "SHOW DATABASE for database " + AdminStatements.printable(name),
            AdminStatements.SYSTEM,
            AdminStatements.showDatabase(name));
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    List<DatabaseState.Allocation> allocations = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      allocations.add(
          new DatabaseState.Allocation(
              text(row, "address"),
              Optional.ofNullable(text(row, "serverID"))
                  .or(() -> Optional.ofNullable(text(row, "serverId"))),
              text(row, "currentStatus"),
              text(row, "requestedStatus"),
              text(row, "role"),
              Optional.ofNullable(text(row, "statusMessage")).orElse("")));
    }
    return Optional.of(new DatabaseState(text(rows.get(0), "name"), allocations));
  }

  @Override
  public List<ServerInfo> servers() {
    return run("SHOW SERVERS", AdminStatements.SYSTEM, AdminStatements.showServers()).stream()
        .map(
            row ->
                new ServerInfo(
                    text(row, "serverId"),
                    text(row, "name"),
                    text(row, "address"),
                    text(row, "state"),
                    text(row, "health")))
        .toList();
  }

  @Override
  public Set<String> procedures() {
    return run("SHOW PROCEDURES", AdminStatements.SYSTEM, AdminStatements.showProcedures()).stream()
        .map(row -> text(row, "name"))
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  @Override
  public void stopDatabase(String name, Duration wait) {
    waitCommand("STOP DATABASE", name, AdminStatements.stopDatabase(name, wait));
  }

  @Override
  public void startDatabase(String name, Duration wait) {
    waitCommand("START DATABASE", name, AdminStatements.startDatabase(name, wait));
  }

  @Override
  public void createDatabase(String name, Optional<String> seedServerId, Duration wait) {
    AdminStatements.requireDatabaseName(name);
    CypherStatement statement =
        seedServerId.isPresent()
            ? AdminStatements.createDatabaseSeeded(name, seedServerId.get(), version(), wait)
            : AdminStatements.createDatabase(name, wait);
    waitCommand("CREATE DATABASE", name, statement);
  }

  @Override
  public void recreateDatabase(String name, String seedServerId, String procedure) {
    RecreateProcedure p =
        RecreateProcedure.byName(procedure)
            .orElseThrow(
                () ->
                    new Neo4jAdminException(
                        Kind.INVALID,
                        "unknown recreate procedure "
                            + AdminStatements.printable(procedure)
                            + "; expected "
                            + RecreateProcedure.DBMS.procedureName()
                            + " or "
                            + RecreateProcedure.CLUSTER.procedureName()));
    CypherStatement statement = AdminStatements.recreateDatabase(name, seedServerId, p);
    run(
        "recreating database " + AdminStatements.printable(name) + " with " + p.procedureName(),
        AdminStatements.SYSTEM,
        statement);
  }

  @Override
  public void runStatement(String database, String cypher) {
    if (database == null || database.isBlank() || cypher == null || cypher.isBlank()) {
      throw new Neo4jAdminException(
          Kind.INVALID, "a hook statement needs a database and a non-empty statement");
    }
    run(
        "hook statement on database " + AdminStatements.printable(database),
        database,
        CypherStatement.of(cypher));
  }

  @Override
  public List<Map<String, Object>> query(String database, String cypher) {
    if (database == null || database.isBlank() || cypher == null || cypher.isBlank()) {
      throw new Neo4jAdminException(
          Kind.INVALID, "a drill assertion needs a database and a non-empty statement");
    }
    return run(
        "drill assertion on database " + AdminStatements.printable(database),
        database,
        CypherStatement.of(cypher));
  }

  @Override
  public String serverVersion() {
    String cached = serverVersion;
    if (cached != null) {
      return cached;
    }
    List<Map<String, Object>> rows =
        run("reading the Neo4j version", AdminStatements.SYSTEM, AdminStatements.components());
    for (Map<String, Object> row : rows) {
      if (KERNEL.equals(text(row, "name"))
          && row.get("versions") instanceof List<?> versions
          && !versions.isEmpty()) {
        serverVersion = String.valueOf(versions.get(0));
        return serverVersion;
      }
    }
    throw new Neo4jAdminException(
        Kind.UNSUPPORTED,
        "reading the Neo4j version on "
            + context.where()
            + " failed: dbms.components() returned no \""
            + KERNEL
            + "\" version");
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (RuntimeException e) {
      // closing must not hide the outcome of the work done before it
    }
  }

  private void waitCommand(String kind, String name, CypherStatement statement) {
    String action = kind + " for database " + AdminStatements.printable(name);
    List<Map<String, Object>> rows = run(action, AdminStatements.SYSTEM, statement);
    List<String> unfinished = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      if (Boolean.FALSE.equals(row.get("success"))) {
        unfinished.add(
            text(row, "address") + ": " + text(row, "state") + " \"" + text(row, "message") + "\"");
      }
    }
    if (!unfinished.isEmpty()) {
      throw new Neo4jAdminException(
          Kind.TIMED_OUT,
          action
              + " on "
              + context.where()
              + " did not finish within its WAIT time ("
              + String.join("; ", unfinished)
              + "). Neo4j continues in the background: check SHOW DATABASE "
              + AdminStatements.printable(name)
              + " and the servers' debug.log, then retry");
    }
  }

  private List<Map<String, Object>> run(String action, String database, CypherStatement statement) {
    try {
      return session.run(database, statement);
    } catch (RuntimeException e) {
      throw Neo4jErrors.map(e, action, context);
    }
  }

  private static String text(Map<String, Object> row, String column) {
    Object v = row.get(column);
    return v == null ? null : v.toString();
  }
}

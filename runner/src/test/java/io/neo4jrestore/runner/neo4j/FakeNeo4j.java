package io.neo4jrestore.runner.neo4j;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neo4j.driver.exceptions.ClientException;

/**
 * An in-memory Neo4j Enterprise DBMS for tests: a 1-server standalone or an n-server cluster that
 * answers the statements the runner sends. It implements {@link Neo4jAdmin} by running the real
 * {@link BoltNeo4jAdmin} over an in-memory {@link CypherSession}, so what it records ({@link
 * #executed()}) is exactly the Cypher text and parameters the runner would send over Bolt, in
 * order, and its answers go through the same row parsing, {@code WAIT} checks and error mapping.
 *
 * <p>Configurable: the Neo4j version and with it the procedure set ({@code 5.26}: {@code
 * dbms.cluster.recreateDatabase}; {@code 2025.04+}: both, {@link #cypher25Only()}: only {@code
 * dbms.recreateDatabase} and no deprecated seed key); {@code WAIT} results that report {@code
 * success = false} ({@link #waitTimesOut}); allocations that come online only after some polls
 * ({@link #onlineAfterPolls}) or never ({@link #neverOnline}); servers that are not yet available;
 * and injected driver failures ({@link #failing}).
 *
 * <p>Reusable by any test that needs a Neo4j: construct with {@link #standalone} or {@link
 * #cluster}, configure, pass it where a {@link Neo4jAdmin} is expected, assert on {@link
 * #statements()}.
 */
public final class FakeNeo4j implements Neo4jAdmin {
  public static final String V5_26 = "5.26.18";
  public static final String V2025_03 = "2025.03.0";
  public static final String V2025_04 = "2025.04.0";

  public static final String RECREATE_CLUSTER = "dbms.cluster.recreateDatabase";
  public static final String RECREATE_DBMS = "dbms.recreateDatabase";

  /** One statement as received: on which database, with which text and parameters. */
  public record Executed(String database, CypherStatement statement) {
    public String text() {
      return statement.text();
    }

    public Map<String, Object> parameters() {
      return statement.parameters();
    }
  }

  private static final Pattern WAIT_COMMAND =
      Pattern.compile(
          "^(STOP|START|CREATE) DATABASE \\$name( OPTIONS \\{.*\\})? WAIT (\\d+) SECONDS$");
  private static final Pattern SEED_OPTIONS =
      Pattern.compile("^ OPTIONS \\{existingData: 'use', (\\w+): \\$serverId\\}$");
  private static final Pattern RECREATE =
      Pattern.compile("^CALL ([\\w.]+)\\(\\$db, \\{seedingServers: \\[\\$serverId\\]\\}\\)$");

  private final String version;
  private final List<Server> servers = new ArrayList<>();
  private final Set<String> procedures = new LinkedHashSet<>();
  private final Map<String, Db> databases = new LinkedHashMap<>();
  private final List<Executed> executed = new ArrayList<>();
  private final Set<String> waitTimesOut = new HashSet<>();
  private final Map<String, RuntimeException> failures = new LinkedHashMap<>();
  private final Map<String, Integer> failuresLeft = new HashMap<>();
  private final Map<String, List<Map<String, Object>>> answers = new LinkedHashMap<>();
  private final BoltNeo4jAdmin delegate;
  private int pollsUntilOnline;
  private int stuckServers;
  private String stuckStatus;
  private String stuckMessage;
  private boolean cypher25Only;
  private boolean closed;

  private static final class Server {
    final String serverId;
    final String name;
    final String address;
    String state = "Enabled";
    String health = "Available";
    int unavailablePolls;

    Server(String serverId, String name, String address) {
      this.serverId = serverId;
      this.name = name;
      this.address = address;
    }
  }

  private static final class Allocation {
    final Server server;
    String current;
    String requested;
    String message = "";

    Allocation(Server server, String status) {
      this.server = server;
      this.current = status;
      this.requested = status;
    }
  }

  private static final class Db {
    final String name;
    final List<Allocation> allocations = new ArrayList<>();
    int pendingPolls;
    boolean broughtUp;

    Db(String name) {
      this.name = name;
    }
  }

  private FakeNeo4j(String version, int serverCount, boolean standalone) {
    this.version = version;
    for (int i = 0; i < serverCount; i++) {
      // names run backwards on purpose: code that looks servers up by name picks the wrong one
      String name = standalone ? "graph-0" : "graph-server-" + (serverCount - 1 - i);
      String address =
          standalone
              ? "graph-0.graph.default.svc.cluster.local:7687"
              : "graph-server-" + i + ".graph-internal.default.svc.cluster.local:7687";
      servers.add(new Server(serverId(i), name, address));
    }
    procedures.addAll(List.of("dbms.components", "db.ping", "dbms.listConfig"));
    Neo4jVersion v = Neo4jVersion.parseTag(version);
    if (v.atLeast(5, 24)) {
      procedures.add(RECREATE_CLUSTER);
    }
    if (v.atLeast(2025, 4)) {
      procedures.add(RECREATE_DBMS);
    }
    this.delegate =
        new BoltNeo4jAdmin(
            new Session(),
            new Neo4jErrors.Context(
                URI.create("neo4j://fake-neo4j:7687"),
                "neo4j",
                new BoltEndpoint.Origin(
                    "Neo4jEnterprise" + (standalone ? "Standalone" : "Cluster") + " default/graph",
                    "graph-admin",
                    Optional.empty())));
  }

  /** One server, Neo4j {@code version}, databases {@code system} and {@code neo4j} online. */
  public static FakeNeo4j standalone(String version) {
    return new FakeNeo4j(version, 1, true).withDatabase("neo4j", DatabaseState.ONLINE);
  }

  /** {@code servers} servers, all Enabled and Available, {@code neo4j} online on all of them. */
  public static FakeNeo4j cluster(int servers, String version) {
    return new FakeNeo4j(version, servers, false).withDatabase("neo4j", DatabaseState.ONLINE);
  }

  /** The id of server {@code index}: a fixed UUID (Neo4j's seed options require a UUID). */
  public static String serverId(int index) {
    return String.format(Locale.ROOT, "d8e1c3a0-0000-4000-8000-%012d", index + 1);
  }

  // ---- configuration

  /**
   * An existing database allocated on every server with this status ({@code online}/{@code
   * offline}).
   */
  public FakeNeo4j withDatabase(String name, String status) {
    Db db = new Db(name);
    servers.forEach(s -> db.allocations.add(new Allocation(s, status)));
    databases.put(key(name), db);
    return this;
  }

  /**
   * After a start, create or recreate, the first {@code polls} SHOW DATABASE calls are not online.
   */
  public FakeNeo4j onlineAfterPolls(int polls) {
    this.pollsUntilOnline = polls;
    return this;
  }

  /** After a start, create or recreate, the last {@code servers} allocations never come online. */
  public FakeNeo4j neverOnline(int servers, String status, String message) {
    this.stuckServers = servers;
    this.stuckStatus = status;
    this.stuckMessage = message;
    return this;
  }

  /** {@code command} ({@code STOP}, {@code START}, {@code CREATE}) WAIT returns success = false. */
  public FakeNeo4j waitTimesOut(String command) {
    waitTimesOut.add(command);
    return this;
  }

  /** Replaces the procedure set SHOW PROCEDURES lists. */
  public FakeNeo4j withProcedures(String... names) {
    procedures.clear();
    procedures.addAll(List.of(names));
    return this;
  }

  /**
   * Behaves like a 2025.06+ server whose default language is Cypher 25: no {@code
   * dbms.cluster.recreateDatabase}, no {@code existingDataSeedInstance}.
   */
  public FakeNeo4j cypher25Only() {
    this.cypher25Only = true;
    procedures.remove(RECREATE_CLUSTER);
    return this;
  }

  /** Server {@code index} reports {@code Unavailable} for its first {@code polls} SHOW SERVERS. */
  public FakeNeo4j serverUnavailableForPolls(int index, int polls) {
    servers.get(index).unavailablePolls = polls;
    return this;
  }

  /** Statements starting with {@code textPrefix} throw {@code failure} (a driver exception). */
  public FakeNeo4j failing(String textPrefix, RuntimeException failure) {
    failures.put(textPrefix, failure);
    failuresLeft.remove(textPrefix);
    return this;
  }

  /** Statements starting with {@code textPrefix} run again. */
  public FakeNeo4j notFailing(String textPrefix) {
    failures.remove(textPrefix);
    failuresLeft.remove(textPrefix);
    return this;
  }

  /** The next {@code times} statements starting with {@code textPrefix} throw {@code failure}. */
  public FakeNeo4j failing(String textPrefix, RuntimeException failure, int times) {
    failures.put(textPrefix, failure);
    failuresLeft.put(textPrefix, times);
    return this;
  }

  // ---- inspection

  public List<Executed> executed() {
    return List.copyOf(executed);
  }

  /** Every statement received, in order. */
  public List<CypherStatement> statements() {
    return executed.stream().map(Executed::statement).toList();
  }

  public String address(int index) {
    return servers.get(index).address;
  }

  public String serverName(int index) {
    return servers.get(index).name;
  }

  public int serverCount() {
    return servers.size();
  }

  public boolean isClosed() {
    return closed;
  }

  // ---- Neo4jAdmin, through the real adapter

  @Override
  public Optional<DatabaseState> database(String name) {
    return delegate.database(name);
  }

  @Override
  public List<ServerInfo> servers() {
    return delegate.servers();
  }

  @Override
  public Set<String> procedures() {
    return delegate.procedures();
  }

  @Override
  public void stopDatabase(String name, Duration wait) {
    delegate.stopDatabase(name, wait);
  }

  @Override
  public void startDatabase(String name, Duration wait) {
    delegate.startDatabase(name, wait);
  }

  @Override
  public void createDatabase(String name, Optional<String> seedServerId, Duration wait) {
    delegate.createDatabase(name, seedServerId, wait);
  }

  @Override
  public void recreateDatabase(String name, String seedServerId, String procedure) {
    delegate.recreateDatabase(name, seedServerId, procedure);
  }

  @Override
  public void runStatement(String database, String cypher) {
    delegate.runStatement(database, cypher);
  }

  @Override
  public List<Map<String, Object>> query(String database, String cypher) {
    return delegate.query(database, cypher);
  }

  /** A user database answers {@code statement} (a drill's assertion) with {@code rows}. */
  public FakeNeo4j answering(String statement, List<Map<String, Object>> rows) {
    answers.put(statement, rows);
    return this;
  }

  @Override
  public String serverVersion() {
    return delegate.serverVersion();
  }

  @Override
  public void close() {
    delegate.close();
  }

  // ---- the in-memory server

  private final class Session implements CypherSession {
    @Override
    public List<Map<String, Object>> run(String database, CypherStatement statement) {
      executed.add(new Executed(database, statement));
      String text = statement.text();
      for (Map.Entry<String, RuntimeException> f : failures.entrySet()) {
        if (text.startsWith(f.getKey())) {
          String prefix = f.getKey();
          RuntimeException failure = f.getValue();
          Integer left = failuresLeft.get(prefix);
          if (left != null && left <= 1) {
            failures.remove(prefix);
            failuresLeft.remove(prefix);
          } else if (left != null) {
            failuresLeft.put(prefix, left - 1);
          }
          throw failure;
        }
      }
      if (!AdminStatements.SYSTEM.equals(database)) {
        // a hook statement or a drill's assertion on a user database
        return answers.getOrDefault(text, List.of());
      }
      Map<String, Object> p = statement.parameters();
      if (text.equals("SHOW DATABASE $name YIELD *")) {
        return showDatabase((String) p.get("name"));
      }
      if (text.equals("SHOW SERVERS YIELD *")) {
        return showServers();
      }
      if (text.equals("SHOW PROCEDURES YIELD name")) {
        return procedures.stream().map(n -> row("name", n)).toList();
      }
      if (text.equals("CALL dbms.components() YIELD name, versions, edition")) {
        return List.of(
            row("name", "Neo4j Kernel", "versions", List.of(version), "edition", "enterprise"));
      }
      Matcher wait = WAIT_COMMAND.matcher(text);
      if (wait.matches()) {
        return waitCommand(wait.group(1), wait.group(2), (String) p.get("name"), p);
      }
      Matcher recreate = RECREATE.matcher(text);
      if (recreate.matches()) {
        recreate(recreate.group(1), (String) p.get("db"), (String) p.get("serverId"));
        return List.of();
      }
      throw new ClientException(
          "Neo.ClientError.Statement.SyntaxError", "FakeNeo4j does not understand: " + text);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private List<Map<String, Object>> showDatabase(String name) {
    Db db = databases.get(key(name));
    if (db == null) {
      return List.of();
    }
    boolean transitioning = db.pendingPolls > 0;
    if (transitioning) {
      db.pendingPolls--;
    } else {
      settle(db);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Allocation a : db.allocations) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", db.name);
      row.put("type", "standard");
      row.put("address", a.server.address);
      row.put("serverID", a.server.serverId);
      row.put("role", "primary");
      row.put("requestedStatus", a.requested);
      row.put(
          "currentStatus",
          transitioning && !a.current.equals(a.requested) ? "starting" : a.current);
      row.put("statusMessage", a.message);
      row.put("default", "neo4j".equals(db.name));
      rows.add(row);
    }
    return rows;
  }

  private void settle(Db db) {
    for (int i = 0; i < db.allocations.size(); i++) {
      Allocation a = db.allocations.get(i);
      boolean stuck =
          db.broughtUp
              && DatabaseState.ONLINE.equals(a.requested)
              && i >= db.allocations.size() - stuckServers;
      if (stuck) {
        a.current = stuckStatus;
        a.message = stuckMessage;
      } else {
        a.current = a.requested;
        a.message = "";
      }
    }
  }

  private List<Map<String, Object>> showServers() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Server s : servers) {
      boolean unavailable = s.unavailablePolls > 0;
      if (unavailable) {
        s.unavailablePolls--;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("serverId", s.serverId);
      row.put("name", s.name);
      row.put("address", s.address);
      row.put("state", s.state);
      row.put("health", unavailable ? "Unavailable" : s.health);
      row.put("hosting", List.of("system", "neo4j"));
      rows.add(row);
    }
    return rows;
  }

  private List<Map<String, Object>> waitCommand(
      String command, String options, String name, Map<String, Object> p) {
    Db db = databases.get(key(name));
    switch (command) {
      case "STOP", "START" -> {
        if (db == null) {
          throw new ClientException(
              "Neo.ClientError.Database.DatabaseNotFound",
              "Failed to "
                  + command.toLowerCase(Locale.ROOT)
                  + " the specified database '"
                  + name
                  + "': Database does not exist.");
        }
        String target = command.equals("STOP") ? DatabaseState.OFFLINE : DatabaseState.ONLINE;
        db.allocations.forEach(a -> a.requested = target);
        if (command.equals("STOP")) {
          db.allocations.forEach(a -> a.current = DatabaseState.OFFLINE);
        } else {
          db.pendingPolls = pollsUntilOnline;
          db.broughtUp = true;
        }
      }
      case "CREATE" -> {
        if (db != null) {
          throw new ClientException(
              "Neo.ClientError.Database.ExistingDatabaseFound",
              "Failed to create the specified database '" + name + "': Database already exists.");
        }
        if (options != null) {
          seed(options, (String) p.get("serverId"));
        } else if (servers.size() > 1) {
          throw new AssertionError("a cluster database must be created with a seed server");
        }
        db = new Db(name);
        for (Server s : servers) {
          Allocation a = new Allocation(s, DatabaseState.ONLINE);
          a.current = "initial";
          db.allocations.add(a);
        }
        db.pendingPolls = pollsUntilOnline;
        db.broughtUp = true;
        databases.put(key(name), db);
      }
      default -> throw new AssertionError(command);
    }
    boolean success = !waitTimesOut.contains(command);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Allocation a : db.allocations) {
      rows.add(
          row(
              "address",
              a.server.address,
              "state",
              success ? "CaughtUp" : "Waiting",
              "message",
              success ? "caught up" : "not caught up within the WAIT time",
              "success",
              success));
    }
    return rows;
  }

  private void seed(String options, String serverId) {
    Matcher m = SEED_OPTIONS.matcher(options);
    if (!m.matches()) {
      throw new ClientException("Neo.ClientError.Statement.SyntaxError", "bad OPTIONS: " + options);
    }
    String key = m.group(1);
    boolean known =
        key.equals(AdminStatements.SEED_SERVER_KEY)
            || (key.equals(AdminStatements.SEED_INSTANCE_KEY) && !cypher25Only);
    if (!known) {
      throw new ClientException(
          "Neo.ClientError.Statement.ArgumentError",
          "Could not create database with unrecognised option: '" + key + "'.");
    }
    requireServer(serverId);
  }

  private void recreate(String procedure, String name, String serverId) {
    if (!procedures.contains(procedure)) {
      throw new ClientException(
          "Neo.ClientError.Procedure.ProcedureNotFound",
          "There is no procedure with the name `"
              + procedure
              + "` registered for this database instance.");
    }
    Db db = databases.get(key(name));
    if (db == null) {
      throw new ClientException(
          "Neo.ClientError.Database.DatabaseNotFound", "Database does not exist: " + name);
    }
    requireServer(serverId);
    // asynchronous: the copies are replaced and started in the background
    db.allocations.forEach(
        a -> {
          a.requested = DatabaseState.ONLINE;
          a.current = "store copying";
        });
    db.pendingPolls = pollsUntilOnline;
    db.broughtUp = true;
  }

  private void requireServer(String serverId) {
    try {
      UUID.fromString(serverId);
    } catch (IllegalArgumentException e) {
      throw new ClientException(
          "Neo.ClientError.Statement.ArgumentError",
          "'" + serverId + "' is not a server uuid string");
    }
    if (servers.stream().noneMatch(s -> s.serverId.equals(serverId))) {
      throw new ClientException(
          "Neo.ClientError.Statement.ArgumentError", "Server " + serverId + " does not exist");
    }
  }

  private static String key(String name) {
    return name == null ? "" : name.toLowerCase(Locale.ROOT);
  }

  private static Map<String, Object> row(Object... keyValues) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      row.put((String) keyValues[i], keyValues[i + 1]);
    }
    return row;
  }
}

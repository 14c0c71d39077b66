package io.neo4jrestore.testenv.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The stand-in's DBMS: the databases of its {@code system} database and the statements of the
 * runner's {@code AdminStatements} that act on them. One server holds it (a standalone, or server 0
 * of a stand-in cluster, to which every other server routes); the other servers of a cluster are
 * only checked for reachability. With a data directory it keeps its databases in {@code
 * <data>/standin/system.properties} (so a restarted pod remembers them, as Neo4j's system database
 * does) and checks restored stores in {@code <data>/databases/<name>}.
 */
final class StandInDbms {
  /** A statement the stand-in refuses, answered as a Bolt FAILURE. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String code;

    Failure(String code, String message) {
      super(message);
      this.code = code;
    }
  }

  record Result(List<String> fields, List<List<Object>> rows) {}

  private final String version;
  private final List<String> servers;
  private final int self;
  private final Path data;
  private final Map<String, String> databases = new TreeMap<>();

  /**
   * @param servers every server's Bolt address ({@code host:port}), index = server number
   * @param self which of them this process is
   * @param data the data directory, or null to keep everything in memory
   */
  StandInDbms(String version, List<String> servers, int self, Path data) {
    this.version = version;
    this.servers = List.copyOf(servers);
    this.self = self;
    this.data = data;
    load();
  }

  boolean cluster() {
    return servers.size() > 1;
  }

  synchronized Result execute(String query, Map<String, Object> params) {
    String q = query.strip();
    Object name = params.get("name");
    if (q.equals("CALL dbms.components() YIELD name, versions, edition")) {
      return new Result(
          List.of("name", "versions", "edition"),
          List.of(List.of("Neo4j Kernel", List.of(version), "enterprise")));
    }
    if (q.startsWith("SHOW DATABASE $name")) {
      return showDatabase(String.valueOf(name));
    }
    if (q.startsWith("SHOW SERVERS")) {
      return showServers();
    }
    if (q.startsWith("SHOW PROCEDURES")) {
      List<List<Object>> rows = new ArrayList<>();
      rows.add(List.of("dbms.components"));
      rows.add(List.of("dbms.cluster.recreateDatabase"));
      if (atLeast2025_04()) {
        rows.add(List.of("dbms.recreateDatabase"));
      }
      return new Result(List.of("name"), rows);
    }
    if (q.startsWith("CALL dbms.recreateDatabase(")
        || q.startsWith("CALL dbms.cluster.recreateDatabase(")) {
      return recreate(String.valueOf(params.get("db")), String.valueOf(params.get("serverId")));
    }
    for (String command : List.of("CREATE", "START", "STOP")) {
      if (q.startsWith(command + " DATABASE $name")) {
        return command(command, String.valueOf(name), q, params);
      }
    }
    throw new Failure(
        "Neo.ClientError.Statement.SyntaxError", "the Neo4j stand-in does not know: " + q);
  }

  private Result command(String command, String db, String q, Map<String, Object> params) {
    boolean exists = databases.containsKey(db);
    if (command.equals("CREATE") == exists) {
      throw new Failure(
          exists
              ? "Neo.ClientError.Database.ExistingDatabaseFound"
              : "Neo.ClientError.Database.DatabaseNotFound",
          "Database " + db + (exists ? " already exists." : " does not exist."));
    }
    if (command.equals("CREATE") && q.contains("existingData: 'use'")) {
      requireSeed(db, String.valueOf(params.get("serverId")));
    }
    databases.put(db, command.equals("STOP") ? "offline" : "online");
    save();
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      rows.add(List.of(servers.get(i), "CaughtUp", "caught up", true));
    }
    return new Result(List.of("address", "state", "message", "success"), rows);
  }

  private Result recreate(String db, String seed) {
    if (!databases.containsKey(db)) {
      throw new Failure(
          "Neo.ClientError.Database.DatabaseNotFound", "Database " + db + " does not exist.");
    }
    requireSeed(db, seed);
    databases.put(db, "online");
    save();
    return new Result(List.of(), List.of());
  }

  /**
   * A seeded create or recreate copies the seed server's store: the seed must be this server (the
   * stand-in cannot look at another pod's disk) and, with a data directory, the store must be
   * there.
   */
  private void requireSeed(String db, String seed) {
    if (!serverId(self).equals(seed)) {
      throw new Failure(
          "Neo.ClientError.General.InvalidArguments",
          "the Neo4j stand-in seeds only from itself ("
              + serverId(self)
              + ", "
              + servers.get(self)
              + "), not from "
              + seed);
    }
    if (data != null && !Files.isDirectory(data.resolve("databases").resolve(db))) {
      throw new Failure(
          "Neo.DatabaseError.Database.UnableToStartDatabase",
          "No store for database "
              + db
              + " on seed server "
              + seed
              + " at "
              + data.resolve("databases").resolve(db));
    }
  }

  private Result showDatabase(String db) {
    String status = databases.get(db);
    List<String> fields =
        List.of(
            "name",
            "address",
            "role",
            "serverID",
            "requestedStatus",
            "currentStatus",
            "statusMessage");
    if (status == null) {
      return new Result(fields, List.of());
    }
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      boolean up = available(i);
      rows.add(
          List.of(
              db,
              servers.get(i),
              "primary",
              serverId(i),
              status,
              up ? status : "unknown",
              up ? "" : "server " + servers.get(i) + " is not reachable"));
    }
    return new Result(fields, rows);
  }

  private Result showServers() {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      rows.add(
          List.of(
              serverId(i),
              "server-" + i,
              servers.get(i),
              "Enabled",
              available(i) ? "Available" : "Unavailable"));
    }
    return new Result(List.of("serverId", "name", "address", "state", "health"), rows);
  }

  /** A stable id per server number, shaped like Neo4j's (a UUID). */
  String serverId(int i) {
    return UUID.nameUUIDFromBytes(("neo4j-stand-in-server-" + i).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** This server is; another is when its Bolt port accepts a connection. */
  private boolean available(int i) {
    if (i == self) {
      return true;
    }
    String address = servers.get(i);
    int colon = address.lastIndexOf(':');
    try (Socket s = new Socket()) {
      s.connect(
          new InetSocketAddress(
              address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
          1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private boolean atLeast2025_04() {
    String[] parts = version.split("[.-]");
    int major = Integer.parseInt(parts[0]);
    int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    return major > 2025 || (major == 2025 && minor >= 4);
  }

  private Path stateFile() {
    return data.resolve("standin").resolve("system.properties");
  }

  private void load() {
    if (data == null || !Files.exists(stateFile())) {
      return;
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(stateFile())) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    p.stringPropertyNames().forEach(k -> databases.put(k, p.getProperty(k)));
  }

  private void save() {
    if (data == null) {
      return;
    }
    Properties p = new Properties();
    p.putAll(databases);
    try {
      Files.createDirectories(stateFile().getParent());
      Path tmp = stateFile().resolveSibling("system.properties.tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        p.store(out, "the Neo4j stand-in's databases");
      }
      Files.move(
          tmp, stateFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

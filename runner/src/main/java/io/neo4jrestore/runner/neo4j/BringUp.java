package io.neo4jrestore.runner.neo4j;

import io.neo4jrestore.runner.common.Sleeper;
import io.neo4jrestore.runner.neo4j.Neo4jAdminException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Step 11, "bring the database up": makes Neo4j serve the restored store on every server, then
 * waits until every allocation is online (COMPAT.md, "Bringing a database up after restore").
 *
 * <table>
 *   <caption>What is sent</caption>
 *   <tr><th></th><th>new database</th><th>existing database</th></tr>
 *   <tr><td>standalone</td><td>{@code CREATE DATABASE $name WAIT}</td>
 *       <td>{@code START DATABASE $name WAIT}</td></tr>
 *   <tr><td>cluster</td>
 *       <td>{@code CREATE DATABASE $name OPTIONS {existingData: 'use', existingDataSeedServer:
 *       $serverId} WAIT}</td>
 *       <td>{@code CALL dbms[.cluster].recreateDatabase($db, {seedingServers: [$serverId]})},
 *       the procedure chosen from {@code SHOW PROCEDURES}</td></tr>
 * </table>
 *
 * <p>In a cluster the restore ran on one server, the seeder; the others must copy its store ({@code
 * START DATABASE} would not re-seed them). The seeder's {@code serverId} is found by matching its
 * address in {@code SHOW SERVERS}, never by name (names are free text). Every wait is bounded by
 * the request's deadline; time comes from the injected {@link Clock} and pauses from the injected
 * {@link Sleeper}, so the logic is tested without real time.
 *
 * <p>Idempotent for a resumed runner: a database the request calls new that exists already was
 * created by an earlier attempt and is only waited for; {@code START} and recreate may be repeated.
 */
public final class BringUp {
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

  /** Single server or multi-server cluster: decides whether other servers must be seeded. */
  public enum Topology {
    STANDALONE,
    CLUSTER
  }

  /**
   * What to bring up.
   *
   * @param existedBefore whether the database existed before the restore (then it was stopped and
   *     overwritten)
   * @param seederAddress for a cluster: the Bolt address ({@code host:port}, as {@code SHOW
   *     SERVERS} reports it) of the server the restore ran on
   * @param deadline when to give up waiting
   */
  public record Request(
      String database,
      boolean existedBefore,
      Topology topology,
      Optional<String> seederAddress,
      Instant deadline) {
    public Request {
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(topology, "topology");
      Objects.requireNonNull(seederAddress, "seederAddress");
      Objects.requireNonNull(deadline, "deadline");
      if (topology == Topology.CLUSTER && seederAddress.map(String::isBlank).orElse(true)) {
        throw new IllegalArgumentException("a cluster bring-up needs the seeder's address");
      }
    }

    public static Request standalone(String database, boolean existedBefore, Instant deadline) {
      return new Request(database, existedBefore, Topology.STANDALONE, Optional.empty(), deadline);
    }

    public static Request cluster(
        String database, boolean existedBefore, String seederAddress, Instant deadline) {
      return new Request(
          database, existedBefore, Topology.CLUSTER, Optional.of(seederAddress), deadline);
    }
  }

  /**
   * The result: what was done, and the final state (every allocation online).
   *
   * @param action e.g. {@code created seeded from server <id> (<address>)}
   */
  public record Outcome(String action, DatabaseState state) {
    /** A one-line summary for the step entry. */
    public String message() {
      return "database "
          + state.name()
          + " "
          + action
          + "; online on "
          + state.allocations().size()
          + " server(s)";
    }
  }

  private final Neo4jAdmin admin;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration pollInterval;

  public BringUp(Neo4jAdmin admin, Clock clock, Sleeper sleeper) {
    this(admin, clock, sleeper, DEFAULT_POLL_INTERVAL);
  }

  public BringUp(Neo4jAdmin admin, Clock clock, Sleeper sleeper, Duration pollInterval) {
    this.admin = Objects.requireNonNull(admin, "admin");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive");
    }
    this.pollInterval = pollInterval;
  }

  /**
   * Brings the database up and waits until every allocation is online.
   *
   * @throws Neo4jAdminException {@link Kind#INVALID} for an invalid name (nothing sent), {@link
   *     Kind#TIMED_OUT} at the deadline (listing the allocations not online), {@link
   *     Kind#NOT_FOUND} when the seeder or a database that existed before is missing, {@link
   *     Kind#UNSUPPORTED} when no recreate procedure is offered, or what {@link Neo4jAdmin} threw
   */
  public Outcome run(Request request) throws InterruptedException {
    String name = AdminStatements.requireDatabaseName(request.database());
    Optional<DatabaseState> current = admin.database(name);
    boolean standalone = request.topology() == Topology.STANDALONE;
    String action;
    if (!request.existedBefore() && current.isPresent()) {
      // a resumed run: an earlier attempt already created it
      action = "found (created by an earlier attempt)";
    } else if (request.existedBefore()) {
      requireStillThere(request, current);
      action = standalone ? start(request) : recreateFromSeeder(request);
    } else {
      action = standalone ? create(request) : createFromSeeder(request);
    }
    return new Outcome(action, awaitOnline(request, action));
  }

  private String create(Request request) {
    admin.createDatabase(request.database(), Optional.empty(), remaining(request));
    return "created";
  }

  private String start(Request request) {
    admin.startDatabase(request.database(), remaining(request));
    return "started";
  }

  private String createFromSeeder(Request request) throws InterruptedException {
    ServerInfo seeder = awaitSeeder(request);
    admin.createDatabase(request.database(), Optional.of(seeder.serverId()), remaining(request));
    return "created " + seededFrom(seeder);
  }

  private String recreateFromSeeder(Request request) throws InterruptedException {
    ServerInfo seeder = awaitSeeder(request);
    RecreateProcedure procedure =
        RecreateProcedure.chooseFrom(admin.procedures())
            .orElseThrow(
                () ->
                    new Neo4jAdminException(
                        Kind.UNSUPPORTED,
                        "cannot re-seed database "
                            + request.database()
                            + ": the server offers neither "
                            + RecreateProcedure.DBMS.procedureName()
                            + " nor "
                            + RecreateProcedure.CLUSTER.procedureName()
                            + " (SHOW PROCEDURES); restoring over an existing database in a"
                            + " cluster needs Neo4j Enterprise 5.24 or later"));
    admin.recreateDatabase(request.database(), seeder.serverId(), procedure.procedureName());
    return "recreated " + seededFrom(seeder) + " with " + procedure.procedureName();
  }

  private static String seededFrom(ServerInfo seeder) {
    return "seeded from server " + seeder.serverId() + " (" + seeder.address() + ")";
  }

  private void requireStillThere(Request request, Optional<DatabaseState> current) {
    if (current.isEmpty()) {
      throw new Neo4jAdminException(
          Kind.NOT_FOUND,
          "database "
              + request.database()
              + " existed before the restore but SHOW DATABASE no longer lists it (dropped during"
              + " the restore?). The restored store is on disk: create the database again to"
              + " mount it, or re-run the restore");
    }
  }

  /** Finds the seeder in SHOW SERVERS by address and waits until it is Enabled and Available. */
  private ServerInfo awaitSeeder(Request request) throws InterruptedException {
    String address = request.seederAddress().orElseThrow();
    while (true) {
      List<ServerInfo> servers = admin.servers();
      List<ServerInfo> matches = servers.stream().filter(s -> s.hasAddress(address)).toList();
      if (matches.size() > 1) {
        throw new Neo4jAdminException(
            Kind.REJECTED,
            "several servers in SHOW SERVERS have the seeder's address "
                + address
                + ": "
                + matches
                + "; cannot tell which one holds the restored store");
      }
      if (matches.size() == 1 && matches.get(0).isUsable()) {
        return matches.get(0);
      }
      if (!clock.instant().isBefore(request.deadline())) {
        throw matches.isEmpty()
            ? new Neo4jAdminException(
                Kind.NOT_FOUND,
                "no server in SHOW SERVERS has the seeder's address "
                    + address
                    + " (servers: "
                    + servers
                    + "); the restore ran on that server, so the database cannot be seeded."
                    + " Check the address the seeder pod advertises (server.bolt.advertised_address)")
            : new Neo4jAdminException(
                Kind.TIMED_OUT,
                "the seeder server "
                    + matches.get(0)
                    + " did not become Enabled and Available by "
                    + request.deadline()
                    + "; check that pod and its debug.log");
      }
      pause(request);
    }
  }

  private DatabaseState awaitOnline(Request request, String action) throws InterruptedException {
    String name = request.database();
    while (true) {
      Optional<DatabaseState> state = admin.database(name);
      if (state.isPresent() && state.get().allOnline()) {
        return state.get();
      }
      List<DatabaseState.Allocation> quarantined =
          state
              .map(
                  s ->
                      s.allocations().stream()
                          .filter(DatabaseState.Allocation::isQuarantined)
                          .toList())
              .orElse(List.of());
      if (!quarantined.isEmpty()) {
        throw new Neo4jAdminException(
            Kind.REJECTED,
            "database "
                + name
                + " ("
                + action
                + ") is quarantined on "
                + describe(quarantined)
                + ". Neo4j will not start it there until the cause is fixed: see the server's"
                + " debug.log, then dbms.unquarantineDatabase");
      }
      if (!clock.instant().isBefore(request.deadline())) {
        throw new Neo4jAdminException(
            Kind.TIMED_OUT,
            "database "
                + name
                + " ("
                + action
                + ") was not online on every server by "
                + request.deadline()
                + ": "
                + state
                    .map(s -> "not online: " + describe(s.notOnline()))
                    .orElse("SHOW DATABASE does not list it")
                + ". Check SHOW DATABASE "
                + name
                + " and the servers' debug.log"
                + request.seederAddress().map(a -> "; the restored store is on " + a).orElse(""));
      }
      pause(request);
    }
  }

  private void pause(Request request) throws InterruptedException {
    Duration left = Duration.between(clock.instant(), request.deadline());
    sleeper.sleep(left.compareTo(pollInterval) < 0 ? left : pollInterval);
  }

  /** Time left until the deadline, for a {@code WAIT}; fails when none is left. */
  private Duration remaining(Request request) {
    Duration left = Duration.between(clock.instant(), request.deadline());
    if (left.isNegative() || left.isZero()) {
      throw new Neo4jAdminException(
          Kind.TIMED_OUT,
          "the deadline "
              + request.deadline()
              + " passed before database "
              + request.database()
              + " could be brought up");
    }
    return left;
  }

  private static String describe(List<DatabaseState.Allocation> allocations) {
    return allocations.stream().map(Object::toString).collect(Collectors.joining("; "));
  }
}

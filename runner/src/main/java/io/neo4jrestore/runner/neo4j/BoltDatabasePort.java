package io.neo4jrestore.runner.neo4j;

import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.common.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** {@link DatabasePort} on a {@link Neo4jAdmin} (Bolt), with bring-up per topology. */
public final class BoltDatabasePort implements DatabasePort {
  private final Neo4jAdmin admin;
  private final BringUp.Topology topology;

  /** {@code topology} is the target's: it decides how {@link #bringUp} seeds the database. */
  public BoltDatabasePort(Neo4jAdmin admin, BringUp.Topology topology) {
    this.admin = admin;
    this.topology = topology;
  }

  @Override
  public boolean exists(String database) {
    return mapped(Reasons.BRING_UP_FAILED, () -> admin.database(database).isPresent());
  }

  @Override
  public void stop(String database, Duration wait) {
    mapped(() -> admin.stopDatabase(database, wait));
  }

  @Override
  public void start(String database, Duration wait) {
    mapped(() -> admin.startDatabase(database, wait));
  }

  @Override
  public void runStatement(String database, String statement) {
    mapped(() -> admin.runStatement(database, statement));
  }

  @Override
  public java.util.List<java.util.Map<String, Object>> query(String database, String statement) {
    return mapped(Reasons.ASSERTION_FAILED, () -> admin.query(database, statement));
  }

  private static void mapped(Runnable call) {
    mapped(
        Reasons.BRING_UP_FAILED,
        () -> {
          call.run();
          return null;
        });
  }

  /** Neo4j errors become step failures with the adapter's message (what, where, what next). */
  private static <T> T mapped(String reason, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (Neo4jAdminException e) {
      String r =
          e.kind() == Neo4jAdminException.Kind.AUTHENTICATION
                  || e.kind() == Neo4jAdminException.Kind.TLS
              ? Reasons.CREDENTIALS_MISSING
              : reason;
      throw new RestoreFailure(r, e.getMessage(), e.retryable(), e);
    }
  }

  @Override
  public void bringUp(String database, boolean existed, String seederPod, Duration deadline) {
    Clock clock = Clock.systemUTC();
    BringUp.Request request =
        topology == BringUp.Topology.STANDALONE
            ? BringUp.Request.standalone(database, existed, clock.instant().plus(deadline))
            : BringUp.Request.cluster(
                database, existed, seederAddress(seederPod), clock.instant().plus(deadline));
    try {
      mapped(
          Reasons.BRING_UP_FAILED,
          () -> {
            try {
              return new BringUp(admin, clock, Sleeper.REAL).run(request);
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          });
    } catch (IllegalStateException e) {
      Thread.currentThread().interrupt();
      throw new RestoreFailure(
          Reasons.BRING_UP_FAILED, "interrupted while bringing " + database + " up");
    }
  }

  /** The seeder's address as SHOW SERVERS reports it: the server whose host is the pod's name. */
  private String seederAddress(String pod) {
    List<ServerInfo> servers = mapped(Reasons.BRING_UP_FAILED, admin::servers);
    String prefix = pod.toLowerCase(Locale.ROOT);
    return servers.stream()
        .map(ServerInfo::address)
        .filter(a -> a != null)
        .filter(
            a -> {
              String host = a.toLowerCase(Locale.ROOT);
              return host.equals(prefix)
                  || host.startsWith(prefix + ".")
                  || host.startsWith(prefix + ":");
            })
        .findFirst()
        .orElseThrow(
            () ->
                new RestoreFailure(
                    Reasons.BRING_UP_FAILED,
                    "no server in SHOW SERVERS runs in pod "
                        + pod
                        + " (addresses: "
                        + servers.stream().map(ServerInfo::address).toList()
                        + "); cannot seed the cluster from the restored copy"));
  }

  @Override
  public void close() {
    try {
      admin.close();
    } catch (Exception e) {
      // closing a driver never decides the outcome
    }
  }
}

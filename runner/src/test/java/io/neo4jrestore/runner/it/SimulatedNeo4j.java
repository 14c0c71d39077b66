package io.neo4jrestore.runner.it;

import io.neo4jrestore.runner.neo4j.DatabasePort;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The Neo4j side of the demo: no Neo4j Enterprise server can run here, so the Bolt calls the runner
 * would make are printed to the runner's log instead, and succeed.
 */
final class SimulatedNeo4j implements DatabasePort {
  private final Set<String> databases = new HashSet<>();
  private final PrintStream log;

  SimulatedNeo4j(Set<String> existing, PrintStream log) {
    existing.forEach(d -> databases.add(d.toLowerCase(Locale.ROOT)));
    this.log = log;
  }

  private void say(String what) {
    log.println("[simulated neo4j] " + what);
  }

  @Override
  public boolean exists(String database) {
    boolean there = databases.contains(database.toLowerCase(Locale.ROOT));
    say("SHOW DATABASE " + database + " -> " + (there ? "exists" : "does not exist"));
    return there;
  }

  @Override
  public void stop(String database, Duration wait) {
    say("STOP DATABASE " + database + " WAIT");
  }

  @Override
  public void start(String database, Duration wait) {
    say("START DATABASE " + database + " WAIT");
  }

  @Override
  public void bringUp(String database, boolean existed, String seederPod, Duration deadline) {
    say(
        (existed ? "the restored database " : "CREATE DATABASE ")
            + database
            + (existed ? " started on every server" : " seeded from " + seederPod)
            + "; online");
    databases.add(database.toLowerCase(Locale.ROOT));
  }

  /** A drill's assertion: holds (one row, one {@code true} column); never its text in the log. */
  @Override
  public java.util.List<java.util.Map<String, Object>> query(String database, String statement) {
    say("ran a drill assertion on " + database);
    return java.util.List.of(java.util.Map.of("ok", true));
  }

  @Override
  public void runStatement(String database, String statement) {
    // hook statements may hold secrets: never their text
    say("ran a hook statement on " + database);
  }

  @Override
  public void close() {}
}

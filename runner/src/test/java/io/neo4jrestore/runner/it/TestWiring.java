package io.neo4jrestore.runner.it;

import io.neo4jrestore.runner.ProductionWiring;
import io.neo4jrestore.runner.RunCommand;
import io.neo4jrestore.runner.exec.RestoreJobFactory;
import io.neo4jrestore.runner.exec.RunnerSettings;
import io.neo4jrestore.runner.job.RestoreJobs;
import io.neo4jrestore.runner.kube.ClusterOps;
import io.neo4jrestore.runner.lock.LockSettings;
import io.neo4jrestore.runner.neo4j.DatabasePort;
import io.neo4jrestore.runner.target.Target;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The runner as the integration tests run it: production restore Jobs, a recording fake for the
 * Neo4j side, and short waits.
 */
final class TestWiring implements RunCommand.Wiring {
  private final BiFunction<ClusterOps, Target, DatabasePort> databases;
  private final Duration unschedulable;
  private final Duration lockWait;

  private TestWiring(
      BiFunction<ClusterOps, Target, DatabasePort> databases,
      Duration unschedulable,
      Duration lockWait) {
    this.databases = databases;
    this.unschedulable = unschedulable;
    this.lockWait = lockWait;
  }

  private TestWiring(
      BiFunction<ClusterOps, Target, DatabasePort> databases, Duration unschedulable) {
    this(databases, unschedulable, Duration.ofSeconds(60));
  }

  /** The same wiring, waiting at most {@code wait} for another restore's lock on the target. */
  TestWiring lockWait(Duration wait) {
    return new TestWiring(databases, unschedulable, wait);
  }

  /** Every run talks to {@code database}. */
  static TestWiring with(DatabasePort database) {
    return new TestWiring((cluster, target) -> database, Duration.ofSeconds(5));
  }

  /** Reads each target's admin Secret as production does, then talks to {@code database}. */
  static TestWiring readingSecrets(DatabasePort database) {
    return new TestWiring(
        (cluster, target) -> {
          ProductionWiring.endpoint(cluster, target);
          return database;
        },
        Duration.ofSeconds(5));
  }

  /** Reads the target's admin Secret as production does, then talks to a fresh recording fake. */
  static TestWiring readingSecrets() {
    return readingSecrets(() -> {});
  }

  /** The same, running {@code onConnect} when the runner first talks to Neo4j. */
  static TestWiring readingSecrets(Runnable onConnect) {
    return new TestWiring(
        (cluster, target) -> {
          ProductionWiring.endpoint(cluster, target);
          onConnect.run();
          return new FakeDatabase();
        },
        Duration.ofSeconds(3));
  }

  @Override
  public Function<Target, DatabasePort> databases(ClusterOps cluster) {
    return target -> databases.apply(cluster, target);
  }

  @Override
  public RestoreJobFactory jobs() {
    return RestoreJobs::build;
  }

  @Override
  public RunnerSettings settings() {
    return new RunnerSettings(
        Duration.ofMillis(200),
        Duration.ofSeconds(60),
        Duration.ofSeconds(1),
        Duration.ofSeconds(90),
        Duration.ofSeconds(10),
        Duration.ofHours(1),
        unschedulable);
  }

  @Override
  public LockSettings lockSettings() {
    return new LockSettings(Duration.ofSeconds(3), lockWait, Duration.ofMillis(200));
  }
}

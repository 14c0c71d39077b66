package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.neo4j.BoltDatabasePort;
import io.neo4jrestore.runner.neo4j.BringUp;
import io.neo4jrestore.runner.neo4j.DatabaseState;
import io.neo4jrestore.runner.neo4j.FakeNeo4j;
import io.neo4jrestore.runner.neo4j.TestClock;
import io.neo4jrestore.runner.world.CallOrder;
import io.neo4jrestore.runner.world.InMemoryWorld;
import io.neo4jrestore.runner.world.WorldFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * The in-memory world the step and compensation tests share: the cluster {@code graph} of 3 servers
 * (Neo4j 5.26, {@link FakeNeo4j} behind Bolt), restores of {@code orders} into it, and a context in
 * which the steps before a given step ran as the runner runs them.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS) // a wait that never ends fails, not hangs
abstract class InMemorySteps {
  static final String NS = "ns";
  static final String TARGET_PATH =
      "/apis/" + RestoreApi.API_VERSION + "/namespaces/ns/" + RestoreApi.CLUSTER_PLURAL + "/graph";

  final InMemoryWorld world = new InMemoryWorld();
  final FakeNeo4j neo4j =
      FakeNeo4j.cluster(3, FakeNeo4j.V5_26).withDatabase("orders", DatabaseState.ONLINE);
  final TestClock clock = new TestClock();
  private final List<RunContext> contexts = new ArrayList<>();

  @AfterEach
  void endRuns() {
    contexts.forEach(
        c -> {
          c.endLock();
          c.closeDatabase();
        });
  }

  /** The cluster {@code graph} of 3 servers; its claims retained ({@code whenScaled} null). */
  WorldFixtures cluster(String whenScaled) {
    return new WorldFixtures(world).cluster(NS, "graph", "5.26.12-enterprise", 3, whenScaled);
  }

  /** The ITs' representative offline restore {@code r} of {@code orders} into {@code graph}. */
  Neo4jRestore offline() {
    return cluster(null).offlineRestore(NS, "r", "graph");
  }

  static final String S3 =
      "source: {type: s3, storage: {type: s3, bucket: b}, backupPath: /orders.backup}";

  /** A restore {@code r} of {@code orders} into the cluster {@code graph}: these spec lines. */
  Neo4jRestore restore(String... spec) {
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: neo4j.neo4j.com/v1alpha1\nkind: Neo4jRestore\nmetadata: {name: r}\n"
                + "spec:\n  targetCluster: graph\n  databaseName: orders\n");
    for (String line : spec) {
      yaml.append("  ").append(line).append('\n');
    }
    return cluster(null).restore(NS, yaml.toString());
  }

  RunContext context(Neo4jRestore r) {
    RunContext c = world.context(r, clock, new BoltDatabasePort(neo4j, BringUp.Topology.CLUSTER));
    contexts.add(c);
    return c;
  }

  /** A context in which the steps before {@code step} ran, as the runner runs them. */
  RunContext before(String step, Neo4jRestore r) throws Exception {
    RunContext c = context(r);
    for (Step s : Runner.STEPS) {
      if (s.name().equals(step)) {
        return c;
      }
      if (s.applies(c)) {
        c.status().stepDone(s.name(), Steps.SUCCEEDED, s.execute(c), c.now());
      } else {
        c.status().stepDone(s.name(), Steps.SKIPPED, s.skipReason(c), c.now());
      }
    }
    throw new AssertionError("no step " + step);
  }

  /** The calls made from now on. */
  Since since() {
    return new Since(world.calls().size());
  }

  final class Since {
    private final int from;

    Since(int from) {
      this.from = from;
    }

    CallOrder calls() {
      List<String> all = world.calls();
      return CallOrder.assertThat(all.subList(from, all.size()));
    }
  }

  static CallOrder changesNothing(CallOrder calls) {
    return calls
        .never("scale ")
        .never("annotate ")
        .never("createJob ")
        .never("lease.create ")
        .never("writeStatus ");
  }

  String restoreJob(RunContext c) {
    return ResourceNames.job(
        c.name(), c.restore().metadata().uid(), c.generation(), c.retryToken(), JobRole.RESTORE);
  }

  /** The target was scaled back to its 3 replicas, then its pause annotation removed. */
  void assertBackUp(Since since) throws Exception {
    since.calls().inOrder("scale ns/graph-server 3", "annotate " + TARGET_PATH);
    assertEquals(3, replicas());
    assertNull(
        world.cluster().annotations(TARGET_PATH).get(Annotations.OPERATOR_RESTORE_IN_PROGRESS));
  }

  int replicas() throws Exception {
    return world.cluster().statefulSet(NS, "graph-server").orElseThrow().getSpec().getReplicas();
  }
}

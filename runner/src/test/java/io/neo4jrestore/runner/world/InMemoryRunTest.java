package io.neo4jrestore.runner.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.exec.Runner;
import io.neo4jrestore.runner.neo4j.BoltDatabasePort;
import io.neo4jrestore.runner.neo4j.BringUp;
import io.neo4jrestore.runner.neo4j.DatabasePort;
import io.neo4jrestore.runner.neo4j.DatabaseState;
import io.neo4jrestore.runner.neo4j.FakeNeo4j;
import io.neo4jrestore.runner.neo4j.TestClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole runner against the in-memory world: a restore runs to its end in milliseconds, and the
 * order of its Kubernetes calls is asserted.
 */
class InMemoryRunTest {
  private static final String NS = "ns";
  private static final String CLUSTER_PATH =
      "/apis/" + RestoreApi.API_VERSION + "/namespaces/ns/" + RestoreApi.CLUSTER_PLURAL + "/graph";

  /** The cluster is named as {@link FakeNeo4j}'s servers are: {@code graph-server-<i>}. */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS) // a stopped TestClock never ends a wait
  void restores_a_cluster_offline_and_scales_it_back() throws Exception {
    InMemoryWorld world = new InMemoryWorld();
    WorldFixtures fixtures =
        new WorldFixtures(world).cluster(NS, "graph", "5.26.12-enterprise", 3, null);
    Neo4jRestore restore = fixtures.offlineRestore(NS, "r", "graph");
    DatabasePort database =
        new BoltDatabasePort(
            FakeNeo4j.cluster(3, FakeNeo4j.V5_26).withDatabase("orders", DatabaseState.ONLINE),
            BringUp.Topology.CLUSTER);
    TestClock clock = new TestClock();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);

    RunnerExit exit = new Runner(log).run(r -> world.context(r, clock, database, log), restore);

    Neo4jRestore done = world.restore(NS, "r");
    assertEquals(RunnerExit.SUCCEEDED, exit, out.toString());
    assertEquals(Phases.COMPLETED, done.status().phase(), done.status().message());
    CallOrder.assertThat(world.calls())
        .inOrder(
            "lease.create ns/",
            "annotate " + CLUSTER_PATH,
            "scale ns/graph-server 0",
            "createJob ns/",
            "scale ns/graph-server 3",
            "writeStatus ns/r phase=Completed")
        .never("scale ns/graph-server 1")
        .times("scale ns/", 2);
    assertEquals(
        3,
        world
            .cluster()
            .statefulSet(NS, "graph-server")
            .orElseThrow()
            .getStatus()
            .getReadyReplicas());
    assertNull(
        world
            .cluster()
            .annotations(CLUSTER_PATH)
            .get(io.neo4jrestore.api.Annotations.OPERATOR_RESTORE_IN_PROGRESS),
        "the pause annotation is removed");
  }
}

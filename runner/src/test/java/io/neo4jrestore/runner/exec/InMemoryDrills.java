package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.DrillRecord;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.neo4j.BoltDatabasePort;
import io.neo4jrestore.runner.neo4j.BringUp;
import io.neo4jrestore.runner.neo4j.FakeNeo4j;
import io.neo4jrestore.runner.world.CallOrder;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The in-memory world of the drill tests: a drill {@code r} of the cluster {@code graph}, its
 * throw-away server's Neo4j ({@link #server}), the whole runner, and what every drill must leave
 * behind: nothing of its own, and the target only read.
 */
abstract class InMemoryDrills extends InMemorySteps {
  static final String COUNT = "MATCH (n:Order) RETURN count(n) >= 1000 AS ok";
  static final String SECRET_LOOKING = "MATCH (u:User {token: 's3cr3t-t0ken'}) RETURN count(u) = 1";
  static final String STS = "/apis/apps/v1/namespaces/ns/statefulsets";
  static final String SVC = "/api/v1/namespaces/ns/services";
  static final String PVC = "/api/v1/namespaces/ns/persistentvolumeclaims";
  static final String JOBS = "/apis/batch/v1/namespaces/ns/jobs";

  /** The throw-away server's Neo4j: a standalone that answers the assertions. */
  final FakeNeo4j server =
      FakeNeo4j.standalone(FakeNeo4j.V5_26)
          .answering(COUNT, List.of(Map.of("ok", true)))
          .answering(SECRET_LOOKING, List.of(Map.of("x", true)));

  /** The runner's log; a fault armed at a step's start hits that step ({@link StepStarts#on}). */
  final StepStarts out = new StepStarts();

  Neo4jRestore drill(int keep) {
    return restore(
        S3,
        "drill: {keep: " + keep + ", assertions: [\"" + COUNT + "\", \"" + SECRET_LOOKING + "\"]}");
  }

  /** The cluster's Neo4j for the real target, the standalone fake for the drill server. */
  RunContext drillContext(Neo4jRestore r) {
    RunContext c =
        world.context(
            r,
            clock,
            target ->
                target.name().startsWith("drill-")
                    ? new BoltDatabasePort(server, BringUp.Topology.STANDALONE)
                    : new BoltDatabasePort(neo4j, BringUp.Topology.CLUSTER),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    return c;
  }

  /** A drill's context in which the drill steps before {@code step} ran. */
  RunContext drillBefore(String step, Neo4jRestore r) throws Exception {
    RunContext c = drillContext(r);
    for (Step s : Runner.DRILL_STEPS) {
      if (s.name().equals(step)) {
        return c;
      }
      c.status().stepDone(s.name(), Steps.SUCCEEDED, s.execute(c), c.now());
    }
    throw new AssertionError("no drill step " + step);
  }

  RunnerExit run(Neo4jRestore r) {
    return new Runner(new PrintStream(out, true, StandardCharsets.UTF_8))
        .run(this::drillContext, r);
  }

  Neo4jRestore stored() {
    return world.restore(NS, "r");
  }

  /**
   * Nothing a drill creates is left: no StatefulSet, Service, claim or restore Job (the world's
   * garbage collector deletes what the StatefulSet owns, as Kubernetes' does).
   */
  void assertNothingLeft() {
    String uid = stored().metadata().uid();
    for (String collection : List.of(STS, SVC, PVC)) {
      List<String> left =
          world.collectionNames(collection).stream()
              .filter(n -> n.startsWith("drill-") || n.startsWith("neo4j-data-drill-"))
              .toList();
      assertEquals(List.of(), left, collection + " still holds a drill's object");
    }
    assertEquals(
        List.of(),
        world.collectionNames(JOBS).stream().filter(n -> n.startsWith("r-")).toList(),
        "the drill's restore Job is deleted (uid " + uid + ")");
  }

  /** The real target was only read: never scaled, annotated or locked. */
  void assertTargetUntouched() {
    CallOrder.assertThat(world.calls())
        .never("scale ns/graph-server")
        .never("annotate " + TARGET_PATH)
        .never("lease.create ");
    assertTrue(neo4j.executed().isEmpty(), "the target's Neo4j was never called");
  }

  DrillRecord lastDrill() {
    List<DrillRecord> drills = stored().status().drills();
    assertNotNull(drills, "status.drills");
    return drills.get(0);
  }

  void retry(String token) throws Exception {
    world.cluster().annotate(RestoreApi.path(NS, "r"), Map.of(Annotations.RETRY, token));
  }
}

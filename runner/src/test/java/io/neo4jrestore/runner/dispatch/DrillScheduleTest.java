package io.neo4jrestore.runner.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's decision for {@code spec.drill.schedule} (pure): a drill whose attempt ended is
 * due when the schedule fired since that attempt started; its retry token names the fire time.
 */
class DrillScheduleTest {
  private static final Instant NOW = Instant.parse("2026-12-06T23:05:00Z"); // a Sunday

  /**
   * A weekly drill (Sundays 02:00) whose last attempt started at {@code started}, in {@code phase}.
   */
  private static Neo4jRestore drill(String schedule, String phase, String started, String token)
      throws Exception {
    String yaml =
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata:
          name: weekly
          namespace: prod
          uid: u-1
          generation: 1
          creationTimestamp: "2026-11-01T00:00:00Z"
          %s
        spec:
          targetCluster: prod
          databaseName: orders
          source: {type: backup, backupRef: nightly}
          drill: {assertions: ["RETURN true"]%s}
        %s
        """
            .formatted(
                token == null
                    ? ""
                    : "annotations: {restore.neo4j.neo4j.com/retry: \"" + token + "\"}",
                schedule == null ? "" : ", schedule: \"" + schedule + "\"",
                phase == null
                    ? ""
                    : "status: {phase: "
                        + phase
                        + ", startTime: \""
                        + started
                        + "\", observedGeneration: 1, attempt: {generation: 1"
                        + (token == null ? "" : ", retryToken: \"" + token + "\"")
                        + "}}");
    return ApiMapper.yaml().readValue(yaml, Neo4jRestore.class);
  }

  @Test
  void a_drill_that_ended_before_the_last_fire_time_is_due_with_a_token_naming_it()
      throws Exception {
    assertEquals(
        Optional.of("drill-20261206T0200Z"),
        Dispatcher.drillDue(drill("0 2 * * 0", "Completed", "2026-11-29T02:00:05Z", null), NOW));
    assertEquals(
        Optional.of("drill-20261206T0200Z"),
        Dispatcher.drillDue(
            drill("0 2 * * 0", "Failed", "2026-11-29T02:00:05Z", "drill-20261129T0200Z"), NOW),
        "a failed drill is drilled again on schedule");
  }

  @Test
  void a_drill_that_started_after_the_last_fire_time_is_not_due() throws Exception {
    assertEquals(
        Optional.empty(),
        Dispatcher.drillDue(
            drill("0 2 * * 0", "Completed", "2026-12-06T02:00:07Z", "drill-20261206T0200Z"), NOW));
  }

  @Test
  void a_running_new_or_unscheduled_drill_is_left_to_the_ordinary_decision() throws Exception {
    assertEquals(
        Optional.empty(),
        Dispatcher.drillDue(drill("0 2 * * 0", "Running", "2026-11-29T02:00:05Z", null), NOW),
        "running: the current attempt first");
    assertEquals(
        Optional.empty(),
        Dispatcher.drillDue(drill("0 2 * * 0", null, null, null), NOW),
        "never run: the dispatcher starts it as any new resource");
    assertEquals(
        Optional.empty(),
        Dispatcher.drillDue(drill(null, "Completed", "2026-11-29T02:00:05Z", null), NOW),
        "no schedule: drills only when asked");
    assertEquals(
        Optional.empty(),
        Dispatcher.drillDue(drill("61 * * * *", "Completed", "2026-11-29T02:00:05Z", null), NOW),
        "an invalid schedule is never due");
  }

  /** {@code r} with one drill record whose cleanup says {@code cleanup}. */
  private static Neo4jRestore withCleanup(Neo4jRestore r, String cleanup) throws Exception {
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ApiMapper.json().valueToTree(r);
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("status"))
        .putArray("drills")
        .addObject()
        .put("startTime", "2026-12-06T02:00:00Z")
        .put("outcome", "Passed")
        .put("cleanup", cleanup);
    return ApiMapper.json().treeToValue(tree, Neo4jRestore.class);
  }

  @Test
  void an_ended_drill_whose_cleanup_failed_is_cleaned_up_by_the_sweep_a_running_one_is_not()
      throws Exception {
    Neo4jRestore ended = drill(null, "Completed", "2026-12-06T02:00:00Z", null);
    Neo4jRestore running = drill(null, "Running", "2026-12-06T02:00:00Z", null);

    assertEquals(true, Dispatcher.drillLeftBehind(withCleanup(ended, "failed: HTTP 503; left: x")));
    assertEquals(false, Dispatcher.drillLeftBehind(withCleanup(ended, "done")));
    assertEquals(false, Dispatcher.drillLeftBehind(ended), "no drill recorded");
    // a running drill's runner (or its lost-runner compensation) cleans up itself
    assertEquals(
        false, Dispatcher.drillLeftBehind(withCleanup(running, "failed: HTTP 503; left: x")));
  }
}

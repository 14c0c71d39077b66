package io.neo4jrestore.runner.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.model.AttemptStatus;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreStatus;
import io.neo4jrestore.api.model.ObjectMeta;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatcherTest {
  private static Neo4jRestore r(
      long generation, String token, String phase, Long attemptGeneration, String attemptToken) {
    ObjectMeta meta =
        new ObjectMeta(
            "r",
            null,
            "ns",
            "uid",
            "1",
            generation,
            null,
            null,
            null,
            token == null ? null : Map.of(Annotations.RETRY, token),
            null,
            null);
    Neo4jRestoreStatus status =
        phase == null
            ? null
            : new Neo4jRestoreStatus(
                null,
                phase,
                null,
                null,
                null,
                null,
                null,
                attemptGeneration,
                attemptGeneration == null
                    ? null
                    : new AttemptStatus(
                        attemptGeneration, attemptToken, "job", "pod", 0, null, null),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    return new Neo4jRestore("v", "k", meta, null, status);
  }

  @Test
  void a_plan_only_resource_is_never_started_as_a_restore() {
    for (String phase : java.util.Arrays.asList(null, Phases.PENDING)) {
      Neo4jRestore plan = r(1, null, phase, null, null);
      Map<String, String> marked = Map.of(Annotations.PLAN_ONLY, "true");
      Neo4jRestore marker = plan.withMetadata(plan.metadata().withAnnotations(marked));
      assertEquals(Dispatcher.Decision.PLAN_ONLY, Dispatcher.decide(marker), "phase " + phase);
    }
    // the marker removed (create --from-plan): a restore like any other
    assertEquals(Dispatcher.Decision.START, Dispatcher.decide(r(1, null, null, null, null)));
  }

  @Test
  void a_new_resource_is_started() {
    assertEquals(Dispatcher.Decision.START, Dispatcher.decide(r(1, null, null, null, null)));
    assertEquals(
        Dispatcher.Decision.START, Dispatcher.decide(r(1, null, Phases.PENDING, null, null)));
  }

  @Test
  void a_finished_generation_is_left_alone_and_reapplying_it_changes_nothing() {
    assertEquals(
        Dispatcher.Decision.DONE, Dispatcher.decide(r(1, null, Phases.COMPLETED, 1L, null)));
    assertEquals(Dispatcher.Decision.DONE, Dispatcher.decide(r(1, null, Phases.FAILED, 1L, null)));
  }

  @Test
  void a_spec_change_or_a_new_retry_token_after_the_end_starts_one_new_attempt() {
    assertEquals(Dispatcher.Decision.START, Dispatcher.decide(r(2, null, Phases.FAILED, 1L, null)));
    assertEquals(
        Dispatcher.Decision.START, Dispatcher.decide(r(1, "again", Phases.FAILED, 1L, null)));
  }

  @Test
  void a_running_attempt_is_not_started_twice_and_a_mid_run_edit_waits_for_it() {
    assertEquals(
        Dispatcher.Decision.RUNNING, Dispatcher.decide(r(1, null, Phases.RUNNING, 1L, null)));
    assertEquals(
        Dispatcher.Decision.WAIT_FOR_CURRENT_ATTEMPT,
        Dispatcher.decide(r(2, null, Phases.RUNNING, 1L, null)));
  }
}

package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.world.CallOrder;
import io.neo4jrestore.runner.world.JobOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compensation in memory: each undo step alone, against the state the steps before it left, then
 * the list in order, then a whole failed run. {@link InMemorySteps} supplies the world.
 */
class CompensationTest extends InMemorySteps {
  private final List<String> log = new ArrayList<>();

  // --- ScaleBack ---

  @Test
  void scale_back_applies_only_once_the_target_was_scaled_down() throws Exception {
    RunContext c = before(Steps.STOP_CLUSTER, offline());
    assertFalse(new Compensation.ScaleBack().applies(c));

    new StopClusterStep().execute(c);

    assertTrue(new Compensation.ScaleBack().applies(c));
  }

  @Test
  void scale_back_restores_the_replicas_and_lifts_the_pause() throws Exception {
    RunContext c = before(Steps.RESTORE, offline());
    Since since = since();

    Compensation.Outcome outcome = new Compensation.ScaleBack().undo(c);

    assertInstanceOf(Compensation.Done.class, outcome);
    assertBackUp(since);
    assertEquals(Steps.SUCCEEDED, c.status().step(Steps.START_CLUSTER).state());
  }

  @Test
  void scale_back_onto_a_replaced_volume_leaves_the_database_off_it() throws Exception {
    RunContext c = before(Steps.RESTORE, offline());
    world.delete("/api/v1/namespaces/ns/persistentvolumeclaims/data-graph-server-2");

    Compensation.Outcome outcome = new Compensation.ScaleBack().undo(c);

    Compensation.Left left = assertInstanceOf(Compensation.Left.class, outcome);
    assertEquals(Reasons.DATA_VOLUME_REPLACED, left.reason());
    assertTrue(left.note().contains("data-graph-server-2"), left.note());
    assertTrue(left.note().contains("database orders is left STOPPED"), left.note());
    assertEquals(3, replicas(), "the target is back up all the same");
  }

  @Test
  void scale_back_that_is_refused_says_how_to_do_it_by_hand() throws Exception {
    RunContext c = before(Steps.RESTORE, offline());
    world.failNext("scale", "", 403);

    Compensation.Outcome outcome = new Compensation.ScaleBack().undo(c);

    String how = assertInstanceOf(Compensation.Problem.class, outcome).how();
    assertTrue(how.contains("kubectl -n ns scale statefulset/graph-server --replicas=3"), how);
    assertTrue(how.contains(Annotations.OPERATOR_RESTORE_IN_PROGRESS + "-"), how);
  }

  @Test
  void scale_back_without_a_resolved_target_says_what_to_put_back() throws Exception {
    RunContext c = context(offline());
    c.status().undo(c.status().undo().withScaledDown(true).withOriginalReplicas(3));

    Compensation.Outcome outcome = new Compensation.ScaleBack().undo(c);

    String how = assertInstanceOf(Compensation.Problem.class, outcome).how();
    assertTrue(how.contains("back to 3 replicas"), how);
  }

  // --- KeepOffReplacedVolumes ---

  @Test
  void replaced_volumes_found_earlier_keep_the_database_off_them() throws Exception {
    RunContext c = before(Steps.RESTORE, offline());
    assertFalse(new Compensation.KeepOffReplacedVolumes().applies(c));
    c.status()
        .condition(
            Conditions.DATA_VOLUMES_INTACT,
            Conditions.FALSE,
            Reasons.DATA_VOLUME_REPLACED,
            "replaced",
            c.generation(),
            c.now());

    Compensation.Outcome outcome = new Compensation.KeepOffReplacedVolumes().undo(c);

    assertEquals(
        Reasons.DATA_VOLUME_REPLACED, assertInstanceOf(Compensation.Left.class, outcome).reason());
  }

  // --- StartDatabase ---

  @Test
  void start_database_starts_what_the_restore_stopped() throws Exception {
    RunContext c = before(Steps.STOP_CLUSTER, offline());
    assertTrue(new Compensation.StartDatabase().applies(c));

    Compensation.Outcome outcome = new Compensation.StartDatabase().undo(c);

    assertInstanceOf(Compensation.Done.class, outcome);
    assertTrue(neo4j.database("orders").orElseThrow().allOnline());
    assertFalse(c.status().undo().is(c.status().undo().databaseStopped()));
  }

  @Test
  void start_database_leaves_a_half_written_store_stopped() throws Exception {
    RunContext c = before(Steps.STOP_CLUSTER, offline());
    c.status().undo(c.status().undo().withStoreMayBeIncomplete(true));

    Compensation.Outcome outcome = new Compensation.StartDatabase().undo(c);

    Compensation.Left left = assertInstanceOf(Compensation.Left.class, outcome);
    assertEquals(Reasons.RESTORE_INCOMPLETE, left.reason());
    assertTrue(left.note().contains(Annotations.RETRY + "=$(date +%s)"), left.note());
    assertTrue(neo4j.database("orders").orElseThrow().allStopped());
  }

  @Test
  void start_database_that_fails_gives_the_statement_to_run() throws Exception {
    RunContext c = before(Steps.STOP_CLUSTER, offline());
    neo4j.failing("START DATABASE", new IllegalStateException("no leader"));

    Compensation.Outcome outcome = new Compensation.StartDatabase().undo(c);

    String how = assertInstanceOf(Compensation.Problem.class, outcome).how();
    assertTrue(how.contains("START DATABASE `orders`"), how);
  }

  @Test
  void start_database_does_not_apply_when_nothing_was_stopped() throws Exception {
    assertFalse(
        new Compensation.StartDatabase().applies(before(Steps.PREPARE_DATABASE, offline())));
  }

  // --- the list ---

  /** An undo step that records that it ran and answers {@code outcome}. */
  private Compensation.Undo recording(String name, Compensation.Outcome outcome) {
    return new Compensation.Undo() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean applies(RunContext c) {
        return !name.startsWith("not-");
      }

      @Override
      public Compensation.Outcome undo(RunContext c) {
        log.add("ran " + name);
        return outcome;
      }
    };
  }

  @Test
  void undo_steps_run_in_order_past_problems_and_end_at_the_first_left_on_purpose() {
    RunContext c = context(offline());
    Compensation.Result result =
        Compensation.run(
            c,
            List.of(
                recording("a", new Compensation.Done()),
                recording("not-b", new Compensation.Done()),
                recording("c", new Compensation.Problem("do c by hand")),
                recording("d", new Compensation.Left(Reasons.RESTORE_INCOMPLETE, "kept")),
                recording("e", new Compensation.Done())),
            log::add);

    assertEquals(
        List.of("compensating: a", "ran a", "compensating: c", "ran c", "compensating: d", "ran d"),
        log);
    assertEquals(List.of("a"), result.done());
    assertEquals(List.of("do c by hand"), result.problems());
    assertEquals(Reasons.RESTORE_INCOMPLETE, result.left().reason());
  }

  @Test
  void an_undo_step_that_throws_is_a_problem_and_the_next_still_runs() {
    RunContext c = context(offline());
    Compensation.Undo throwing =
        new Compensation.Undo() {
          @Override
          public String name() {
            return "boom";
          }

          @Override
          public boolean applies(RunContext c) {
            return true;
          }

          @Override
          public Compensation.Outcome undo(RunContext c) {
            throw new IllegalStateException("broken");
          }
        };

    Compensation.Result result =
        Compensation.run(
            c, List.of(throwing, recording("next", new Compensation.Done())), log::add);

    assertEquals(List.of("boom stopped: broken"), result.problems());
    assertEquals(List.of("next"), result.done());
  }

  // --- a whole failed run ---

  @Test
  void a_failed_restore_job_puts_the_target_back_and_says_what_was_undone() throws Exception {
    Neo4jRestore r = offline();
    world.jobs().onCreate("r-restore", JobOutcome.FAIL);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream runLog = new PrintStream(out, true, StandardCharsets.UTF_8);

    RunnerExit exit = new Runner(runLog).run(this::context, r);

    Neo4jRestore failed = world.restore(NS, "r");
    assertEquals(RunnerExit.FAILED, exit, out.toString());
    assertEquals(Phases.FAILED, failed.status().phase());
    // the store may be half-written: the database stays stopped, the target is back up
    assertEquals(Reasons.RESTORE_INCOMPLETE, failed.status().condition(Conditions.READY).reason());
    assertEquals("done: ScaleBack", failed.status().undo().compensation());
    CallOrder.assertThat(world.calls())
        .inOrder(
            "scale ns/graph-server 0",
            "createJob ns/r-restore",
            "scale ns/graph-server 3",
            "writeStatus ns/r phase=Failed")
        .times("scale ns/", 2);
    assertEquals(3, replicas());
    assertTrue(neo4j.database("orders").orElseThrow().allStopped());
  }
}

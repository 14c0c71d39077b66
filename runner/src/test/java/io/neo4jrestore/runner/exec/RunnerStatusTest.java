package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.AttemptStatus;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreStatus;
import io.neo4jrestore.api.model.ObjectMeta;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.model.RestoreStats;
import io.neo4jrestore.runner.status.StatusDraft;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerStatusTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

  private static Neo4jRestore restore(
      long generation, String phase, Long observed, String token, String attemptToken) {
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
    StatusDraft d =
        new StatusDraft(
            new Neo4jRestoreStatus(
                null, null, null, null, null, null, null, observed, null, null, null, null, null,
                null, null, null, null));
    d.phase(phase, "m");
    d.attempt(new AttemptStatus(observed, attemptToken, "job", "pod", 0, null, null));
    return new Neo4jRestore("v", "k", meta, null, d.build());
  }

  @Test
  void a_terminal_restore_is_left_alone_only_for_its_own_generation_and_retry_token() {
    assertTrue(Runner.isDone(restore(2, Phases.COMPLETED, 2L, null, null)));
    assertTrue(Runner.isDone(restore(2, Phases.FAILED, 2L, "t1", "t1")));
    assertFalse(
        Runner.isDone(restore(3, Phases.FAILED, 2L, null, null)), "a spec change is a new attempt");
    assertFalse(
        Runner.isDone(restore(2, Phases.FAILED, 2L, "t2", "t1")),
        "a new retry token is a new attempt");
    assertFalse(Runner.isDone(restore(2, Phases.RUNNING, 2L, null, null)), "running: resume");
  }

  @Test
  void a_new_attempt_starts_from_an_empty_status_and_a_resumed_one_keeps_it() {
    Neo4jRestore resumed = restore(2, Phases.RUNNING, 2L, null, null);
    assertEquals(resumed.status(), Runner.freshAttemptIfNeeded(resumed).status());
    assertNull(Runner.freshAttemptIfNeeded(restore(3, Phases.FAILED, 2L, null, null)).status());
    assertNull(Runner.freshAttemptIfNeeded(restore(2, Phases.FAILED, 2L, "t2", "t1")).status());
  }

  @Test
  void an_attempt_in_progress_is_finished_before_a_new_generation_or_token() {
    Neo4jRestore edited = restore(3, Phases.RUNNING, 2L, null, null);
    assertEquals(
        edited.status(),
        Runner.freshAttemptIfNeeded(edited).status(),
        "the spec was edited while generation 2 ran and its runner pod was replaced");
    Neo4jRestore retried = restore(2, Phases.RUNNING, 2L, "t2", "t1");
    assertEquals(retried.status(), Runner.freshAttemptIfNeeded(retried).status());
  }

  @Test
  void conditions_keep_their_transition_time_while_their_status_holds() {
    StatusDraft d = new StatusDraft(null);
    d.condition(Conditions.READY, Conditions.FALSE, "Running", "a", 1, T0);
    d.condition(Conditions.READY, Conditions.FALSE, "Running", "b", 1, T0.plusSeconds(60));
    assertEquals("2026-01-02T03:04:05Z", d.condition(Conditions.READY).lastTransitionTime());
    assertEquals("b", d.condition(Conditions.READY).message());
    d.condition(Conditions.READY, Conditions.TRUE, "Succeeded", "c", 1, T0.plusSeconds(120));
    assertEquals("2026-01-02T03:06:05Z", d.condition(Conditions.READY).lastTransitionTime());
  }

  @Test
  void steps_stay_in_runner_order_and_keep_their_start_time() {
    StatusDraft d = new StatusDraft(null);
    d.stepRunning(Steps.RESTORE, null, T0);
    d.stepDone(Steps.RESOLVE_TARGET, Steps.SUCCEEDED, "ok", T0);
    d.stepDone(Steps.RESTORE, Steps.SUCCEEDED, "done", T0.plusSeconds(30));
    assertEquals(
        List.of(Steps.RESOLVE_TARGET, Steps.RESTORE),
        d.steps().stream().map(s -> s.name()).toList());
    assertEquals("2026-01-02T03:04:05Z", d.step(Steps.RESTORE).startTime());
    assertEquals("2026-01-02T03:04:35Z", d.step(Steps.RESTORE).completionTime());
  }

  @Test
  void stats_leave_out_what_was_not_measured() {
    ResolvedSource unknownSizes =
        new ResolvedSource(
            "s3",
            "s3://b/x",
            List.of(
                new ResolvedSource.Artifact(
                    "s3://b/x.backup", null, null, null, null, null, null, null)),
            null,
            null,
            null,
            null,
            null,
            null);
    RestoreStats s = Stats.afterRestore(null, unknownSizes, 0);
    assertNull(s.dataSize());
    assertNull(s.throughput());
    assertNull(s.restoreJobSeconds());
    assertEquals(1, s.fileCount());

    ResolvedSource known =
        new ResolvedSource(
            "s3",
            "s3://b",
            List.of(
                new ResolvedSource.Artifact(
                    "s3://b/a.backup", 3L * 1024 * 1024 * 1024, null, null, null, null, null, null),
                new ResolvedSource.Artifact(
                    "s3://b/b.backup", 1024L * 1024 * 1024, null, null, null, null, null, null)),
            null,
            null,
            null,
            null,
            null,
            null);
    RestoreStats k =
        Stats.withDuration(Stats.afterRestore(null, known, 64), Duration.ofSeconds(100));
    assertEquals("4.0GiB", k.dataSize());
    assertEquals("64.0MiB/s", k.throughput());
    assertEquals(2, k.fileCount());
    assertEquals("1m40s", k.duration());
    assertEquals(Neo4jRestoreStatus.class, new StatusDraft(null).build().getClass());
  }

  @Test
  void a_cancel_stamped_before_the_attempt_was_claimed_is_stale() {
    AttemptStatus a = new AttemptStatus(2L, null, "job", "pod", 0, "2026-01-02T03:04:05Z", null);
    assertTrue(Runner.isStale("2026-01-02T03:00:00Z", a));
    assertFalse(Runner.isStale("2026-01-02T03:05:00Z", a));
    assertFalse(Runner.isStale("yes", a), "a cancel without a readable time always cancels");
    assertFalse(Runner.isStale("2026-01-02T03:00:00Z", null));
  }
}

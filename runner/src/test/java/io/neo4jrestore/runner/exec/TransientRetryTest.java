package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.ObjectMeta;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.neo4j.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transient API and Bolt errors back off within the step's bound; every wait has a deadline. */
class TransientRetryTest {
  private static final RunnerSettings SETTINGS =
      new RunnerSettings(
          Duration.ofSeconds(2),
          Duration.ofMinutes(1),
          Duration.ofSeconds(1),
          Duration.ofMinutes(1),
          Duration.ofSeconds(30),
          Duration.ofHours(1),
          Duration.ofMinutes(1));

  private final TestClock clock = new TestClock();
  private final List<String> log = new ArrayList<>();
  private final RunContext context =
      new RunContext(
          null,
          null,
          clock,
          clock,
          SETTINGS,
          null,
          null,
          "pod",
          "job",
          new Neo4jRestore(
              "v",
              "Neo4jRestore",
              new ObjectMeta("r", null, "ns", "uid", "1", 1L, null, null, null, null, null, null),
              null,
              null));

  /** A step that fails with the given errors, in turn, then succeeds. */
  private static Step failing(List<Exception> errors) {
    return new Step() {
      @Override
      public String name() {
        return "Flaky";
      }

      @Override
      public String execute(RunContext c) throws Exception {
        if (!errors.isEmpty()) {
          throw errors.remove(0);
        }
        return "done";
      }
    };
  }

  @Test
  void transient_api_and_bolt_errors_run_the_step_again_after_a_growing_pause() throws Exception {
    List<Exception> errors =
        new ArrayList<>(
            List.of(
                new ApiException(503, "unavailable"),
                new RestoreFailure(Reasons.BRING_UP_FAILED, "Bolt: connection refused", true, null),
                new ApiException(0, "connection reset")));
    assertEquals("done", Transient.retrying(context, failing(errors), log::add));
    assertEquals(
        List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)),
        clock.sleeps());
    assertTrue(log.get(1).contains("Bolt: connection refused"), log.toString());
  }

  @Test
  void every_retried_error_counts_in_stats_error_count() throws Exception {
    List<Exception> errors =
        new ArrayList<>(
            List.of(new ApiException(503, "unavailable"), new ApiException(0, "connection reset")));
    Transient.retrying(context, failing(errors), log::add);
    assertEquals(2, context.status().errorCount());
    assertEquals(2, context.status().build().stats().errorCount());
    context.waitFor(
        "flaky check",
        Duration.ofMinutes(1),
        () -> {
          if (clock.sleeps().size() < 4) {
            throw new ApiException(502, "bad gateway");
          }
          return true;
        },
        Reasons.DEADLINE_EXCEEDED);
    assertEquals(4, context.status().errorCount(), "a wait's transient errors count too");
  }

  @Test
  void a_lasting_outage_fails_the_step_within_its_bound() {
    List<Exception> errors = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      errors.add(new ApiException(503, "unavailable"));
    }
    ApiException e =
        assertThrows(
            ApiException.class, () -> Transient.retrying(context, failing(errors), log::add));
    assertEquals(503, e.getCode());
    Duration slept = clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus);
    assertTrue(slept.compareTo(SETTINGS.databaseWait()) < 0, "slept " + slept);
    assertTrue(clock.sleeps().stream().allMatch(d -> d.compareTo(Duration.ofSeconds(15)) <= 0));
  }

  @Test
  void a_long_step_hit_by_a_transient_error_late_still_gets_its_retries() throws Exception {
    // a bring-up of a large database polls for hours; Bolt drops once near the end
    boolean[] failed = {false};
    Step longStep =
        new Step() {
          @Override
          public String name() {
            return "BringUpDatabase";
          }

          @Override
          public String execute(RunContext c) throws Exception {
            if (!failed[0]) {
              failed[0] = true;
              c.sleeper().sleep(Duration.ofHours(2));
              throw new RestoreFailure(
                  Reasons.BRING_UP_FAILED, "Bolt: connection reset", true, null);
            }
            return "online";
          }
        };
    assertEquals("online", Transient.retrying(context, longStep, log::add));
    assertEquals(List.of(Duration.ofHours(2), Duration.ofSeconds(1)), clock.sleeps());
  }

  @Test
  void refusals_and_step_failures_are_not_retried() {
    RestoreFailure refused = new RestoreFailure(Reasons.DATABASE_EXISTS, "exists");
    assertSame(
        refused,
        assertThrows(
            RestoreFailure.class,
            () ->
                Transient.retrying(context, failing(new ArrayList<>(List.of(refused))), log::add)));
    ApiException forbidden = new ApiException(403, "forbidden");
    assertSame(
        forbidden,
        assertThrows(
            ApiException.class,
            () ->
                Transient.retrying(
                    context, failing(new ArrayList<>(List.of(forbidden))), log::add)));
    assertTrue(clock.sleeps().isEmpty());
  }

  @Test
  void a_wait_treats_transient_errors_as_not_yet_and_ends_at_its_deadline() throws Exception {
    int[] calls = {0};
    context.waitFor(
        "something",
        Duration.ofSeconds(10),
        () -> {
          if (++calls[0] < 3) {
            throw new ApiException(500, "etcd leader changed");
          }
          return true;
        },
        Reasons.DEADLINE_EXCEEDED);
    assertEquals(3, calls[0]);
    RestoreFailure timeout =
        assertThrows(
            RestoreFailure.class,
            () ->
                context.waitFor(
                    "the pods to go",
                    Duration.ofSeconds(10),
                    () -> {
                      throw new ApiException(503, "unavailable");
                    },
                    Reasons.DEADLINE_EXCEEDED));
    assertEquals(Reasons.DEADLINE_EXCEEDED, timeout.reason());
    assertTrue(timeout.getMessage().contains("the pods to go"), timeout.getMessage());
    assertTrue(timeout.getMessage().contains("HTTP 503"), timeout.getMessage());
  }
}

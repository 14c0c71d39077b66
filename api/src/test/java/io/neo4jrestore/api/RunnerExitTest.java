package io.neo4jrestore.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunnerExitTest {
  @Test
  void the_runner_jobs_pod_failure_policy_stops_exactly_the_exit_codes_retrying_cannot_fix() {
    assertEquals(
        List.of(RunnerExit.FAILED.code(), RunnerExit.USAGE.code(), RunnerExit.INVALID_SPEC.code()),
        RunnerJobs.NON_RETRYABLE_EXIT_CODES);
  }

  @Test
  void exit_codes_are_distinct_and_numbered_from_zero_in_order() {
    assertEquals(
        List.of(0, 1, 2, 3, 4, 5),
        Arrays.stream(RunnerExit.values()).map(RunnerExit::code).toList());
  }
}

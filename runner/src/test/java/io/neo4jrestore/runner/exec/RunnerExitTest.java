package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neo4jrestore.api.RunnerJobs;
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
  void exit_codes_are_distinct() {
    assertEquals(
        RunnerExit.values().length,
        java.util.Arrays.stream(RunnerExit.values()).map(RunnerExit::code).distinct().count());
  }
}

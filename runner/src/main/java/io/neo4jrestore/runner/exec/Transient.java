package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.runner.common.RestoreFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/** Transient errors (API server or Bolt unavailable) and how a step survives them. */
final class Transient {
  private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(15);

  private Transient() {}

  /** API server unreachable, overloaded or failing (0, 429, 5xx); Bolt unavailable. */
  static boolean is(Exception e) {
    if (e instanceof ApiException a) {
      return a.getCode() == 0 || a.getCode() == 429 || a.getCode() >= 500;
    }
    return e instanceof RestoreFailure f && f.retryable();
  }

  /**
   * Runs a step; a transient failure runs it again after a growing pause (1, 2, 4, 8, 15, 15... s),
   * within the retry window ({@link RunnerSettings#databaseWait()}) counted from the first failure,
   * so a step that legitimately ran for long (a large database's bring-up) still gets its retries:
   * steps are idempotent, which resuming needs anyway. Anything else, or the window passed, fails
   * the step.
   */
  static String retrying(RunContext c, Step step, Consumer<String> log) throws Exception {
    Instant until = null;
    Duration pause = FIRST_PAUSE;
    while (true) {
      try {
        return step.execute(c);
      } catch (RestoreFailure | ApiException e) {
        if (until == null) {
          until = c.now().plus(c.settings().databaseWait());
        }
        if (!is(e) || !c.now().plus(pause).isBefore(until)) {
          throw e;
        }
        c.status().countError();
        log.accept(
            step.name()
                + ": "
                + describe(e)
                + "; trying the step again in "
                + pause.toSeconds()
                + "s");
        c.sleeper().sleep(pause);
        pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
      }
    }
  }

  /** A transient error in words, for logs and deadline messages. */
  static String describe(Exception e) {
    if (e instanceof ApiException a) {
      return "API server: "
          + (a.getCode() == 0 ? String.valueOf(a.getCause()) : "HTTP " + a.getCode());
    }
    return e.getMessage();
  }
}

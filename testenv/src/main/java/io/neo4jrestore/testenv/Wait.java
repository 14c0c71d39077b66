package io.neo4jrestore.testenv;

import java.time.Duration;
import java.time.Instant;

/** Polling with a deadline, for tests: every wait names what it waits for. */
public final class Wait {
  private Wait() {}

  /** A condition that may throw; exceptions count as "not yet" until the deadline. */
  @FunctionalInterface
  public interface Check {
    boolean test() throws Exception;
  }

  public static void until(String what, Duration timeout, Check check) {
    Instant deadline = Instant.now().plus(timeout);
    Exception last = null;
    while (true) {
      try {
        if (check.test()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      if (Instant.now().isAfter(deadline)) {
        AssertionError error =
            new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what);
        if (last != null) {
          error.initCause(last);
        }
        throw error;
      }
      ControlPlane.sleep(100);
    }
  }
}

package io.neo4jrestore.runner.exec;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a wait has seen the same obstacle (a pod that cannot be scheduled or cannot start):
 * reset when the obstacle is gone, outlasted once it held longer than the grace ({@link
 * RunnerSettings#unschedulable}). One per wait; the wait's check calls it each time it looks.
 */
final class StuckFor {
  private Instant since;

  /** Whether the wait is stuck now and has been since longer than {@code grace} before now. */
  boolean outlasted(boolean stuck, Instant now, Duration grace) {
    if (!stuck) {
      since = null;
      return false;
    }
    if (since == null) {
      since = now;
      return false;
    }
    return Duration.between(since, now).compareTo(grace) > 0;
  }
}

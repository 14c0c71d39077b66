package io.neo4jrestore.runner.lock;

import java.time.Duration;

/**
 * Bounds of the per-target lock.
 *
 * @param leaseDuration how long a holder's renewals may stop before its Lease counts as abandoned
 *     (measured on the waiting runner's own clock); the holder renews every third of it
 * @param maxWait how long a second restore waits for the lock before failing with {@code
 *     LockTimeout}
 * @param poll interval between looks at a Lease held by someone else
 */
public record LockSettings(Duration leaseDuration, Duration maxWait, Duration poll) {
  public static LockSettings defaults() {
    return new LockSettings(Duration.ofSeconds(60), Duration.ofMinutes(30), Duration.ofSeconds(5));
  }

  public Duration renewEvery() {
    return leaseDuration.dividedBy(3);
  }
}

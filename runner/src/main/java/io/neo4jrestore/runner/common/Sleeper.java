package io.neo4jrestore.runner.common;

import java.time.Duration;

/** Waiting between polls, injectable so that tests of waiting code do not sleep. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  /**
   * Waits in {@code pause} (until something watched changed, at most {@code max}): how the runner's
   * waits pass time, so that tests see a watch-driven wait as they see a sleep.
   */
  default void await(Pause pause, Duration max) throws InterruptedException {
    pause.await(max);
  }

  Sleeper REAL = d -> Thread.sleep(d.toMillis());

  /** What a wait does between two checks (sleep, or wait for a change), at most {@code max}. */
  @FunctionalInterface
  interface Pause {
    void await(Duration max) throws InterruptedException;
  }
}

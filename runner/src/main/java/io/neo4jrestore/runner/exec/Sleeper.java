package io.neo4jrestore.runner.exec;

import java.time.Duration;

/** Waiting between polls, injectable so that tests of waiting code do not sleep. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  Sleeper REAL = d -> Thread.sleep(d.toMillis());
}

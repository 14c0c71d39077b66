package io.neo4jrestore.runner.neo4j;

import io.neo4jrestore.runner.common.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when the code under test sleeps; records every sleep. */
public final class TestClock extends Clock implements Sleeper {
  public static final Instant START = Instant.parse("2025-06-01T12:00:00Z");

  private Instant now = START;
  private final List<Duration> sleeps = new ArrayList<>();

  @Override
  public void sleep(Duration duration) {
    if (duration.isNegative()) {
      throw new AssertionError("negative sleep " + duration);
    }
    sleeps.add(duration);
    now = now.plus(duration);
  }

  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}

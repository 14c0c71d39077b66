package io.neo4jrestore.plugin.logs;

import java.time.Duration;
import java.time.Instant;

/**
 * One pods/log request. Timestamps are always asked for: lines are merged and de-duplicated by
 * them.
 *
 * @param follow keep the response open for new lines until the container ends
 * @param sinceTime only lines written at or after this time (the API takes whole seconds)
 * @param since only lines of this recent period (ignored when {@code sinceTime} is set)
 * @param tailLines only the last lines (null: all)
 */
public record LogRequest(boolean follow, Instant sinceTime, Duration since, Integer tailLines) {
  public static LogRequest all() {
    return new LogRequest(false, null, null, null);
  }

  /** The same window, following. */
  public LogRequest following() {
    return new LogRequest(true, sinceTime, since, null);
  }

  /** Follows from a time: after a dropped stream, or for the lines after the first read. */
  public static LogRequest followFrom(Instant time) {
    return new LogRequest(true, time, null, null);
  }

  /** Reads (not following) from a time: the last lines of a container that just ended. */
  public static LogRequest readFrom(Instant time) {
    return new LogRequest(false, time, null, null);
  }
}

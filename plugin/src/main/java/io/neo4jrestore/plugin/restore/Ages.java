package io.neo4jrestore.plugin.restore;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Human durations the way kubectl prints them ({@code 45s}, {@code 3m12s}, {@code 5h}, {@code
 * 12d}).
 */
public final class Ages {
  private Ages() {}

  /** kubectl's HumanDuration. */
  public static String human(Duration d) {
    long seconds = Math.max(0, d.getSeconds());
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    long days = hours / 24;
    if (days < 8) {
      long h = hours % 24;
      return h == 0 ? days + "d" : days + "d" + h + "h";
    }
    if (days < 365 * 2) {
      return days + "d";
    }
    return (days / 365) + "y";
  }

  /**
   * A precise short elapsed time for steps: {@code 0.4s}, {@code 12s}, {@code 3m05s}, {@code
   * 1h02m}.
   */
  public static String elapsed(Duration d) {
    long millis = Math.max(0, d.toMillis());
    if (millis < 10_000 && millis % 1000 != 0) {
      return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = millis / 1000;
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(java.util.Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(java.util.Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
  }

  /** Parses an RFC 3339 timestamp; null when absent or unparsable. */
  public static Instant instant(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code human(now - ts)}, or {@code <unknown>}. */
  public static String since(String rfc3339, Instant now) {
    Instant t = instant(rfc3339);
    return t == null ? "<unknown>" : human(Duration.between(t, now));
  }

  /** Elapsed time between two timestamps (end null: until now); null when start is absent. */
  public static Duration between(String start, String end, Instant now) {
    Instant s = instant(start);
    if (s == null) {
      return null;
    }
    Instant e = instant(end);
    return Duration.between(s, e == null ? now : e);
  }
}

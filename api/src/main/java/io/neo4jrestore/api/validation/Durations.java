package io.neo4jrestore.api.validation;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the resource writes them: Go's {@code time.ParseDuration} units plus {@code d} (24
 * hours), because the reference uses {@code 7d}. CEL's {@code duration()} rejects {@code d}, so the
 * CRD checks the same {@link #PATTERN} with a regular expression.
 */
public final class Durations {
  /** The same expression the CRD's rules use (RE2 and java.util.regex agree on it). */
  public static final String PATTERN = "^([0-9]+([.][0-9]+)?(ns|us|ms|s|m|h|d))+$";

  private static final Pattern WHOLE = Pattern.compile(PATTERN);
  private static final Pattern PART = Pattern.compile("([0-9]+(?:[.][0-9]+)?)(ns|us|ms|s|m|h|d)");

  private Durations() {}

  public static boolean isValid(String text) {
    return text != null && WHOLE.matcher(text).matches();
  }

  /** Parses {@code 1h30m}, {@code 7d}, {@code 1.5h}; throws IllegalArgumentException otherwise. */
  public static Duration parse(String text) {
    if (!isValid(text)) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a duration such as 30m, 2h or 7d");
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      BigDecimal amount = new BigDecimal(m.group(1));
      nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
    }
    try {
      return Duration.ofNanos(nanos.longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("\"" + text + "\" is too long a duration", e);
    }
  }

  /**
   * Formats like Go's {@code time.Duration.String()} rounded to seconds: {@code 1h2m3s}, {@code
   * 0s}.
   */
  public static String format(Duration duration) {
    long seconds = Math.max(0, duration.getSeconds());
    long h = seconds / 3600;
    long m = (seconds % 3600) / 60;
    long s = seconds % 60;
    StringBuilder out = new StringBuilder();
    if (h > 0) {
      out.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      out.append(m).append('m');
    }
    out.append(s).append('s');
    return out.toString();
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60L * 1_000_000_000L;
      case "h" -> 3_600L * 1_000_000_000L;
      case "d" -> 86_400L * 1_000_000_000L;
      default -> throw new IllegalArgumentException("unknown unit " + unit);
    };
  }
}

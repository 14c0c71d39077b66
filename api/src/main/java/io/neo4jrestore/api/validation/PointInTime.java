package io.neo4jrestore.api.validation;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * {@code source.pointInTime}: RFC 3339 with an explicit offset in, {@code neo4j-admin}'s {@code
 * --restore-until} format ({@code yyyy-MM-dd HH:mm:ss}, UTC) out.
 */
public final class PointInTime {
  /**
   * The CRD's {@code pattern} for {@code pointInTime}: RFC 3339 with an explicit offset, upper-case
   * {@code T} and {@code Z} (the API server's CEL cannot read lower-case ones), at most 9 fraction
   * digits and offsets up to 18:00 (what both Go and {@code java.time} read).
   */
  public static final String PATTERN =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-]((0[0-9]|1[0-7]):[0-5][0-9]|18:00))$";

  private static final Pattern SHAPE = Pattern.compile(PATTERN);
  private static final DateTimeFormatter RESTORE_UNTIL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private PointInTime() {}

  /** True when the text has the RFC 3339 shape with an offset. */
  public static boolean hasRfc3339Shape(String text) {
    return text != null && SHAPE.matcher(text).matches();
  }

  /** Parses an RFC 3339 time with offset; throws IllegalArgumentException with a clear message. */
  public static OffsetDateTime parse(String text) {
    if (!hasRfc3339Shape(text)) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not an RFC 3339 time with an offset, e.g. 2025-01-04T12:30:00Z");
    }
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a valid date and time", e);
    }
  }

  /**
   * The {@code --restore-until} value for a point in time: UTC, whole seconds. neo4j-admin's time
   * criterion has second precision; fractions are dropped (the restore stops at or before the
   * requested instant, never after it).
   */
  public static String toRestoreUntil(String rfc3339) {
    return parse(rfc3339).withOffsetSameInstant(ZoneOffset.UTC).format(RESTORE_UNTIL);
  }
}

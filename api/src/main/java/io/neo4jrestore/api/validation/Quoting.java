package io.neo4jrestore.api.validation;

/**
 * User text shown in a message, log line or status: in double quotes, with control characters,
 * quotes and backslashes escaped, so a value cannot forge a log line or hide part of itself.
 */
public final class Quoting {
  private Quoting() {}

  /** {@code s} in double quotes; control and format characters escaped as in Java source. */
  public static String quoted(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}

package io.neo4jrestore.api.validation;

import java.util.Locale;
import java.util.regex.Pattern;

/** Neo4j's rules for database names (COMPAT.md), identical to the CRD's rules. */
public final class DatabaseNames {
  public static final String PATTERN = "^[A-Za-z][A-Za-z0-9.-]{1,61}[A-Za-z0-9]$";
  private static final Pattern SHAPE = Pattern.compile(PATTERN);

  private DatabaseNames() {}

  public static boolean hasValidShape(String name) {
    return name != null && SHAPE.matcher(name).matches();
  }

  /** Names starting with {@code system} (any case) are reserved by Neo4j. */
  public static boolean isReserved(String name) {
    return name != null && name.toLowerCase(Locale.ROOT).startsWith("system");
  }

  /** Neo4j compares database names case-insensitively. */
  public static boolean sameDatabase(String a, String b) {
    return a != null && b != null && a.equalsIgnoreCase(b);
  }
}

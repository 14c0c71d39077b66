package io.neo4jrestore.runner.hook;

import java.util.regex.Pattern;

/**
 * Which database a hook statement runs against. Hook statements run against the restored database,
 * except the administration commands Neo4j accepts only on {@code system}:
 *
 * <ul>
 *   <li>{@code CREATE | DROP | ALTER | RENAME | START | STOP [OR REPLACE] [COMPOSITE] DATABASE |
 *       USER | ROLE | ALIAS | SERVER ...} and {@code ALTER CURRENT USER};
 *   <li>{@code GRANT}, {@code DENY}, {@code REVOKE};
 *   <li>{@code ENABLE SERVER}, {@code DEALLOCATE}, {@code REALLOCATE}, {@code DRYRUN};
 *   <li>{@code SHOW} of databases, users, roles, privileges, aliases and servers (not of indexes,
 *       constraints, procedures, functions, transactions or settings, which are per database);
 *   <li>a statement that begins with {@code USE system}.
 * </ul>
 *
 * Leading whitespace and comments are ignored; keywords are case-insensitive. The statement itself
 * is sent unchanged.
 */
public final class HookDatabase {
  public static final String SYSTEM = "system";

  private static final Pattern ADMINISTRATION =
      Pattern.compile(
          "^(?:"
              + "(?:CREATE|DROP|ALTER|RENAME|START|STOP)\\s+(?:OR\\s+REPLACE\\s+)?(?:COMPOSITE\\s+)?"
              + "(?:DATABASE|USER|ROLE|ALIAS|SERVER)\\b"
              + "|ALTER\\s+CURRENT\\s+USER\\b"
              + "|(?:GRANT|DENY|REVOKE)\\b"
              + "|ENABLE\\s+SERVER\\b"
              + "|(?:DEALLOCATE|REALLOCATE|DRYRUN)\\b"
              + "|SHOW\\s+(?:ALL\\s+|POPULATED\\s+|CURRENT\\s+|DEFAULT\\s+|HOME\\s+)?"
              + "(?:DATABASES?|USERS?|ROLES?|PRIVILEGES?|ALIAS(?:ES)?|SERVERS?|ROLE\\s|USER\\s)"
              + "|USE\\s+`?system`?(?:\\s|$)"
              + ")",
          Pattern.CASE_INSENSITIVE);

  private HookDatabase() {}

  /** {@code system} for an administration command, else {@code restoredDatabase}. */
  public static String databaseFor(String statement, String restoredDatabase) {
    return isAdministration(statement) ? SYSTEM : restoredDatabase;
  }

  static boolean isAdministration(String statement) {
    return ADMINISTRATION.matcher(withoutLeadingComments(statement)).find();
  }

  /**
   * The statement from its first keyword on: leading whitespace, {@code //} and block comments go.
   */
  static String withoutLeadingComments(String statement) {
    String s = statement == null ? "" : statement;
    int i = 0;
    while (i < s.length()) {
      if (Character.isWhitespace(s.charAt(i))) {
        i++;
      } else if (s.startsWith("//", i)) {
        int end = s.indexOf('\n', i);
        i = end < 0 ? s.length() : end + 1;
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? s.length() : end + 2;
      } else {
        break;
      }
    }
    return s.substring(i);
  }
}

package io.neo4jrestore.runner.job;

import io.neo4jrestore.api.validation.RestoreValidator;
import io.neo4jrestore.api.validation.Violation;
import io.neo4jrestore.runner.neo4j.Neo4jVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which {@code spec.options.additionalArgs} a restore may pass to {@code neo4j-admin database
 * restore}, checked against the target's Neo4j version before anything changes. An allow-list: a
 * flag not listed here is refused, so a typo or a flag of another command fails the restore up
 * front instead of after the cluster was stopped.
 *
 * <p>The flags of {@code neo4j-admin database restore}, from the Neo4j Operations Manual (5.26 and
 * 2025.x/2026.x pages), and what this policy does with each:
 *
 * <table>
 *   <caption>neo4j-admin database restore flags</caption>
 *   <tr><th>flag</th><th>Neo4j</th><th>here</th></tr>
 *   <tr><td>{@code --verbose}</td><td>5.x, 2025+</td><td>allowed (no value)</td></tr>
 *   <tr><td>{@code --to-path-data=<dir>}</td><td>5.x, 2025+</td>
 *       <td>allowed for a directory under {@code /data} (the mounted data volume)</td></tr>
 *   <tr><td>{@code --to-path-txn=<dir>}</td><td>5.x, 2025+</td>
 *       <td>allowed for a directory under {@code /data}</td></tr>
 *   <tr><td>{@code --from-path}, {@code --overwrite-destination}, {@code --restore-until}</td>
 *       <td>5.x, 2025+</td><td>refused: the runner sets them from the spec</td></tr>
 *   <tr><td>{@code --temp-path}</td><td>5.24+</td><td>refused: the runner sets it</td></tr>
 *   <tr><td>{@code --source-database}</td><td>2025.02+</td><td>refused: the runner sets it</td></tr>
 *   <tr><td>{@code --expand-commands}, {@code --additional-config}</td><td>5.x, 2025+</td>
 *       <td>refused: they allow command execution</td></tr>
 *   <tr><td>{@code -h}, {@code --help}</td><td>all</td>
 *       <td>refused: prints help and exits 0 without restoring</td></tr>
 * </table>
 *
 * <p>Each argument must be one flag in {@code --name} or {@code --name=value} form (the value in
 * the same argument), without control characters, at most once. {@code --check-consistency}, which
 * the API reference's own example uses, is not a restore flag in any version; its refusal says so
 * and points at {@code neo4j-admin database check}.
 */
public final class AdditionalArgsPolicy {
  /** The JSON path problems are reported under. */
  public static final String FIELD = "spec.options.additionalArgs";

  /** A flag the user may pass, and whether it takes a value. */
  private record Allowed(String name, boolean takesValue) {}

  private static final List<Allowed> ALLOWED =
      List.of(
          new Allowed("--verbose", false),
          new Allowed("--to-path-data", true),
          new Allowed("--to-path-txn", true));

  /** Flags from other commands or Neo4j 4.x that people carry over, with what to do instead. */
  private static final Map<String, String> HINTS = new LinkedHashMap<>();

  static {
    HINTS.put(
        "--check-consistency",
        "is not an option of neo4j-admin database restore in any Neo4j version; restore never"
            + " checks consistency. Remove it. To check a backup, run neo4j-admin database check"
            + " --from-path=<backup folder> <database> against it (a separate command)");
    HINTS.put(
        "--force",
        "is not an option of neo4j-admin database restore (it was Neo4j 4.x's); remove it and set"
            + " spec.force, which makes the runner pass --overwrite-destination=true");
    HINTS.put(
        "--database",
        "is not an option of neo4j-admin database restore; remove it, the database is"
            + " spec.databaseName");
    HINTS.put(
        "--from",
        "is not an option of neo4j-admin database restore; remove it, the backup is spec.source");
  }

  private AdditionalArgsPolicy() {}

  /** The flags a user may pass on {@code version}, in {@code --name} form. */
  public static List<String> allowedFlags(Neo4jVersion version) {
    // the same three from 5.26 through 2026.x; the version is a parameter so a flag added in a
    // later release can be allowed from that release on
    return ALLOWED.stream().map(Allowed::name).toList();
  }

  /**
   * Every problem with {@code additionalArgs} on {@code version}, each naming the argument and what
   * to do; empty when all are fine (null or empty {@code additionalArgs} is fine).
   */
  public static List<Violation> check(List<String> additionalArgs, Neo4jVersion version) {
    List<Violation> problems = new ArrayList<>();
    if (additionalArgs == null) {
      return problems;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < additionalArgs.size(); i++) {
      String arg = additionalArgs.get(i);
      String message = problem(arg, version, seen);
      if (message != null) {
        problems.add(new Violation(FIELD + "[" + i + "]", message));
      }
    }
    return List.copyOf(problems);
  }

  private static String problem(String arg, Neo4jVersion version, Set<String> seen) {
    if (arg == null || arg.isEmpty()) {
      return "an empty argument; remove it";
    }
    String shown = quote(arg);
    if (hasControlCharacter(arg)) {
      return shown + " contains a control character (newline, tab...); remove it";
    }
    if (arg.equals("-h") || arg.equals("--help") || arg.startsWith("--help=")) {
      return shown + " makes neo4j-admin print its help and exit without restoring; remove it";
    }
    if (!arg.startsWith("-")) {
      return shown
          + " is not a flag; additionalArgs holds only --name or --name=value flags (the database"
          + " to restore is spec.databaseName)";
    }
    if (!arg.startsWith("--")) {
      return shown + " is not a flag neo4j-admin database restore accepts; " + allowedList(version);
    }
    int eq = arg.indexOf('=');
    String name = eq < 0 ? arg : arg.substring(0, eq);
    String value = eq < 0 ? null : arg.substring(eq + 1);
    if (RestoreValidator.FORBIDDEN_FLAGS.contains(name)) {
      return shown + " allows command execution and is never passed; remove it";
    }
    if (RestoreValidator.RUNNER_OWNED_FLAGS.contains(name)) {
      return shown + " is set by the runner; remove it and " + ownedBy(name);
    }
    if (HINTS.containsKey(name)) {
      return shown + " " + HINTS.get(name);
    }
    Allowed allowed =
        ALLOWED.stream()
            .filter(a -> a.name().equals(name) && allowedFlags(version).contains(a.name()))
            .findFirst()
            .orElse(null);
    if (allowed == null) {
      return shown
          + " is not a flag neo4j-admin database restore accepts on Neo4j "
          + version
          + "; "
          + allowedList(version);
    }
    if (!seen.add(name)) {
      return shown + " repeats " + name + "; give it once";
    }
    if (!allowed.takesValue() && value != null) {
      return shown + " takes no value; write " + name;
    }
    if (allowed.takesValue()) {
      if (value == null || value.isEmpty()) {
        return shown + " needs its value in the same argument: " + name + "=/data/<dir>";
      }
      if (!underData(value)) {
        return shown
            + " must name a directory under /data (the target's data volume); anywhere else the"
            + " restored files would be lost with the Job's container";
      }
    }
    return null;
  }

  private static String allowedList(Neo4jVersion version) {
    return "allowed: " + String.join(", ", allowedFlags(version));
  }

  private static String ownedBy(String flag) {
    return switch (flag) {
      case "--from-path" -> "set spec.source (the runner passes the pinned artifacts)";
      case "--overwrite-destination" ->
          "set spec.force or spec.options.replaceExisting to allow replacing an existing database";
      case "--restore-until" -> "set spec.source.pointInTime (RFC 3339; converted to UTC)";
      case "--temp-path" -> "rely on the Job's empty scratch volume";
      case "--source-database" -> "set spec.source (the runner picks the database in the backup)";
      default -> "let the runner set it from the spec";
    };
  }

  private static boolean underData(String value) {
    if (!value.startsWith("/") || value.indexOf(',') >= 0) {
      return false;
    }
    try {
      Path p = Path.of(value).normalize();
      return p.startsWith(JobPods.DATA_MOUNT_PATH);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean hasControlCharacter(String s) {
    return s.chars().anyMatch(c -> Character.isISOControl(c));
  }

  /** The argument in double quotes with control characters escaped, so a message shows it all. */
  static String quote(String s) {
    return io.neo4jrestore.api.validation.Quoting.quoted(s);
  }
}

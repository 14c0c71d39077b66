package io.neo4jrestore.runner.job;

import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.validation.DatabaseNames;
import io.neo4jrestore.api.validation.PointInTime;
import io.neo4jrestore.api.validation.Violation;
import io.neo4jrestore.runner.neo4j.Neo4jVersion;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The exec-form argument list of {@code neo4j-admin database restore}: {@code ["neo4j-admin",
 * "database", "restore", ...]}, each value exactly one argument, never a shell string.
 *
 * <p>Shape, in this order:
 *
 * <ol>
 *   <li>{@code --from-path=<...>} and, in the folder form, {@code --source-database=<name>} (see
 *       {@link FromPathForm} for when each form is used);
 *   <li>{@code --overwrite-destination=true} only when the database exists and replacing it is
 *       allowed ({@code force} or {@code replaceExisting}). When it does not exist the flag is left
 *       out, so a database created by someone else between planning and restoring makes the restore
 *       fail instead of being silently replaced;
 *   <li>{@code --restore-until=<value>}: the pinned {@link ResolvedSource#restoreUntil()}, a UTC
 *       {@code yyyy-MM-dd HH:mm:ss} (one argument, space included, no quotes) or a transaction id;
 *   <li>{@code --temp-path=}{@link #TEMP_PATH}: an {@code emptyDir}. Without it neo4j-admin puts
 *       temporary files next to the source, which fails on the read-only backup mount and, for
 *       cloud sources, fills the working directory;
 *   <li>the positional database (chain-end form only), before the user's flags so that a value-less
 *       flag at the end cannot swallow it;
 *   <li>the user's {@code additionalArgs}, unchanged, after {@link AdditionalArgsPolicy} accepted
 *       them.
 * </ol>
 *
 * <p>{@code --to-path-data}/{@code --to-path-txn} are not set: the official image links {@code
 * $NEO4J_HOME/data} to {@code /data}, so the defaults already write {@code /data/databases/<db>}
 * and {@code /data/transactions/<db>} on the mounted data volume. No {@code --additional-config}
 * file is generated: the restore needs no setting beyond the image's defaults (cloud credentials
 * come from the environment).
 */
public final class RestoreArguments {
  public static final List<String> COMMAND = List.of("neo4j-admin", "database", "restore");

  /** The restore Job's empty scratch directory ({@code emptyDir}). */
  public static final String TEMP_PATH = "/restore-temp";

  private static final Pattern TRANSACTION_ID = Pattern.compile("^[0-9]+$");
  private static final Pattern RESTORE_UNTIL_TIME =
      Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$");
  private static final DateTimeFormatter RESTORE_UNTIL_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT)
          .withResolverStyle(java.time.format.ResolverStyle.STRICT);

  private RestoreArguments() {}

  /**
   * How {@code --from-path} names the backup.
   *
   * <ul>
   *   <li>{@link #CHAIN_END}: {@code --from-path=<last artifact of the pinned chain>} plus the
   *       positional database. Used whenever artifacts are pinned, on every version: it restores
   *       exactly what was pinned, and it is the only form that may restore under another name.
   *       neo4j-admin finds the rest of the chain in the same folder as the artifact named (its
   *       documented behaviour for a differential artifact), so the pinned artifacts must share one
   *       folder. A comma-separated list is never passed: the manual documents a list as the way to
   *       restore several databases at once, and allows the positional name only with a single
   *       artifact.
   *   <li>{@link #FOLDER} (2025.02+ only): {@code --from-path=<folder>} plus {@code
   *       --source-database=<name>} and no positional database, so the restored name is the source
   *       name. Used only when no artifacts were pinned; neo4j-admin then picks the newest chain in
   *       the folder at restore time. 5.26 needs exact files: list them first with {@link
   *       BackupInspect}.
   * </ul>
   */
  public enum FromPathForm {
    CHAIN_END,
    FOLDER
  }

  /**
   * What the argument list is built from.
   *
   * @param version the target's Neo4j version
   * @param databaseName {@code spec.databaseName}: the name to restore as
   * @param source the pinned source (artifacts in chain order, location, restoreUntil)
   * @param databaseExists whether the database existed when the plan was made
   * @param mayReplaceExisting {@code spec.force} or {@code options.replaceExisting}
   * @param additionalArgs {@code options.additionalArgs}, or null
   */
  public record Request(
      Neo4jVersion version,
      String databaseName,
      ResolvedSource source,
      boolean databaseExists,
      boolean mayReplaceExisting,
      List<String> additionalArgs) {

    public Request {
      // not List.copyOf: a null entry must reach AdditionalArgsPolicy and be reported there
      additionalArgs =
          additionalArgs == null
              ? List.of()
              : Collections.unmodifiableList(new ArrayList<>(additionalArgs));
    }
  }

  /** True from 2025.02: {@code --from-path} may name a folder, {@code --source-database} exists. */
  public static boolean supportsFolderSource(Neo4jVersion version) {
    return version.isCalVer() && version.atLeast(2025, 2);
  }

  /**
   * The form used for {@code source} on {@code version}; throws IllegalArgumentException when there
   * is none (5.26 without pinned artifacts).
   */
  public static FromPathForm formFor(Neo4jVersion version, ResolvedSource source) {
    if (source.artifacts() != null && !source.artifacts().isEmpty()) {
      return FromPathForm.CHAIN_END;
    }
    if (supportsFolderSource(version)) {
      return FromPathForm.FOLDER;
    }
    throw new IllegalArgumentException(
        "Neo4j "
            + version
            + " restores only from exact backup files, and none are pinned for "
            + describe(source.location())
            + "; list the artifacts with neo4j-admin backup inspect (the inspect Job) first");
  }

  /**
   * The full command, {@link #COMMAND} first. Throws IllegalArgumentException, saying what to
   * change, when the request cannot be expressed safely (refused additionalArgs, a database that
   * exists but may not be replaced, a folder restore under another name, a chain spread over
   * folders, a value neo4j-admin would split or read as an option).
   */
  public static List<String> build(Request request) {
    Neo4jVersion version = request.version();
    ResolvedSource source = request.source();
    String database = request.databaseName();
    JobIdentity.requireText(database, "databaseName");
    refuseOptionLike(database, "databaseName");
    List<Violation> refused = AdditionalArgsPolicy.check(request.additionalArgs(), version);
    if (!refused.isEmpty()) {
      throw new IllegalArgumentException(
          refused.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    }
    if (request.databaseExists() && !request.mayReplaceExisting()) {
      throw new IllegalArgumentException(
          "database \""
              + database
              + "\" exists; set spec.force or spec.options.replaceExisting to replace it, or"
              + " restore under another databaseName");
    }

    List<String> args = new ArrayList<>(COMMAND);
    FromPathForm form = formFor(version, source);
    if (form == FromPathForm.CHAIN_END) {
      args.add("--from-path=" + chainEnd(source));
    } else {
      String folder = source.location();
      JobIdentity.requireText(folder, "the source location");
      refuseSplittable(folder, "source location");
      String sourceDatabase = source.sourceDatabase() != null ? source.sourceDatabase() : database;
      if (!DatabaseNames.sameDatabase(sourceDatabase, database)) {
        throw new IllegalArgumentException(
            "restoring \""
                + sourceDatabase
                + "\" from the folder "
                + folder
                + " keeps its name, but databaseName is \""
                + database
                + "\"; pin the artifacts (neo4j-admin backup inspect) to restore under another"
                + " name");
      }
      args.add("--from-path=" + folder);
      args.add("--source-database=" + sourceDatabase);
    }
    if (request.databaseExists()) {
      args.add("--overwrite-destination=true");
    }
    if (source.restoreUntil() != null) {
      args.add("--restore-until=" + checkRestoreUntil(source.restoreUntil()));
    }
    args.add("--temp-path=" + TEMP_PATH);
    if (form == FromPathForm.CHAIN_END) {
      args.add(database);
    }
    args.addAll(request.additionalArgs());
    return List.copyOf(args);
  }

  /**
   * The {@code --restore-until} value for an RFC 3339 {@code pointInTime}: converted to UTC, whole
   * seconds (fractions dropped, so the restore never goes past the requested instant). Throws
   * IllegalArgumentException for anything else.
   */
  public static String restoreUntil(String pointInTime) {
    return PointInTime.toRestoreUntil(pointInTime);
  }

  /**
   * Accepts what neo4j-admin takes as {@code --restore-until}: a transaction id or a valid UTC
   * {@code yyyy-MM-dd HH:mm:ss}; throws IllegalArgumentException otherwise.
   */
  static String checkRestoreUntil(String value) {
    if (TRANSACTION_ID.matcher(value).matches()) {
      return value;
    }
    if (RESTORE_UNTIL_TIME.matcher(value).matches()) {
      try {
        LocalDateTime.parse(value, RESTORE_UNTIL_FORMAT);
        return value;
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "restoreUntil \"" + value + "\" is not a valid date and time", e);
      }
    }
    throw new IllegalArgumentException(
        "restoreUntil \""
            + value
            + "\" is neither a transaction id nor a UTC time yyyy-MM-dd HH:mm:ss");
  }

  /** The artifact that ends the pinned chain, checked to share one folder with the others. */
  private static String chainEnd(ResolvedSource source) {
    List<String> paths = new ArrayList<>();
    for (ResolvedSource.Artifact a : source.artifacts()) {
      if (a == null || a.path() == null || a.path().isBlank()) {
        throw new IllegalArgumentException("a pinned artifact has no path");
      }
      String path = resolve(a.path(), source.location());
      refuseSplittable(path, "artifact path");
      paths.add(path);
    }
    String folder = parent(paths.get(paths.size() - 1));
    for (String p : paths) {
      if (!parent(p).equals(folder)) {
        throw new IllegalArgumentException(
            "the pinned backup chain spans "
                + folder
                + " and "
                + parent(p)
                + "; neo4j-admin finds a chain's earlier artifacts next to its last one, so the"
                + " artifacts must be in one folder");
      }
    }
    return paths.get(paths.size() - 1);
  }

  /** A bare file name is taken relative to the source location; paths and URIs stay as they are. */
  private static String resolve(String path, String location) {
    if (path.startsWith("/") || path.contains("://") || location == null || location.isBlank()) {
      return path;
    }
    return location.endsWith("/") ? location + path : location + "/" + path;
  }

  private static String parent(String path) {
    String p = path;
    while (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    int slash = p.lastIndexOf('/');
    return slash < 0 ? "" : p.substring(0, slash);
  }

  /** neo4j-admin splits {@code --from-path} on commas: a comma would make two sources of one. */
  private static void refuseSplittable(String value, String what) {
    if (value.indexOf(',') >= 0) {
      throw new IllegalArgumentException(
          what
              + " \""
              + value
              + "\" contains a comma, which neo4j-admin reads as a list separator; rename it");
    }
  }

  /**
   * picocli (neo4j-admin's parser) reads a leading {@code -} as an option and a leading {@code @}
   * as an argument file; a positional value must start with neither.
   */
  static void refuseOptionLike(String value, String what) {
    if (value.startsWith("-") || value.startsWith("@")) {
      throw new IllegalArgumentException(
          what + " \"" + value + "\" starts with '-' or '@', which neo4j-admin reads as an option");
    }
  }

  private static String describe(String location) {
    return location == null ? "the source" : location;
  }
}

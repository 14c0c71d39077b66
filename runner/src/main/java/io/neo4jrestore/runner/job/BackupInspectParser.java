package io.neo4jrestore.runner.job;

import io.neo4jrestore.api.model.ResolvedSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the output of {@code neo4j-admin backup inspect --format=TABULAR} into artifacts.
 *
 * <p>Only the layout the Operations Manual publishes is read (page "Inspect the metadata of a
 * backup file": docs-operations branch {@code 5.x} for 5.26, branch {@code dev} for 2025.06 and
 * later; docs/compat.md cites the commits): one table whose header is exactly {@code | FILE |
 * DATABASE | DATABASE ID | TIME (UTC) | FULL | COMPRESSED | LOWEST TX | HIGHEST TX |}, with {@code
 * RECOVERED |} appended from 2025.06, and one row per artifact with right-aligned cells: the file
 * as a {@code file://} or cloud URI ending in {@code .backup}, the database name and id, the time
 * as {@code yyyy-MM-ddTHH:mm:ss} in UTC, {@code true}/{@code false} and whole numbers. The {@code
 * JSON} format's layout is not published, so the runner does not ask for it.
 *
 * <p>Lines that are not part of the table (log lines before or after it) are ignored; anything else
 * that differs from the published layout (another header, a missing or extra cell, a value of
 * another form, text inside the table, no table at all) is refused with an IllegalArgumentException
 * that says what was expected and quotes the offending line, rather than guessed at.
 */
public final class BackupInspectParser {
  /** The columns of 5.26 up to 2025.05, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "FILE",
          "DATABASE",
          "DATABASE ID",
          "TIME (UTC)",
          "FULL",
          "COMPRESSED",
          "LOWEST TX",
          "HIGHEST TX");

  /** The columns from 2025.06: {@link #COLUMNS} and {@code RECOVERED}. */
  public static final List<String> COLUMNS_WITH_RECOVERED = withRecovered();

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,19}");
  private static final List<String> SCHEMES = List.of("file", "s3", "gs", "azb");

  private BackupInspectParser() {}

  /**
   * One backup artifact as {@code backup inspect} reports it.
   *
   * @param path as {@code --from-path} takes it: a local path ({@code file://} URIs become paths)
   *     or a cloud URI
   * @param time when the backup was taken, RFC 3339 in UTC
   * @param full true for a full backup, false for a differential one
   * @param recovered null before 2025.06 (the column does not exist there)
   */
  public record Entry(
      String path,
      String database,
      String databaseId,
      String time,
      boolean full,
      boolean compressed,
      long lowestTransactionId,
      long highestTransactionId,
      Boolean recovered) {

    /** The entry as a pinned artifact (the table tells no size or checksum). */
    public ResolvedSource.Artifact toArtifact() {
      return new ResolvedSource.Artifact(
          path, null, database, time, full, lowestTransactionId, highestTransactionId, null);
    }
  }

  /** The entries in the order the output lists them. */
  public static List<Entry> parse(String output) {
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("neo4j-admin backup inspect printed nothing");
    }
    List<String> lines = output.lines().map(String::strip).toList();
    int header = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("|")) {
        header = i;
        break;
      }
    }
    if (header < 0) {
      throw unreadable(output, "it holds no table (a line starting with |)", null);
    }
    List<String> columns = cells(lines.get(header), output);
    if (!columns.equals(COLUMNS) && !columns.equals(COLUMNS_WITH_RECOVERED)) {
      throw unreadable(
          output,
          "the table's header is not the documented one ("
              + String.join(" | ", COLUMNS)
              + " [| RECOVERED])",
          lines.get(header));
    }
    boolean withRecovered = columns.size() == COLUMNS_WITH_RECOVERED.size();
    List<Entry> entries = new ArrayList<>();
    int i = header + 1;
    for (; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      entries.add(row(cells(lines.get(i), output), withRecovered, lines.get(i), output));
    }
    for (; i < lines.size(); i++) {
      if (lines.get(i).startsWith("|")) {
        throw unreadable(output, "the table is interrupted by other text", lines.get(i));
      }
    }
    return List.copyOf(entries);
  }

  /** The entries as artifacts, oldest first ({@link #inChainOrder}). */
  public static List<ResolvedSource.Artifact> artifacts(String output) {
    return inChainOrder(parse(output)).stream().map(Entry::toArtifact).toList();
  }

  /**
   * Oldest first: by time, then lowest transaction id. {@code backup inspect} lists a folder newest
   * first (the manual's examples), a chain either way; a pinned chain must end with its newest
   * artifact ({@link RestoreArguments} restores the chain ending at the last one).
   */
  public static List<Entry> inChainOrder(List<Entry> entries) {
    return entries.stream()
        .sorted(Comparator.comparing(Entry::time).thenComparingLong(Entry::lowestTransactionId))
        .toList();
  }

  private static Entry row(List<String> cells, boolean withRecovered, String line, String output) {
    int expected = withRecovered ? COLUMNS_WITH_RECOVERED.size() : COLUMNS.size();
    if (cells.size() != expected) {
      throw unreadable(
          output, "a row has " + cells.size() + " cells, the header " + expected, line);
    }
    String database = cells.get(1);
    String databaseId = cells.get(2);
    if (database.isEmpty() || databaseId.isEmpty()) {
      throw unreadable(output, "a row has no database or database id", line);
    }
    return new Entry(
        path(cells.get(0), line, output),
        database,
        databaseId,
        time(cells.get(3), line, output),
        bool(cells.get(4), "FULL", line, output),
        bool(cells.get(5), "COMPRESSED", line, output),
        number(cells.get(6), "LOWEST TX", line, output),
        number(cells.get(7), "HIGHEST TX", line, output),
        withRecovered ? bool(cells.get(8), "RECOVERED", line, output) : null);
  }

  private static List<String> cells(String line, String output) {
    if (!line.endsWith("|") || line.length() < 2) {
      throw unreadable(output, "a table line does not end with |", line);
    }
    List<String> cells = new ArrayList<>();
    for (String c : line.substring(1, line.length() - 1).split("\\|", -1)) {
      cells.add(c.strip());
    }
    return cells;
  }

  /**
   * {@code file:///backups/a.backup} becomes {@code /backups/a.backup}; {@code s3://}, {@code
   * gs://} and {@code azb://} URIs are kept. Anything else, or a name not ending in {@code
   * .backup}, is refused.
   */
  private static String path(String cell, String line, String output) {
    int colon = cell.indexOf("://");
    String scheme = colon < 0 ? "" : cell.substring(0, colon);
    if (!SCHEMES.contains(scheme) || !cell.endsWith(".backup")) {
      throw unreadable(
          output,
          "FILE \""
              + cell
              + "\" is not a file://, s3://, gs:// or azb:// URI of a .backup artifact",
          line);
    }
    if (!"file".equals(scheme)) {
      return cell;
    }
    try {
      String p = new URI(cell).getPath();
      if (p != null && p.startsWith("/")) {
        return p;
      }
    } catch (URISyntaxException e) {
      // not escaped (e.g. a space in a folder name): the path is the text after file://
    }
    String p = cell.substring("file://".length());
    if (!p.startsWith("/")) {
      throw unreadable(output, "FILE \"" + cell + "\" is not an absolute file:// URI", line);
    }
    return p;
  }

  private static String time(String cell, String line, String output) {
    try {
      return DateTimeFormatter.ISO_INSTANT.format(
          LocalDateTime.parse(cell, TIME).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      throw unreadable(output, "TIME (UTC) \"" + cell + "\" is not yyyy-MM-ddTHH:mm:ss", line);
    }
  }

  private static boolean bool(String cell, String column, String line, String output) {
    return switch (cell) {
      case "true" -> true;
      case "false" -> false;
      default -> throw unreadable(output, column + " \"" + cell + "\" is not true or false", line);
    };
  }

  private static long number(String cell, String column, String line, String output) {
    if (!NUMBER.matcher(cell).matches()) {
      throw unreadable(output, column + " \"" + cell + "\" is not a whole number", line);
    }
    try {
      return Long.parseLong(cell);
    } catch (NumberFormatException e) {
      throw unreadable(output, column + " \"" + cell + "\" is too large", line);
    }
  }

  private static IllegalArgumentException unreadable(String output, String why, String line) {
    String quoted = line != null ? line : output.strip();
    if (quoted.length() > 200) {
      quoted = quoted.substring(0, 200) + "...";
    }
    return new IllegalArgumentException(
        "cannot read the output of neo4j-admin backup inspect: "
            + why
            + (line != null ? "; the line: " : "; output starts: ")
            + quoted
            + ". The runner reads only the table layout the Operations Manual documents"
            + " (docs/compat.md, \"backup inspect\")");
  }

  private static List<String> withRecovered() {
    List<String> c = new ArrayList<>(COLUMNS);
    c.add("RECOVERED");
    return List.copyOf(c);
  }
}

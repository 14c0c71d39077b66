package io.neo4jrestore.runner.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.neo4jrestore.api.model.ResolvedSource;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the output of {@code neo4j-admin backup inspect} into artifacts.
 *
 * <p>The Operations Manual documents the fields (file, database, database id, time in UTC,
 * full/differential, compressed, lowest and highest transaction id, and from 2025.06 recovered) and
 * the {@code TABULAR} layout, but not the {@code JSON} layout. So this reader is deliberately
 * tolerant, and everything it assumes is listed here:
 *
 * <ul>
 *   <li>The JSON may be preceded or followed by log lines; the first line that starts a JSON value
 *       which parses is taken. Several values in a row (JSON lines) are read as one list.
 *   <li>The entries are a top-level array of objects, or the arrays of objects found in a top-level
 *       object's fields, or a single object that has a file field.
 *   <li>Field names are matched case-insensitively ignoring punctuation and spaces, with synonyms
 *       ({@code file/path/uri/fileName}, {@code lowestTx/lowestTransactionId/"LOWEST TX"}, ...).
 *       Nested objects (e.g. a {@code metadata} object) are merged into their entry.
 *   <li>Full/differential comes from a boolean {@code full} or from a type such as {@code FULL},
 *       {@code DIFFERENTIAL}. Numbers and booleans may be strings.
 *   <li>Times are read as UTC when they carry no offset (the TABULAR header says {@code TIME
 *       (UTC)}); epoch seconds or milliseconds are accepted. They are returned as RFC 3339 UTC.
 *   <li>A {@code file://} URI becomes a plain path (what {@code --from-path} takes for local
 *       files); cloud URIs are kept.
 * </ul>
 *
 * <p>When the output holds no JSON, the documented TABULAR layout ({@code | FILE | DATABASE | ...
 * |}) is read instead, so a version that ignores {@code --format} still works. Anything else is an
 * IllegalArgumentException that quotes the start of the output.
 */
public final class BackupInspectParser {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private static final Set<String> PATH =
      Set.of(
          "file",
          "path",
          "uri",
          "url",
          "filename",
          "filepath",
          "backup",
          "backupfile",
          "backuppath",
          "artifact",
          "artifactpath",
          "location");
  private static final Set<String> DATABASE = Set.of("database", "databasename", "db", "dbname");
  private static final Set<String> DATABASE_ID =
      Set.of("databaseid", "dbid", "databaseuuid", "storeid");
  private static final Set<String> TIME =
      Set.of(
          "time",
          "timeutc",
          "timestamp",
          "backuptime",
          "backuptimestamp",
          "created",
          "createdat",
          "creationtime",
          "date",
          "datetime",
          "starttime");
  private static final Set<String> FULL = Set.of("full", "isfull", "fullbackup");
  private static final Set<String> TYPE = Set.of("type", "kind", "backuptype");
  private static final Set<String> COMPRESSED = Set.of("compressed", "iscompressed");
  private static final Set<String> LOWEST_TX =
      Set.of(
          "lowesttx",
          "lowesttxid",
          "lowesttransaction",
          "lowesttransactionid",
          "lowest",
          "fromtx",
          "firsttx",
          "firsttxid");
  private static final Set<String> HIGHEST_TX =
      Set.of(
          "highesttx",
          "highesttxid",
          "highesttransaction",
          "highesttransactionid",
          "highest",
          "totx",
          "lasttx",
          "lasttxid");
  private static final Set<String> RECOVERED = Set.of("recovered", "isrecovered");
  private static final Set<String> SIZE =
      Set.of("size", "sizebytes", "sizeinbytes", "bytes", "filesize", "length");
  private static final Set<String> CHECKSUM = Set.of("checksum", "sha256", "md5", "hash");

  private BackupInspectParser() {}

  /**
   * One backup artifact as {@code backup inspect} reports it. Absent fields are null.
   *
   * @param path as {@code --from-path} takes it: a local path or a cloud URI
   * @param time when the backup was taken, RFC 3339 in UTC
   * @param full true for a full backup, false for a differential one
   */
  public record Entry(
      String path,
      String database,
      String databaseId,
      String time,
      Boolean full,
      Boolean compressed,
      Long lowestTransactionId,
      Long highestTransactionId,
      Boolean recovered,
      Long sizeBytes,
      String checksum) {

    /** The entry as a pinned artifact. */
    public ResolvedSource.Artifact toArtifact() {
      return new ResolvedSource.Artifact(
          path,
          sizeBytes,
          database,
          time,
          full,
          lowestTransactionId,
          highestTransactionId,
          checksum);
    }
  }

  /** The entries in the order the output lists them. */
  public static List<Entry> parse(String output) {
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("neo4j-admin backup inspect printed nothing");
    }
    List<JsonNode> values = jsonValues(output);
    List<Map<String, JsonNode>> rows;
    if (values != null) {
      rows = new ArrayList<>();
      for (JsonNode v : values) {
        collectEntries(v, rows);
      }
    } else if (output.lines().anyMatch(l -> l.strip().startsWith("|"))) {
      rows = tabular(output);
    } else {
      throw unreadable(output, "it holds neither JSON nor a table");
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      entries.add(entry(rows.get(i), i, output));
    }
    return List.copyOf(entries);
  }

  /** The entries as artifacts, oldest first ({@link #inChainOrder}). */
  public static List<ResolvedSource.Artifact> artifacts(String output) {
    return inChainOrder(parse(output)).stream().map(Entry::toArtifact).toList();
  }

  /**
   * Oldest first: by time, then lowest transaction id. {@code backup inspect} lists a folder newest
   * first, and a chain sometimes oldest first; a pinned chain must end with its newest artifact
   * ({@link RestoreArguments} restores the chain ending at the last one).
   */
  public static List<Entry> inChainOrder(List<Entry> entries) {
    Comparator<Entry> byTime =
        Comparator.comparing(
            (Entry e) -> e.time() == null ? null : Instant.parse(e.time()),
            Comparator.nullsFirst(Comparator.naturalOrder()));
    Comparator<Entry> byTx =
        Comparator.comparing(
            Entry::lowestTransactionId, Comparator.nullsFirst(Comparator.naturalOrder()));
    return entries.stream().sorted(byTime.thenComparing(byTx)).toList();
  }

  // ---- JSON

  /** The JSON values in the output, or null when it holds none. */
  private static List<JsonNode> jsonValues(String output) {
    List<String> lines = output.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String start = lines.get(i).strip();
      if (!start.startsWith("[") && !start.startsWith("{")) {
        continue;
      }
      String rest = String.join("\n", lines.subList(i, lines.size()));
      List<JsonNode> values = readValues(rest);
      if (values != null && !values.isEmpty()) {
        return values;
      }
    }
    return null;
  }

  /**
   * Values read from the start of {@code text} until its end or the first text that is not JSON.
   * Read token by token: an {@code ObjectReader.readValues} iterator would unwrap a top-level
   * array.
   */
  private static List<JsonNode> readValues(String text) {
    List<JsonNode> values = new ArrayList<>();
    try (JsonParser parser = JSON.getFactory().createParser(text)) {
      while (true) {
        JsonToken token = parser.nextToken();
        if (token != JsonToken.START_ARRAY && token != JsonToken.START_OBJECT) {
          break; // the end, or trailing log text
        }
        values.add(JSON.readTree(parser));
      }
    } catch (IOException e) {
      // trailing non-JSON text ends the values; a broken first value yields none
    }
    return values;
  }

  private static void collectEntries(JsonNode node, List<Map<String, JsonNode>> rows) {
    if (node.isArray()) {
      for (JsonNode element : node) {
        if (element.isObject()) {
          rows.add(flatten(element));
        } else if (element.isArray()) {
          collectEntries(element, rows);
        }
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    // a wrapper's lists come first: its own fields (e.g. the inspected folder) are not an entry
    boolean wrapper = false;
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (field.getValue().isArray()) {
        wrapper = true;
        collectEntries(field.getValue(), rows);
      }
    }
    if (!wrapper && first(flatten(node), PATH) != null) {
      rows.add(flatten(node));
    }
  }

  /** The object's fields by normalized name; nested objects' fields added where not present. */
  private static Map<String, JsonNode> flatten(JsonNode object) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    List<JsonNode> nested = new ArrayList<>();
    for (Map.Entry<String, JsonNode> f : object.properties()) {
      if (f.getValue().isObject()) {
        nested.add(f.getValue());
      } else {
        out.putIfAbsent(normalize(f.getKey()), f.getValue());
      }
    }
    for (JsonNode n : nested) {
      flatten(n).forEach(out::putIfAbsent);
    }
    return out;
  }

  // ---- TABULAR

  private static List<Map<String, JsonNode>> tabular(String output) {
    List<String> header = null;
    List<Map<String, JsonNode>> rows = new ArrayList<>();
    for (String line : output.lines().toList()) {
      String l = line.strip();
      if (!l.startsWith("|")) {
        continue;
      }
      List<String> cells = cells(l);
      if (header == null) {
        header = cells;
        continue;
      }
      if (cells.size() != header.size()) {
        throw unreadable(
            output, "a table row has " + cells.size() + " cells, the header " + header.size());
      }
      Map<String, JsonNode> row = new LinkedHashMap<>();
      for (int i = 0; i < cells.size(); i++) {
        row.put(normalize(header.get(i)), JSON.getNodeFactory().textNode(cells.get(i)));
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<String> cells(String line) {
    String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
    List<String> cells = new ArrayList<>();
    for (String c : inner.split("\\|", -1)) {
      cells.add(c.strip());
    }
    return cells;
  }

  // ---- fields

  private static Entry entry(Map<String, JsonNode> row, int index, String output) {
    String path = text(first(row, PATH));
    if (path == null || path.isBlank()) {
      throw unreadable(output, "entry " + (index + 1) + " has no file");
    }
    Boolean full = bool(first(row, FULL), output);
    if (full == null) {
      full = fullFromType(text(first(row, TYPE)));
    }
    return new Entry(
        localPath(path),
        text(first(row, DATABASE)),
        text(first(row, DATABASE_ID)),
        time(first(row, TIME), output),
        full,
        bool(first(row, COMPRESSED), output),
        number(first(row, LOWEST_TX), output),
        number(first(row, HIGHEST_TX), output),
        bool(first(row, RECOVERED), output),
        number(first(row, SIZE), output),
        text(first(row, CHECKSUM)));
  }

  private static JsonNode first(Map<String, JsonNode> row, Set<String> names) {
    for (Map.Entry<String, JsonNode> e : row.entrySet()) {
      if (names.contains(e.getKey()) && !e.getValue().isNull()) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String normalize(String key) {
    StringBuilder out = new StringBuilder();
    for (char c : key.toLowerCase(Locale.ROOT).toCharArray()) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String text(JsonNode n) {
    if (n == null || n.isNull() || n.isContainerNode()) {
      return null;
    }
    String s = n.asText().strip();
    return s.isEmpty() ? null : s;
  }

  private static Boolean bool(JsonNode n, String output) {
    String s = text(n);
    if (s == null) {
      return null;
    }
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "true", "yes" -> true;
      case "false", "no" -> false;
      default -> throw unreadable(output, "\"" + s + "\" is not true or false");
    };
  }

  private static Boolean fullFromType(String type) {
    if (type == null) {
      return null;
    }
    String t = type.toLowerCase(Locale.ROOT);
    if (t.startsWith("full")) {
      return true;
    }
    if (t.startsWith("diff") || t.startsWith("incr")) {
      return false;
    }
    return null;
  }

  private static Long number(JsonNode n, String output) {
    if (n != null && n.isIntegralNumber()) {
      return n.asLong();
    }
    String s = text(n);
    if (s == null) {
      return null;
    }
    try {
      return Long.parseLong(s.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw unreadable(output, "\"" + s + "\" is not a whole number");
    }
  }

  private static String time(JsonNode n, String output) {
    if (n != null && n.isIntegralNumber()) {
      long v = n.asLong();
      // epoch seconds until the year 5138, milliseconds after
      Instant t = v > 100_000_000_000L ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v);
      return DateTimeFormatter.ISO_INSTANT.format(t);
    }
    String s = text(n);
    if (s == null) {
      return null;
    }
    String iso = s.replace(' ', 'T');
    try {
      return DateTimeFormatter.ISO_INSTANT.format(
          OffsetDateTime.parse(iso).withOffsetSameInstant(ZoneOffset.UTC).toInstant());
    } catch (DateTimeParseException notOffset) {
      try {
        return DateTimeFormatter.ISO_INSTANT.format(
            LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException e) {
        throw unreadable(output, "\"" + s + "\" is not a time");
      }
    }
  }

  /** {@code file:///backups/a.backup} -> {@code /backups/a.backup}; other values unchanged. */
  private static String localPath(String path) {
    if (!path.regionMatches(true, 0, "file:", 0, 5)) {
      return path;
    }
    try {
      String p = new URI(path).getPath();
      if (p != null && !p.isEmpty()) {
        return p;
      }
    } catch (URISyntaxException e) {
      // not a well-formed URI (e.g. unescaped spaces): strip the scheme by hand
    }
    String p = path.substring(5);
    while (p.startsWith("//")) {
      p = p.substring(1);
    }
    return p;
  }

  private static IllegalArgumentException unreadable(String output, String why) {
    String head = output.strip();
    if (head.length() > 200) {
      head = head.substring(0, 200) + "...";
    }
    return new IllegalArgumentException(
        "cannot read the output of neo4j-admin backup inspect: "
            + why
            + "; output starts: "
            + head);
  }
}

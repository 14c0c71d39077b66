package io.neo4jrestore.testenv.neo4j;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code neo4j-admin} of the Neo4j stand-in image: the two commands the runner's Jobs run,
 * {@code database restore} and {@code backup inspect}, on {@link StandInBackup} artifacts read from
 * the Job's mounted source, writing a store into {@code <data>/databases/<database>}.
 *
 * <p>Like neo4j-admin it fails (exit code 1, a message on stderr) on a path that does not exist, a
 * folder without artifacts of the database, a chain with a missing artifact, an existing store
 * without {@code --overwrite-destination=true}, a {@code --restore-until} before the first
 * transaction, an unknown option. The messages are the stand-in's own words, not Neo4j's.
 *
 * <p>Limits: local paths only (no {@code s3://}, {@code gs://}, {@code azb://}); one {@code
 * --from-path}; no store format, consistency or recovery: the "store" is a properties file naming
 * what was restored ({@code standin-store.properties}) and the transactions applied.
 */
public final class Neo4jAdminStandIn {
  /** The store file a restore writes into {@code <data>/databases/<database>/}. */
  public static final String STORE_FILE = "standin-store.properties";

  private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /**
   * The columns of {@code backup inspect}'s table as the Operations Manual's examples print them
   * (5.x and current "Inspect the metadata of backup files" pages; the runner's docs/compat.md
   * cites them), before 2025.06's {@code RECOVERED}.
   */
  private static final List<String> INSPECT_COLUMNS =
      List.of(
          "FILE",
          "DATABASE",
          "DATABASE ID",
          "TIME (UTC)",
          "FULL",
          "COMPRESSED",
          "LOWEST TX",
          "HIGHEST TX");

  private static final DateTimeFormatter INSPECT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private final Path data;
  private final PrintStream out;
  private final PrintStream err;

  public Neo4jAdminStandIn(Path data, PrintStream out, PrintStream err) {
    this.data = data;
    this.out = out;
    this.err = err;
  }

  /** Runs {@code neo4j-admin <args>}; returns the exit code. */
  public int run(List<String> args) {
    try {
      if (args.size() >= 2 && args.get(0).equals("database") && args.get(1).equals("restore")) {
        return restore(Options.parse(args.subList(2, args.size()), RESTORE_OPTIONS));
      }
      if (args.size() >= 2 && args.get(0).equals("backup") && args.get(1).equals("inspect")) {
        return inspect(Options.parse(args.subList(2, args.size()), INSPECT_OPTIONS));
      }
      throw new Failed(
          "the neo4j-admin stand-in knows only `database restore` and `backup inspect`, not: "
              + String.join(" ", args));
    } catch (Failed e) {
      err.println(e.getMessage());
      return 1;
    } catch (IOException | RuntimeException e) {
      err.println("neo4j-admin stand-in failed: " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("neo4j-admin stand-in interrupted");
      return 130;
    }
  }

  private static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failed(String message) {
      super(message);
    }
  }

  // ------------------------------------------------------------------ options

  private static final List<String> RESTORE_OPTIONS =
      List.of(
          "--from-path",
          "--overwrite-destination",
          "--restore-until",
          "--temp-path",
          "--source-database",
          "--verbose",
          "--to-path-data",
          "--to-path-txn");
  private static final List<String> INSPECT_OPTIONS =
      List.of("--format", "--show-metadata", "--database", "--latest-chain", "--verbose");

  /** {@code --name=value} / {@code --name} options and positional arguments. */
  private record Options(Map<String, String> named, List<String> positional) {
    static Options parse(List<String> args, List<String> known) {
      Map<String, String> named = new LinkedHashMap<>();
      List<String> positional = new ArrayList<>();
      for (String a : args) {
        if (a.startsWith("--")) {
          int eq = a.indexOf('=');
          String name = eq < 0 ? a : a.substring(0, eq);
          if (!known.contains(name)) {
            throw new Failed("Unknown option: '" + name + "'");
          }
          named.put(name, eq < 0 ? "true" : a.substring(eq + 1));
        } else {
          positional.add(a);
        }
      }
      return new Options(named, positional);
    }

    Optional<String> get(String name) {
      return Optional.ofNullable(named.get(name));
    }
  }

  // ------------------------------------------------------------------ restore

  private int restore(Options o) throws IOException, InterruptedException {
    String from =
        o.get("--from-path")
            .orElseThrow(() -> new Failed("Missing required option: '--from-path=<path>'"));
    if (from.contains(",") || from.contains("://")) {
      throw new Failed(
          "the neo4j-admin stand-in restores from one local path, not "
              + from
              + " (stand-in limit)");
    }
    Path source = Path.of(from);
    if (!Files.exists(source)) {
      throw new Failed("Source path " + source + " does not exist");
    }
    List<Path> chain;
    String database;
    if (Files.isDirectory(source)) {
      String sourceDb =
          o.get("--source-database")
              .or(() -> o.positional().stream().findFirst())
              .orElseThrow(() -> new Failed("Missing the database to restore"));
      database = o.positional().stream().findFirst().orElse(sourceDb);
      chain = latestChain(artifacts(source, sourceDb));
      if (chain.isEmpty()) {
        throw new Failed("No backup of database '" + sourceDb + "' found in " + source);
      }
    } else {
      database =
          o.positional().stream()
              .findFirst()
              .orElseThrow(() -> new Failed("Missing the database to restore"));
      chain = chainEndingAt(source);
    }
    Instant until = o.get("--restore-until").map(Neo4jAdminStandIn::until).orElse(null);
    boolean overwrite = o.get("--overwrite-destination").map(Boolean::parseBoolean).orElse(false);
    o.get("--temp-path")
        .map(Path::of)
        .filter(p -> !Files.isDirectory(p) || !Files.isWritable(p))
        .ifPresent(
            p -> {
              throw new Failed("--temp-path " + p + " is not a writable directory");
            });

    Path databases = data.resolve("databases");
    Path dest = databases.resolve(database);
    if (Files.isDirectory(dest) && !isEmpty(dest) && !overwrite) {
      throw new Failed(
          "Database with name ["
              + database
              + "] already exists at "
              + dest
              + ". Use --overwrite-destination=true to replace it");
    }
    List<StandInBackup.Transaction> applied = new ArrayList<>();
    int seconds = 0;
    for (Path p : chain) {
      StandInBackup b = readArtifact(p);
      out.println(
          "Restoring "
              + (b.full() ? "full" : "differential")
              + " backup "
              + p
              + " of database "
              + b.database()
              + " (transactions "
              + b.lowestTx()
              + ".."
              + b.highestTx()
              + ", taken "
              + b.time()
              + ")");
      seconds = Math.max(seconds, b.restoreSeconds());
      for (StandInBackup.Transaction t : b.transactions()) {
        if (until == null || !t.time().isAfter(until)) {
          applied.add(t);
        }
      }
    }
    if (applied.isEmpty()) {
      throw new Failed(
          "--restore-until "
              + o.get("--restore-until").orElse("")
              + " is before the first transaction of the backup "
              + chain.get(0));
    }
    for (int i = 1; i <= seconds; i++) {
      Thread.sleep(1000);
      out.println("Restoring database " + database + " ... " + (100 * i / seconds) + "%");
    }
    StandInBackup.Transaction last = applied.get(applied.size() - 1);
    Path tmp = databases.resolve("." + database + ".restoring");
    deleteTree(tmp);
    Files.createDirectories(tmp);
    StringBuilder store = new StringBuilder();
    store.append("database=").append(database).append('\n');
    store.append("sourceDatabase=").append(readArtifact(chain.get(0)).database()).append('\n');
    store
        .append("artifacts=")
        .append(String.join(",", chain.stream().map(Path::toString).toList()))
        .append('\n');
    store.append("transactions=").append(applied.size()).append('\n');
    store.append("lastTx=").append(last.id()).append('\n');
    store.append("lastTxTime=").append(last.time()).append('\n');
    store.append("restoreUntil=").append(until == null ? "" : until.toString()).append('\n');
    Files.writeString(tmp.resolve(STORE_FILE), store.toString());
    deleteTree(dest);
    Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
    Files.createDirectories(data.resolve("transactions").resolve(database));
    out.println(
        "Restore of database "
            + database
            + " completed: "
            + applied.size()
            + " transactions, last transaction "
            + last.id()
            + " committed at "
            + last.time());
    return 0;
  }

  private static Instant until(String text) {
    try {
      return LocalDateTime.parse(text, UNTIL).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new Failed("Invalid value for option '--restore-until': " + text);
    }
  }

  // ------------------------------------------------------------------ inspect

  private int inspect(Options o) throws IOException {
    if (o.positional().size() != 1) {
      throw new Failed("Missing the backup path to inspect");
    }
    String path = o.positional().get(0);
    if (path.contains("://")) {
      throw new Failed("the neo4j-admin stand-in inspects local paths only, not " + path);
    }
    Path p = Path.of(path);
    if (!Files.exists(p)) {
      throw new Failed("Backup path " + p + " does not exist");
    }
    String database = o.get("--database").orElse(null);
    boolean latest = o.get("--latest-chain").map(Boolean::parseBoolean).orElse(false);
    List<Path> listed;
    if (Files.isDirectory(p)) {
      listed = artifacts(p, database);
      if (latest) {
        listed = latestChain(listed);
      }
    } else {
      listed = latest ? chainEndingAt(p) : List.of(p);
    }
    String format = o.get("--format").orElse("TABULAR");
    if (!format.equalsIgnoreCase("TABULAR")) {
      // the manual publishes only the table (runner's docs/compat.md, "backup inspect"): nothing
      // else is imitated
      throw new Failed(
          "the stand-in prints only the TABULAR layout the Operations Manual publishes, not --format="
              + format);
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(INSPECT_COLUMNS);
    for (Path f : listed) {
      StandInBackup b = readArtifact(f);
      rows.add(
          List.of(
              f.toAbsolutePath().toUri().toString(),
              b.database(),
              databaseId(b.database()),
              INSPECT_TIME.format(LocalDateTime.ofInstant(b.time(), ZoneOffset.UTC)),
              Boolean.toString(b.full()),
              "false",
              Long.toString(b.lowestTx()),
              Long.toString(b.highestTx())));
    }
    printTable(rows);
    return 0;
  }

  /** The manual's table: every cell right-aligned to its column's width, {@code |} between. */
  private void printTable(List<List<String>> rows) {
    int[] width = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int c = 0; c < row.size(); c++) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder("|");
      for (int c = 0; c < row.size(); c++) {
        line.append(' ').append(" ".repeat(width[c] - row.get(c).length())).append(row.get(c));
        line.append(" |");
      }
      out.println(line);
    }
  }

  /** A stable id per database name (a real store has its own; the stand-in has none). */
  private static String databaseId(String database) {
    return java.util
        .UUID
        .nameUUIDFromBytes(database.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString();
  }

  // ------------------------------------------------------------------ artifacts and chains

  /** The {@code .backup} files in {@code dir} (of {@code database} when given), oldest first. */
  private static List<Path> artifacts(Path dir, String database) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(f -> f.getFileName().toString().endsWith(".backup")).toList();
    }
    List<Path> result = new ArrayList<>();
    for (Path f : files) {
      if (database == null || readArtifact(f).database().equalsIgnoreCase(database)) {
        result.add(f);
      }
    }
    result.sort(Comparator.comparing(f -> readArtifactUnchecked(f).time()));
    return result;
  }

  /** The newest full artifact and the differential ones that continue it. */
  private static List<Path> latestChain(List<Path> oldestFirst) {
    List<Path> chain = new ArrayList<>();
    for (Path f : oldestFirst) {
      StandInBackup b = readArtifactUnchecked(f);
      if (b.full()) {
        chain.clear();
        chain.add(f);
      } else if (!chain.isEmpty()
          && b.lowestTx() <= readArtifactUnchecked(chain.get(chain.size() - 1)).highestTx() + 1) {
        chain.add(f);
      }
    }
    return chain;
  }

  /** The chain of {@code file}'s database that ends at it, from the artifacts in its folder. */
  private static List<Path> chainEndingAt(Path file) throws IOException {
    StandInBackup last = readArtifact(file);
    List<Path> chain = new ArrayList<>(List.of(file));
    List<Path> earlier = artifacts(file.getParent(), last.database());
    StandInBackup current = last;
    while (!current.full()) {
      long needed = current.lowestTx() - 1;
      Instant before = current.time();
      Optional<Path> previous =
          earlier.stream()
              .filter(f -> readArtifactUnchecked(f).time().isBefore(before))
              .filter(
                  f -> {
                    StandInBackup b = readArtifactUnchecked(f);
                    return b.lowestTx() <= needed && b.highestTx() >= needed;
                  })
              .reduce((a, b) -> b);
      if (previous.isEmpty()) {
        throw new Failed(
            "Cannot restore "
                + file
                + ": the backup artifact holding transaction "
                + needed
                + " of database "
                + last.database()
                + " is missing from "
                + file.getParent());
      }
      chain.add(0, previous.get());
      current = readArtifact(previous.get());
    }
    return chain;
  }

  private static StandInBackup readArtifact(Path f) throws IOException {
    try {
      return StandInBackup.read(f);
    } catch (IllegalArgumentException e) {
      throw new Failed(e.getMessage());
    }
  }

  private static StandInBackup readArtifactUnchecked(Path f) {
    try {
      return readArtifact(f);
    } catch (IOException e) {
      throw new Failed("cannot read " + f + ": " + e.getMessage());
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}

package io.neo4jrestore.testenv.neo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backup artifact of the Neo4j stand-in: what {@link Neo4jAdminStandIn} reads where {@code
 * neo4j-admin} reads a real {@code .backup} file. A text file: a header of {@code key=value} lines,
 * a line {@code --}, then one line per transaction ({@code tx=<id> time=<UTC instant>}).
 *
 * <pre>
 * format=neo4j-restore-standin-backup/1
 * database=orders
 * time=2025-01-04T00:00:05Z
 * full=true
 * lowestTx=1
 * highestTx=41
 * restoreSeconds=0
 * --
 * tx=1 time=2025-01-03T23:59:25Z
 * ...
 * </pre>
 *
 * <p>{@code restoreSeconds} makes a restore from it take that long (a test's handle on timing).
 *
 * @param time when the backup was taken; its transactions were committed up to then
 */
public record StandInBackup(
    String database,
    Instant time,
    boolean full,
    long lowestTx,
    long highestTx,
    int restoreSeconds,
    List<Transaction> transactions) {

  public static final String FORMAT = "neo4j-restore-standin-backup/1";

  /** One transaction held by the artifact. */
  public record Transaction(long id, Instant time) {}

  /**
   * An artifact of transactions {@code lowestTx..highestTx}, the last committed at {@code time} and
   * each earlier one a second before the next.
   */
  public static StandInBackup of(
      String database, Instant time, boolean full, long lowestTx, long highestTx) {
    List<Transaction> txs = new ArrayList<>();
    for (long id = lowestTx; id <= highestTx; id++) {
      txs.add(new Transaction(id, time.minusSeconds(highestTx - id)));
    }
    return new StandInBackup(database, time, full, lowestTx, highestTx, 0, txs);
  }

  /** The same artifact, whose restore takes {@code seconds}. */
  public StandInBackup restoreTaking(int seconds) {
    return new StandInBackup(database, time, full, lowestTx, highestTx, seconds, transactions);
  }

  /** The file name Neo4j gives it: {@code <database>-<yyyy-MM-ddTHH-mm-ss>.backup}. */
  public String fileName() {
    return database
        + "-"
        + DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss")
            .format(LocalDateTime.ofInstant(time, ZoneOffset.UTC))
        + ".backup";
  }

  public String render() {
    StringBuilder s = new StringBuilder();
    s.append("format=").append(FORMAT).append('\n');
    s.append("database=").append(database).append('\n');
    s.append("time=").append(time.truncatedTo(ChronoUnit.SECONDS)).append('\n');
    s.append("full=").append(full).append('\n');
    s.append("lowestTx=").append(lowestTx).append('\n');
    s.append("highestTx=").append(highestTx).append('\n');
    s.append("restoreSeconds=").append(restoreSeconds).append('\n');
    s.append("--\n");
    for (Transaction t : transactions) {
      s.append("tx=").append(t.id()).append(" time=").append(t.time()).append('\n');
    }
    return s.toString();
  }

  /** Writes it into {@code dir} under {@link #fileName()}; returns the file. */
  public Path writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(fileName());
    Files.writeString(file, render(), StandardCharsets.UTF_8);
    return file;
  }

  /**
   * Reads an artifact.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a stand-in artifact
   */
  public static StandInBackup read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, String> header = new LinkedHashMap<>();
    int i = 0;
    for (; i < lines.size() && !lines.get(i).equals("--"); i++) {
      int eq = lines.get(i).indexOf('=');
      if (eq > 0) {
        header.put(lines.get(i).substring(0, eq), lines.get(i).substring(eq + 1));
      }
    }
    if (!FORMAT.equals(header.get("format")) || i == lines.size()) {
      throw new IllegalArgumentException(file + " is not a backup artifact (unknown format)");
    }
    List<Transaction> txs = new ArrayList<>();
    for (i++; i < lines.size(); i++) {
      String[] parts = lines.get(i).split(" ");
      if (parts.length == 2 && parts[0].startsWith("tx=") && parts[1].startsWith("time=")) {
        txs.add(
            new Transaction(
                Long.parseLong(parts[0].substring(3)), Instant.parse(parts[1].substring(5))));
      }
    }
    try {
      return new StandInBackup(
          header.get("database"),
          Instant.parse(header.get("time")),
          Boolean.parseBoolean(header.get("full")),
          Long.parseLong(header.get("lowestTx")),
          Long.parseLong(header.get("highestTx")),
          Integer.parseInt(header.getOrDefault("restoreSeconds", "0")),
          txs);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + " has a damaged header: " + e.getMessage(), e);
    }
  }
}

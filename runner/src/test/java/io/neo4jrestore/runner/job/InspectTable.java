package io.neo4jrestore.runner.job;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code neo4j-admin backup inspect} output in the layout the Operations Manual publishes
 * (header, column order, right-aligned cells; see {@code golden/inspect/README.md}), for tests that
 * play the inspect Job.
 */
public final class InspectTable {
  private final boolean recovered;
  private final List<List<String>> rows = new ArrayList<>();

  private InspectTable(boolean recovered) {
    this.recovered = recovered;
  }

  /** The 5.26 to 2025.05 layout (8 columns). */
  public static InspectTable v5() {
    return new InspectTable(false);
  }

  /** The 2025.06 and later layout (with {@code RECOVERED}). */
  public static InspectTable v2025() {
    return new InspectTable(true);
  }

  /**
   * One artifact; {@code file} is a path (written as a {@code file://} URI) or a cloud URI, {@code
   * time} is {@code yyyy-MM-ddTHH:mm:ss} in UTC.
   */
  public InspectTable row(
      String file, String database, String time, boolean full, long lo, long hi) {
    List<String> r = new ArrayList<>();
    r.add(file.startsWith("/") ? "file://" + file : file);
    r.add(database);
    r.add(java.util.UUID.nameUUIDFromBytes(database.getBytes()).toString());
    r.add(time);
    r.add(String.valueOf(full));
    r.add("true");
    r.add(String.valueOf(lo));
    r.add(String.valueOf(hi));
    if (recovered) {
      r.add(String.valueOf(full));
    }
    rows.add(r);
    return this;
  }

  @Override
  public String toString() {
    List<String> header =
        recovered ? BackupInspectParser.COLUMNS_WITH_RECOVERED : BackupInspectParser.COLUMNS;
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int[] width = new int[header.size()];
    for (List<String> r : all) {
      for (int i = 0; i < r.size(); i++) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> r : all) {
      out.append('|');
      for (int i = 0; i < r.size(); i++) {
        out.append(' ')
            .append(" ".repeat(width[i] - r.get(i).length()))
            .append(r.get(i))
            .append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }
}

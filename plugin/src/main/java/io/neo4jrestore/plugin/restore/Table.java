package io.neo4jrestore.plugin.restore;

import java.util.ArrayList;
import java.util.List;

/** A kubectl-style table: upper-case headers, columns padded to the widest cell plus 3 spaces. */
public final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  public Table row(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException(
          "a row has " + cells.size() + " cells for " + headers.size() + " columns");
    }
    List<String> clean = new ArrayList<>();
    for (String c : cells) {
      clean.add(c == null || c.isEmpty() ? "" : c.replace('\n', ' '));
    }
    rows.add(clean);
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The table, one line per row, each ending with a newline; no trailing spaces. */
  public String render() {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < headers.size(); i++) {
      widths[i] = headers.get(i).length();
      for (List<String> r : rows) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers, widths);
    rows.forEach(r -> line(out, r, widths));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      line.append(cells.get(i));
      if (i < cells.size() - 1) {
        line.append(" ".repeat(widths[i] - cells.get(i).length() + 3));
      }
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}

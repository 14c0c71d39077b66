package io.neo4jrestore.runner.exec;

import java.util.Locale;

/** Human-readable binary sizes: {@code 512B}, {@code 1.5KiB}, {@code 3.2GiB}. */
public final class ByteSizes {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private ByteSizes() {}

  public static String format(long bytes) {
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < UNITS.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + "B" : String.format(Locale.ROOT, "%.1f%s", v, UNITS[u]);
  }
}

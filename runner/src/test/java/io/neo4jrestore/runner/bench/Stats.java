package io.neo4jrestore.runner.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Order statistics of a small sample (nearest-rank percentiles), formatted for the tables. */
record Stats(List<Double> sorted) {
  static Stats of(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    return new Stats(List.copyOf(s));
  }

  static Stats ofDurations(List<Duration> values) {
    return of(values.stream().map(d -> d.toNanos() / 1e9).toList());
  }

  int n() {
    return sorted.size();
  }

  /** Nearest rank: the smallest value with at least {@code p} percent of the sample at or below. */
  double percentile(double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  double median() {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  double min() {
    return sorted.isEmpty() ? Double.NaN : sorted.get(0);
  }

  double max() {
    return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1);
  }

  /** "median (min-max, n=N)" in seconds. */
  String seconds() {
    if (sorted.isEmpty()) {
      return "n/a";
    }
    return String.format(
        Locale.ROOT, "%s s (%s-%s, n=%d)", s(median()), s(min()), s(max()), sorted.size());
  }

  /** "median (min-max, n=N)" in milliseconds, the sample being in seconds. */
  String millis() {
    if (sorted.isEmpty()) {
      return "n/a";
    }
    return String.format(
        Locale.ROOT,
        "%.0f ms (%.0f-%.0f, n=%d)",
        median() * 1000,
        min() * 1000,
        max() * 1000,
        sorted.size());
  }

  static String s(double seconds) {
    return String.format(Locale.ROOT, seconds < 10 ? "%.2f" : "%.1f", seconds);
  }
}

package io.neo4jrestore.runner.bench;

import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.testenv.ControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the audit log costs the API server (why it is opt-in for the tests or could be always on):
 * two control planes, one with the benchmarks' audit policy and one without, the same requests (a
 * GET and a merge PATCH of a ConfigMap) sent to each in alternating batches. Not in the default run
 * (it starts two more control planes): {@code scripts/bench.sh --only audit --no-docs}.
 */
final class AuditLogCost {
  private static final int ROUNDS = 12;
  private static final int PAIRS = 150;

  private final Report report;
  private final Path root;
  private final Path work;

  AuditLogCost(Report report, Path root, Path work) {
    this.report = report;
    this.root = root;
    this.work = work;
  }

  void run() throws Exception {
    String load =
        report.section(
            "What the audit log costs",
            "Two control planes, one writing the audit log (the benchmarks' policy), one not;"
                + " "
                + ROUNDS
                + " rounds, each sending "
                + PAIRS
                + " GET + merge PATCH pairs of one ConfigMap to each, in alternating order.");
    ControlPlane on =
        ControlPlane.start(
            root,
            work.resolve("audit-on"),
            work.resolve("audit-on-logs"),
            new ControlPlane.Options(true, List.of()));
    ControlPlane off =
        ControlPlane.start(
            root,
            work.resolve("audit-off"),
            work.resolve("audit-off-logs"),
            ControlPlane.Options.defaults());
    try {
      RawApi withLog = new RawApi(on.admin());
      RawApi without = new RawApi(off.admin());
      for (RawApi r : List.of(withLog, without)) {
        r.post(
            "/api/v1/namespaces/default/configmaps",
            Map.of(
                "apiVersion",
                "v1",
                "kind",
                "ConfigMap",
                "metadata",
                Map.of("name", "bench"),
                "data",
                Map.of("k", "v")),
            Map.of());
      }
      List<Double> timesOn = new ArrayList<>();
      List<Double> timesOff = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        for (int which = 0; which < 2; which++) {
          boolean audited = (round + which) % 2 == 0;
          RawApi r = audited ? withLog : without;
          long t0 = System.nanoTime();
          for (int i = 0; i < PAIRS; i++) {
            r.get("/api/v1/namespaces/default/configmaps/bench");
            r.mergePatch(
                "/api/v1/namespaces/default/configmaps/bench",
                Map.of("data", Map.of("k", "v" + i)));
          }
          double perRequest = (System.nanoTime() - t0) / 1e9 / (2 * PAIRS);
          (audited ? timesOn : timesOff).add(perRequest);
        }
      }
      long bytes = Files.size(on.auditLog());
      long lines;
      try (var l = Files.lines(on.auditLog())) {
        lines = l.count();
      }
      Stats s1 = Stats.of(timesOn);
      Stats s0 = Stats.of(timesOff);
      report.table("per request (a round's mean), median (min-max)", "audit log", "none", "ratio");
      report.row(
          "GET or merge PATCH",
          String.format(
              Locale.ROOT,
              "%.2f ms (%.2f-%.2f)",
              s1.median() * 1e3,
              s1.min() * 1e3,
              s1.max() * 1e3),
          String.format(
              Locale.ROOT,
              "%.2f ms (%.2f-%.2f)",
              s0.median() * 1e3,
              s0.min() * 1e3,
              s0.max() * 1e3),
          DemoRestores.ratio(s1.median(), s0.median()));
      report.line("");
      report.line(
          String.format(
              Locale.ROOT,
              "The audit log grew by %d bytes for %d events: %.0f bytes each.",
              bytes,
              lines,
              bytes / (double) Math.max(1, lines)));
    } finally {
      on.close();
      off.close();
    }
    report.endSection(load);
  }
}

package io.neo4jrestore.runner.bench;

import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cluster-side benchmarks ({@code scripts/bench.sh}): on the local control plane (real
 * kube-apiserver with an audit log, etcd, controllers; the fake kubelet; the runner with the
 * simulated Neo4j side, as in the demo) it times the runner's waits, counts its requests, sweeps
 * 1,000 restores with the dispatcher, runs 20 restores at once, measures the runner's memory and
 * the plugin's {@code watch} latency. Prints Markdown; with {@code --docs FILE} also writes it into
 * that file's generated block. Never fails on a time: only on a benchmark that could not run.
 *
 * <p>Usage: {@code Bench [--smoke] [--runs N] [--only demo,many,sweep,watch,audit] [--docs FILE]}
 * ({@code audit} only when named).
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    boolean smoke = false;
    int runs = 3;
    Path docs = null;
    List<String> only = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--smoke" -> smoke = true;
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--docs" -> docs = Path.of(args[++i]);
        case "--only" -> only.addAll(List.of(args[++i].split(",")));
        default -> {
          System.err.println(
              "usage: Bench [--smoke] [--runs N] [--only demo,many,sweep,watch,audit] [--docs FILE]");
          System.exit(2);
        }
      }
    }
    if (smoke) {
      runs = 1;
    }
    LenientJson.install();
    Instant t0 = Instant.now();
    Path root = ControlPlaneExtension.repoRoot();
    Path work = Files.createTempDirectory("neo4j-restore-bench-");
    Report report = new Report();
    report.started();
    int exit = 0;
    try {
      if (only.isEmpty() || !only.equals(List.of("audit"))) {
        cluster(root, work, smoke, only, runs, report);
      }
      if (only.contains("audit")) { // not by default: two more control planes
        new AuditLogCost(report, root, work).run();
      }
    } catch (Exception | AssertionError e) {
      e.printStackTrace();
      exit = 1;
    }
    if (exit == 0) {
      deleteTree(work);
    } else {
      System.err.println("[bench] logs (audit log, API server, pods) kept in " + work);
    }
    String header =
        String.format(
            Locale.ROOT,
            "Run of %s UTC%s, %d cores, %s wall in all (control plane start included).",
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(t0.atOffset(ZoneOffset.UTC)),
            smoke ? " (smoke: one of each, shortened)" : "",
            Runtime.getRuntime().availableProcessors(),
            seconds(Duration.between(t0, Instant.now())));
    String markdown = report.markdown(header);
    System.out.println(markdown);
    if (docs != null && exit == 0) {
      Report.writeInto(docs, markdown);
      System.err.println("[bench] figures written to " + docs);
    }
    System.exit(exit);
  }

  /**
   * The benchmarks on one control plane (audit log, API Priority and Fairness) and fake kubelet.
   */
  private static void cluster(
      Path root, Path work, boolean smoke, List<String> only, int runs, Report report)
      throws Exception {
    ControlPlane cp =
        ControlPlane.start(
            root,
            work.resolve("cp"),
            work.resolve("logs"),
            // API Priority and Fairness on (as in real clusters), with small limits: the
            // throttled run holds the runners to one seat of them
            new ControlPlane.Options(
                true,
                List.of(
                    "--enable-priority-and-fairness=true",
                    "--max-requests-inflight=100",
                    "--max-mutating-requests-inflight=50")));
    FakeKubelet kubelet = FakeKubelet.start(cp, work.resolve("logs").resolve("pods"));
    try {
      BenchCluster b = new BenchCluster(cp, kubelet, root, work, smoke);
      if (only.isEmpty() || only.contains("demo")) {
        new DemoRestores(b, report, runs).run();
      }
      if (only.isEmpty() || only.contains("many")) {
        new ManyRestores(b, report, smoke ? 2 : 20, false).run();
        new ManyRestores(b, report, smoke ? 2 : 20, true).run();
      }
      if (only.isEmpty() || only.contains("sweep")) {
        if (smoke) {
          new DispatcherSweep(b, report, 4, 5, 2).run();
        } else {
          new DispatcherSweep(b, report, 50, 20, 10).run();
        }
      }
      if (only.isEmpty() || only.contains("watch")) {
        new PluginWatchLatency(b, report, smoke ? 3 : 20).run();
      }
    } finally {
      kubelet.close();
      cp.close();
    }
  }

  private static void deleteTree(Path root) {
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("[bench] could not remove " + root + ": " + e.getMessage());
    }
  }

  static String seconds(Duration d) {
    long s = d.toSeconds();
    return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
  }
}

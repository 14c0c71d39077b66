package io.neo4jrestore.runner.bench;

import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.runner.bench.AuditLog.Request;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code kubectl neo4j-restore watch}, the plugin as built ({@code plugin/target}), following a
 * restore whose status the benchmark writes: from just before each status write is sent to the
 * moment the plugin's line for it arrives on its standard output.
 */
final class PluginWatchLatency {
  private static final String NS = "watch-bench";
  private static final String NAME = "followed";

  private final BenchCluster b;
  private final Report report;
  private final int writes;

  PluginWatchLatency(BenchCluster b, Report report, int writes) {
    this.b = b;
    this.report = report;
    this.writes = writes;
  }

  void run() throws Exception {
    Path plugin = b.repoRoot.resolve("plugin/target/kubectl-neo4j_restore");
    String load =
        report.section(
            "`kubectl neo4j-restore watch`: status write -> line printed",
            "The plugin as built (`plugin/target/kubectl-neo4j_restore watch "
                + NAME
                + "`, its own JVM) follows a restore while the benchmark writes its status "
                + writes
                + " times, 300 ms apart, each write a new progress text of step `Restore` (one new"
                + " line); timed from just before the write is sent to the line's arrival on the"
                + " plugin's standard output (a pipe).");
    if (!Files.isExecutable(plugin)) {
      report.line("Not measured: " + plugin + " is not built (`mvn package` builds it).");
      report.endSection(load);
      return;
    }
    b.createNamespace(NS);
    b.fixtures.restore(
        NS,
        "apiVersion: "
            + RestoreApi.API_VERSION
            + "\nkind: "
            + RestoreApi.KIND
            + "\nmetadata: {name: "
            + NAME
            + "}\nspec:\n"
            + BenchCluster.DEMO_SPEC);
    String start = Instant.now().toString();
    write(status("Running", start, "bench 0", null));

    Path kubeconfig = b.cp.kubeconfigForUser(BenchCluster.PLUGIN_USER, "system:masters");
    ProcessBuilder pb =
        new ProcessBuilder(plugin.toString(), "watch", NAME, "-n", NS)
            .redirectError(b.work.resolve("plugin-watch.err").toFile());
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    Process p = pb.start();
    BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(new Line(System.nanoTime(), line));
                }
              } catch (java.io.IOException e) {
                // the process ended
              }
            },
            "plugin-watch-reader");
    reader.setDaemon(true);
    reader.start();
    List<Double> latencies = new ArrayList<>();
    Instant t0;
    Instant t1;
    try {
      await(lines, "bench 0", Duration.ofSeconds(120)); // JVM start, first list
      t0 = Instant.now();
      for (int i = 1; i <= writes; i++) {
        long sent = System.nanoTime();
        write(status("Running", start, "bench " + i, null));
        long printed = await(lines, "bench " + i, Duration.ofSeconds(30));
        latencies.add((printed - sent) / 1e9);
        Thread.sleep(300);
      }
      t1 = Instant.now();
      write(status("Completed", start, "bench done", Instant.now().toString()));
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the plugin's watch did not end at Completed");
      }
    } finally {
      p.destroyForcibly();
    }
    Stats s = Stats.of(latencies);
    List<Request> plugin0 =
        b.audit.where(
            r ->
                r.user().equals(BenchCluster.PLUGIN_USER)
                    && !r.received().isBefore(t0)
                    && !r.received().isAfter(t1)
                    && !r.stream());
    report.table("figure", "value");
    report.row(
        "status write sent -> line printed: median / p95 / max",
        ms(s.median()) + " / " + ms(s.percentile(95)) + " / " + ms(s.max()) + " (n=" + s.n() + ")");
    report.row(
        "the plugin's requests per status write (watch stream excluded)",
        String.format(
            Locale.ROOT,
            "%.1f (%s)",
            plugin0.size() / (double) writes,
            AuditLog.byWhat(plugin0).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .reduce((x, y) -> x + ", " + y)
                .orElse("none")));
    report.row("plugin exit code at `Completed`", p.exitValue());
    report.goal(
        "plugin `watch`: status write -> line printed",
        "median < 200 ms",
        ms(s.median()) + " (p95 " + ms(s.percentile(95)) + ")",
        s.median() < 0.2);
    report.endSection(load);
  }

  private record Line(long nanos, String text) {}

  private static long await(BlockingQueue<Line> lines, String text, Duration bound)
      throws InterruptedException {
    long end = System.nanoTime() + bound.toNanos();
    while (true) {
      Line l = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (l == null) {
        throw new IllegalStateException("the plugin printed no line with \"" + text + "\"");
      }
      if (l.text().contains(text)) {
        return l.nanos();
      }
    }
  }

  private void write(Map<String, Object> status) throws Exception {
    b.raw.mergePatch(
        "/apis/"
            + RestoreApi.API_VERSION
            + "/namespaces/"
            + NS
            + "/"
            + RestoreApi.PLURAL
            + "/"
            + NAME
            + "/status",
        Map.of("status", status));
  }

  private static Map<String, Object> status(
      String phase, String start, String progress, String completion) {
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("name", "Restore");
    step.put("state", completion == null ? "Running" : "Succeeded");
    step.put("startTime", start);
    step.put("progress", progress);
    if (completion != null) {
      step.put("completionTime", completion);
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("phase", phase);
    s.put("startTime", start);
    s.put("observedGeneration", 1);
    s.put("message", "benchmark");
    s.put("steps", List.of(step));
    if (completion != null) {
      s.put("completionTime", completion);
    }
    return s;
  }

  private static String ms(double seconds) {
    return String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
  }
}

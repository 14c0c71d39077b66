package io.neo4jrestore.runner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.runner.bench.AuditLog.Request;
import io.neo4jrestore.runner.dispatch.Dispatcher;
import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.testenv.ControlPlane;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The GitOps dispatcher across a big cluster: N {@code Neo4jRestore}s spread over M namespaces, all
 * but P of them finished for their generation, swept as the CronJob does (a process, JVM start
 * included) and then in-process, listing the M namespaces one by one and listing all namespaces at
 * once. Sweep time, the runner Jobs created (exactly P), requests per sweep.
 */
final class DispatcherSweep {
  private static final String SPEC =
      "{\"targetCluster\":\"prod\",\"databaseName\":\"movies\","
          + "\"source\":{\"type\":\"backup\",\"backupRef\":\"nightly\"}}";

  private final BenchCluster b;
  private final Report report;
  private final int namespaces;
  private final int perNamespace;
  private final int pending;
  private final int sweeps;

  DispatcherSweep(BenchCluster b, Report report, int namespaces, int perNamespace, int pending) {
    this.b = b;
    this.report = report;
    this.namespaces = namespaces;
    this.perNamespace = perNamespace;
    this.pending = pending;
    this.sweeps = b.smoke ? 2 : 5;
  }

  void run() throws Exception {
    int total = namespaces * perNamespace;
    String load =
        report.section(
            "The dispatcher's sweep over " + total + " restores",
            String.format(
                Locale.ROOT,
                "%d `Neo4jRestore`s in %d namespaces (%d each), %d of them pending (no attempt"
                    + " yet), the others `Completed` for their generation. First `runner dispatch"
                    + " --all-namespaces` as the CronJob runs it (a process of its own: JVM start"
                    + " included; the image's JVM flags), which starts the pending restores' runner"
                    + " Jobs; then %d sweeps in one process per mode (nothing left to start: each"
                    + " pending restore's Job exists, `AlreadyExists`): with `--namespaces` (one list"
                    + " per namespace) and cluster-wide (pages of %d). Requests from the API"
                    + " server's audit log, by the dispatcher's user.",
                total,
                namespaces,
                perNamespace,
                pending,
                sweeps,
                250));
    List<String> nsNames = new ArrayList<>();
    for (int i = 0; i < namespaces; i++) {
      nsNames.add(String.format(Locale.ROOT, "sweep-%02d", i));
    }
    Instant setup = Instant.now();
    populate(nsNames);
    Duration setupTime = Duration.between(setup, Instant.now());
    Path kubeconfig = b.cp.kubeconfigForUser(BenchCluster.DISPATCHER_USER, "system:masters");

    // as the CronJob runs it: a process
    Instant p0 = Instant.now();
    ProcessResult process = dispatchProcess(kubeconfig);
    Instant p1 = Instant.now();
    List<Request> processed = requests(p0, p1);
    int processRequests = processed.size();

    RawApi raw = new RawApi(ControlPlane.client(kubeconfig));
    Dispatcher dispatcher =
        new Dispatcher(raw, "runner:bench", new PrintStream(PrintStream.nullOutputStream()))
            .lostRunners(
                (restore, why) -> {
                  throw new IllegalStateException("no restore of the sweep is Running");
                },
                java.time.Clock.systemUTC(),
                Duration.ofMinutes(10));
    List<Sweep> listed = sweeps(dispatcher, nsNames);
    List<Sweep> clusterWide = sweeps(dispatcher, List.of());
    int jobs = runnerJobs(nsNames);

    report.table("sweep", "time: median (min-max)", "requests per sweep", "Jobs started");
    report.row(
        "`runner dispatch --all-namespaces`, a process (as the CronJob)",
        Stats.s(Duration.between(p0, p1).toMillis() / 1000.0) + " s (exit " + process.exit + ")",
        processRequests,
        process.started);
    report.row(
        "in-process, `--namespaces` " + namespaces + " namespaces",
        Stats.ofDurations(listed.stream().map(Sweep::time).toList()).seconds(),
        range(listed),
        listed.stream().mapToInt(Sweep::started).sum());
    report.row(
        "in-process, all namespaces",
        Stats.ofDurations(clusterWide.stream().map(Sweep::time).toList()).seconds(),
        range(clusterWide),
        clusterWide.stream().mapToInt(Sweep::started).sum());
    if (!processed.isEmpty()) {
      Instant first = processed.get(0).received();
      Instant last = processed.get(processed.size() - 1).done();
      report.line("");
      report.line(
          String.format(
              Locale.ROOT,
              "The process: %s s from its start to its first request (JVM start, the Kubernetes"
                  + " client), %s s from its first request to its last (the sweep), %s s to its"
                  + " exit.",
              Stats.s(Duration.between(p0, first).toMillis() / 1000.0),
              Stats.s(Duration.between(first, last).toMillis() / 1000.0),
              Stats.s(Duration.between(last, p1).toMillis() / 1000.0)));
    }
    RunnerMemory memory = RunnerMemory.parse(process.output()).orElse(null);
    if (memory != null) {
      report.line("");
      report.line(
          String.format(
              Locale.ROOT,
              "The dispatch process (the image's JVM flags, limit %s): heap peak %.1f MiB (max"
                  + " %.1f), %.1f MiB after GC at most, RSS peak %.1f MiB, %.2f s CPU.",
              b.memoryLimit,
              memory.heapPeak(),
              memory.heapMax(),
              memory.liveAfterGc(),
              memory.rssPeak(),
              memory.cpuSeconds()));
    }
    report.line("");
    report.line(
        "Requests of one cluster-wide sweep: "
            + AuditLog.byWhat(clusterWide.get(0).requests()).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .reduce((x, y) -> x + ", " + y)
                .orElse("none")
            + "; of one `--namespaces` sweep: "
            + AuditLog.byWhat(listed.get(0).requests()).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .reduce((x, y) -> x + ", " + y)
                .orElse("none")
            + ". Runner Jobs in the "
            + namespaces
            + " namespaces afterwards: "
            + jobs
            + " (expected "
            + pending
            + "). Creating the "
            + total
            + " restores and their statuses took "
            + Stats.s(setupTime.toMillis() / 1000.0)
            + " s.");
    double sweepMedian = Stats.ofDurations(clusterWide.stream().map(Sweep::time).toList()).median();
    report.goal(
        "dispatcher sweep, "
            + total
            + " restores in "
            + namespaces
            + " namespaces, "
            + pending
            + " pending",
        "one sweep < 2 s; exactly " + pending + " runner Jobs",
        String.format(
            Locale.ROOT,
            "%s s in-process (cluster-wide, %s requests), %s s as a process; %d Jobs",
            Stats.s(sweepMedian),
            range(clusterWide),
            Stats.s(Duration.between(p0, p1).toMillis() / 1000.0),
            jobs),
        sweepMedian < 2.0 && jobs == pending && process.started == pending);
    report.endSection(load);
  }

  /** One in-process sweep: its time, the Jobs it started, its requests. */
  record Sweep(Duration time, int started, List<Request> requests) {}

  private List<Sweep> sweeps(Dispatcher dispatcher, List<String> scope) throws Exception {
    List<Sweep> out = new ArrayList<>();
    for (int i = 0; i < sweeps; i++) {
      Instant t0 = Instant.now();
      long n0 = System.nanoTime();
      int started = dispatcher.sweep(scope).size();
      Duration time = Duration.ofNanos(System.nanoTime() - n0);
      Instant t1 = Instant.now();
      out.add(new Sweep(time, started, requests(t0, t1)));
    }
    return out;
  }

  private List<Request> requests(Instant from, Instant to) {
    return b.audit.where(
        r ->
            r.user().equals(BenchCluster.DISPATCHER_USER)
                && !r.received().isBefore(from.minusMillis(5))
                && !r.received().isAfter(to.plusMillis(5)));
  }

  private static String range(List<Sweep> sweeps) {
    Stats s = Stats.of(sweeps.stream().map(w -> (double) w.requests().size()).toList());
    return s.min() == s.max()
        ? String.format(Locale.ROOT, "%.0f", s.min())
        : String.format(Locale.ROOT, "%.0f-%.0f", s.min(), s.max());
  }

  /** The namespaces and restores; statuses written as a runner leaves them (Completed). */
  private void populate(List<String> nsNames) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String ns : nsNames) {
        b.raw.post(
            "/api/v1/namespaces",
            Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", ns)),
            Map.of());
      }
      int index = 0;
      for (String ns : nsNames) {
        for (int i = 0; i < perNamespace; i++) {
          boolean isPending = i == 0 && index / perNamespace < pending;
          String name = String.format(Locale.ROOT, "restore-%03d", i);
          index++;
          done.add(pool.submit(() -> create(ns, name, isPending)));
        }
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Void create(String ns, String name, boolean isPending) throws Exception {
    String base = "/apis/" + RestoreApi.API_VERSION + "/namespaces/" + ns + "/" + RestoreApi.PLURAL;
    JsonNode spec = io.neo4jrestore.api.json.ApiMapper.json().readTree(SPEC);
    b.raw.post(
        base,
        Map.of(
            "apiVersion",
            RestoreApi.API_VERSION,
            "kind",
            RestoreApi.KIND,
            "metadata",
            Map.of("name", name),
            "spec",
            spec),
        Map.of());
    if (!isPending) {
      b.raw.mergePatch(
          base + "/" + name + "/status",
          Map.of(
              "status",
              Map.of(
                  "phase",
                  "Completed",
                  "observedGeneration",
                  1,
                  "message",
                  "restored by the benchmark's set-up")));
    }
    return null;
  }

  private int runnerJobs(List<String> nsNames) throws Exception {
    int n = 0;
    for (String ns : nsNames) {
      n +=
          b.raw
              .call(
                  "GET",
                  "/apis/batch/v1/namespaces/" + ns + "/jobs",
                  null,
                  null,
                  Map.of("labelSelector", Labels.COMPONENT + "=" + JobRole.RUNNER.label()))
              .path("items")
              .size();
    }
    return n;
  }

  record ProcessResult(int exit, int started, String output) {}

  /** {@code runner dispatch --all-namespaces} as a process, with the runner image's JVM flags. */
  private ProcessResult dispatchProcess(Path kubeconfig) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(BenchCluster.java());
    command.addAll(b.runnerJvm);
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(MeasuredRunner.class.getName());
    command.addAll(
        List.of(
            "dispatch",
            "--kubeconfig",
            kubeconfig.toString(),
            "--runner-image",
            "runner:bench",
            "--all-namespaces"));
    Path out = Files.createTempFile(b.work, "dispatch-", ".log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("runner dispatch did not end in 5 minutes");
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    int started = (int) text.lines().filter(l -> l.startsWith("started runner Job ")).count();
    return new ProcessResult(p.exitValue(), started, text);
  }
}

package io.neo4jrestore.runner.bench;

import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.testenv.neo4j.BoltStandIn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The demo's restore (cluster {@code prod}, 3 servers, stop-cluster, from a Neo4jBackup on a PVC),
 * run one after another with the runner's waits watch-driven and, for comparison in the same run,
 * reading every poll interval (2 s) as before: reaction times, requests per restore, memory.
 */
final class DemoRestores {
  private static final String STS = "prod-server";

  private final BenchCluster b;
  private final Report report;
  private final int runs;

  DemoRestores(BenchCluster b, Report report, int runs) {
    this.b = b;
    this.report = report;
    this.runs = runs;
  }

  /** One restore's figures. */
  record Run(boolean watch, RestoreTimeline timeline, RunnerMemory memory) {}

  List<Run> run() throws Exception {
    String load =
        report.section(
            "The demo's restore: runner overhead and requests",
            "The demo's restore (`create movies-restore --target prod --database movies"
                + " --source-type backup --backup-ref nightly --force --stop-cluster`: cluster `prod`"
                + " with 3 servers scaled 3 -> 0 -> 3) run "
                + runs
                + " time(s) per mode, one after another, modes alternating, each in a namespace of its"
                + " own as in the demo (the first restore of its target). *watch*: the runner as"
                + " built; *poll*: the same runner reading what it waits for every 2 s (`poll`"
                + " interval), as it did before its waits were watch-driven. Times come from the API"
                + " server's audit log: when the write that made a condition true completed, and when"
                + " the runner's next request arrived.");
    List<Run> all = new ArrayList<>();
    List<Boolean> modes = b.smoke ? List.of(true) : List.of(true, false);
    for (int i = 1; i <= runs; i++) {
      for (boolean watch : modes) {
        all.add(one(watch, i));
      }
    }
    RunnerMemory bolt = b.smoke ? null : withBoltDriver();
    print(all, modes, bolt);
    report.endSection(load);
    return all;
  }

  private static final String BOLT_SPEC =
      """
        targetCluster: graph
        databaseName: movies
        source:
          type: s3
          storage: {type: s3, bucket: backups, path: graph/, cloud: {provider: aws, credentialsSecretRef: aws-creds}}
          backupPath: movies-2025-01-20T02-00-00.backup
      """;

  /**
   * The production runner, its Bolt driver included (the demo's runner simulates the Neo4j side),
   * restoring online into a standalone that {@link BoltStandIn} plays; its Service name resolves to
   * the stand-in through a hosts file. Its memory only.
   */
  private RunnerMemory withBoltDriver() throws Exception {
    String ns = "bolt";
    b.createNamespace(ns);
    b.fixtures.runnerRbac(ns);
    b.fixtures.standalone(ns, "graph", "5.26.12-enterprise");
    b.fixtures.secret(
        ns,
        "aws-creds",
        Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "not-a-real-key"));
    try (BoltStandIn neo4j = BoltStandIn.start("neo4j", "not-a-real-password", "5.26.12")) {
      java.nio.file.Path hosts = b.work.resolve("hosts");
      java.nio.file.Files.writeString(
          hosts, "127.0.0.1 localhost\n" + neo4j.address() + " graph-service." + ns + ".svc\n");
      BenchCluster.Started s =
          b.start(
              ns,
              "from-s3",
              BOLT_SPEC,
              BenchCluster.production(List.of("-Djdk.net.hosts.file=" + hosts)));
      String phase = b.awaitTerminal(List.of(s), Duration.ofMinutes(5)).get(ns + "/from-s3");
      if (!"Completed".equals(phase)) {
        throw new IllegalStateException(
            "the production runner's restore ended " + phase + "; see " + b.cp.logDir());
      }
      return b.memory(ns, b.runnerPod(ns, s.runnerJob())).orElse(null);
    }
  }

  private Run one(boolean watch, int i) throws Exception {
    String name = "movies-" + (watch ? "watch" : "poll") + "-" + i;
    // a namespace of its own, as in the demo: the first restore of its target (a later restore of
    // the same target takes the released Lease over: 2 requests more)
    String ns = name;
    b.demoNamespace(ns);
    BenchCluster.Started s = b.start(ns, name, BenchCluster.DEMO_SPEC, b.simulated(watch));
    Map<String, String> phases = b.awaitTerminal(List.of(s), Duration.ofMinutes(5));
    String phase = phases.get(ns + "/" + name);
    if (!"Completed".equals(phase)) {
      throw new IllegalStateException(
          "restore " + name + " ended " + phase + "; see " + b.cp.logDir());
    }
    String pod = b.runnerPod(ns, s.runnerJob());
    RunnerMemory memory = b.memory(ns, pod).orElse(null);
    String restoreJob = ResourceNames.job(name, s.uid(), 1, null, JobRole.RESTORE);
    RestoreTimeline t = RestoreTimeline.of(b.audit.all(), s, pod, restoreJob, STS, 3);
    System.err.printf(
        Locale.ROOT,
        "[bench] %s: %d requests, Job complete -> Completed %.2fs, reactions %.3f/%.3f/%.3fs%n",
        name,
        t.requests().size(),
        t.jobToCompleted().toMillis() / 1000.0,
        t.podsGoneReaction().toMillis() / 1000.0,
        t.jobReaction().toMillis() / 1000.0,
        t.readyReaction().toMillis() / 1000.0);
    return new Run(watch, t, memory);
  }

  private void print(List<Run> all, List<Boolean> modes, RunnerMemory bolt) {
    Map<String, Function<RestoreTimeline, Duration>> rows = new LinkedHashMap<>();
    rows.put(
        "last target pod gone (scale to 0) -> runner goes on", RestoreTimeline::podsGoneReaction);
    rows.put("restore Job `Complete` -> runner goes on", RestoreTimeline::jobReaction);
    rows.put(
        "StatefulSet 3/3 ready (scale back) -> runner goes on", RestoreTimeline::readyReaction);
    rows.put("restore Job `Complete` -> status `Completed`", RestoreTimeline::jobToCompleted);
    rows.put(
        "of which: the StatefulSet becoming ready (not the runner)", RestoreTimeline::clusterUp);
    rows.put("of which: the runner's own time", RestoreTimeline::runnerOverhead);
    rows.put(
        "restore created -> runner's first request (pod, JVM start)", RestoreTimeline::runnerStart);
    rows.put("restore created -> status `Completed`", RestoreTimeline::total);
    if (modes.size() == 2) {
      report.table("median (min-max)", "watch", "poll every 2 s", "watch / poll");
    } else {
      report.table("median (min-max)", "watch");
    }
    for (var row : rows.entrySet()) {
      Stats w = stats(all, true, row.getValue());
      if (modes.size() == 2) {
        Stats p = stats(all, false, row.getValue());
        report.row(row.getKey(), w.seconds(), p.seconds(), ratio(w.median(), p.median()));
      } else {
        report.row(row.getKey(), w.seconds());
      }
    }
    List<Double> wr = counts(all, true);
    if (modes.size() == 2) {
      List<Double> pr = counts(all, false);
      report.row(
          "API requests per restore (watch streams and log reads excluded)",
          range(wr),
          range(pr),
          ratio(Stats.of(wr).median(), Stats.of(pr).median()));
    } else {
      report.row("API requests per restore (watch streams and log reads excluded)", range(wr));
    }
    Run first = all.stream().filter(Run::watch).findFirst().orElseThrow();
    Stats reactions =
        Stats.ofDurations(
            all.stream()
                .filter(Run::watch)
                .flatMap(
                    r ->
                        java.util.stream.Stream.of(
                            r.timeline().podsGoneReaction(),
                            r.timeline().jobReaction(),
                            r.timeline().readyReaction()))
                .toList());
    Stats jobToCompleted = stats(all, true, RestoreTimeline::jobToCompleted);
    Stats clusterUp = stats(all, true, RestoreTimeline::clusterUp);
    Stats overhead = stats(all, true, RestoreTimeline::runnerOverhead);
    report.goal(
        "runner's reaction to what it waits for (3 waits per restore, watch)",
        "median < 1 s",
        reactions.millis(),
        reactions.median() < 1.0);
    report.goal(
        "runner overhead: restore Job complete -> status `Completed`, less the StatefulSet's own"
            + " time to become ready",
        "median < 1 s",
        overhead.millis()
            + "; with the StatefulSet's "
            + Stats.s(clusterUp.median())
            + " s: "
            + Stats.s(jobToCompleted.median())
            + " s",
        overhead.median() < 1.0);
    report.goal(
        "API requests per restore (the demo's)", "<= 40", range(wr), Stats.of(wr).max() <= 40);

    report.line("");
    report.line(
        "Requests of one runner (watch mode, "
            + first.timeline().requests().size()
            + " in all; plus "
            + first.timeline().streams().size()
            + " watch streams and log reads), by verb and resource:");
    report.line("");
    report.table("verb resource", "requests");
    AuditLog.byWhat(first.timeline().requests()).forEach(report::row);
    report.line("");
    report.line(
        "Streams: "
            + AuditLog.byWhat(first.timeline().streams()).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .reduce((x, y) -> x + ", " + y)
                .orElse("none")
            + ".");

    List<RunnerMemory> memory =
        new ArrayList<>(
            all.stream().filter(Run::watch).map(Run::memory).filter(m -> m != null).toList());
    if (!memory.isEmpty()) {
      report.line("");
      report.line(
          "Memory of the runner process (watch mode; JVM flags of the image's entrypoint plus"
              + " `-XX:MaxRAM` = the runner Job's memory limit "
              + b.memoryLimit
              + ": `"
              + String.join(" ", b.runnerJvm)
              + "`), in MiB:");
      report.line("");
      report.table(
          "run",
          "heap peak (pools' peaks summed)",
          "heap after GC, largest",
          "max heap",
          "GCs (ms)",
          "non-heap peak",
          "RSS peak",
          "CPU s");
      if (bolt != null) {
        memory.add(bolt);
      }
      int i = 1;
      for (RunnerMemory m : memory) {
        report.row(
            m == bolt
                ? "production runner with its Bolt driver: an online restore into a standalone"
                    + " (Bolt stand-in)"
                : "demo restore " + i++,
            mib(m.heapPeak()),
            mib(m.liveAfterGc()),
            mib(m.heapMax()),
            m.gcCount() + " (" + m.gcMillis() + ")",
            mib(m.nonHeapPeak()),
            mib(m.rssPeak()),
            Stats.s(m.cpuSeconds()));
      }
      double heapPeak = memory.stream().mapToDouble(RunnerMemory::heapPeak).max().orElse(0);
      double rssPeak = memory.stream().mapToDouble(RunnerMemory::rssPeak).max().orElse(0);
      report.goal(
          "runner heap during the demo restore"
              + (bolt == null ? "" : " (and the production runner, Bolt driver included)"),
          "< 64 MiB",
          "peak "
              + mib(heapPeak)
              + " MiB (max heap "
              + mib(memory.get(0).heapMax())
              + "), RSS peak "
              + mib(rssPeak)
              + " MiB, limit "
              + b.memoryLimit,
          heapPeak < 64);
    }
  }

  private static Stats stats(List<Run> all, boolean watch, Function<RestoreTimeline, Duration> f) {
    return Stats.ofDurations(
        all.stream().filter(r -> r.watch() == watch).map(r -> f.apply(r.timeline())).toList());
  }

  private static List<Double> counts(List<Run> all, boolean watch) {
    return all.stream()
        .filter(r -> r.watch() == watch)
        .map(r -> (double) r.timeline().requests().size())
        .toList();
  }

  private static String range(List<Double> v) {
    Stats s = Stats.of(v);
    return s.min() == s.max()
        ? String.format(Locale.ROOT, "%.0f", s.min())
        : String.format(Locale.ROOT, "%.0f-%.0f (median %.0f)", s.min(), s.max(), s.median());
  }

  static String ratio(double a, double b) {
    return b == 0 || Double.isNaN(a) || Double.isNaN(b)
        ? "n/a"
        : String.format(Locale.ROOT, "%.2f", a / b);
  }

  static String mib(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}

package io.neo4jrestore.runner.bench;

import io.neo4jrestore.runner.bench.AuditLog.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A disaster-recovery day: N restores of N different targets (each the demo's: 3 servers,
 * stop-cluster, one per namespace) started at once, each runner a JVM of its own on this machine.
 * Wall time, time per restore, the API server's request rate and its 429 answers, runner memory.
 */
final class ManyRestores {
  /** The API Priority and Fairness level that throttles the runners in the throttled run. */
  static final String THROTTLE = "neo4j-restore-bench-runners";

  private final BenchCluster b;
  private final Report report;
  private final int count;
  private final boolean throttled;

  /**
   * @param throttled the runners' requests get one seat of the API server (API Priority and
   *     Fairness, excess rejected with 429): how a busy or tenant-limited cluster answers them
   */
  ManyRestores(BenchCluster b, Report report, int count, boolean throttled) {
    this.b = b;
    this.report = report;
    this.count = count;
    this.throttled = throttled;
  }

  void run() throws Exception {
    String load =
        report.section(
            count
                + " restores of "
                + count
                + " targets at once"
                + (throttled ? ", runners throttled by the API server" : ""),
            throttled
                ? "The same again (a second restore of each target), with the runners' requests"
                    + " held to one seat of the API server: a PriorityLevelConfiguration (API"
                    + " Priority and Fairness) with `nominalConcurrencyShares: 1` and `limitResponse:"
                    + " Reject` (the server's limits are 100 + 50 in flight, so that is 1 seat) and a"
                    + " FlowSchema for every `neo4j-restore-runner` ServiceAccount: a request that"
                    + " finds the seat taken is answered 429 at once. The runner's client waits the"
                    + " `Retry-After` plus 0-100 % before sending it again (up to 5 times)."
                : count
                    + " namespaces, each with the demo's target (cluster `prod`, 3 servers) and"
                    + " restore (stop-cluster, from a Neo4jBackup on a PVC); the "
                    + count
                    + " restores and their runner Jobs are created at once (8 threads), and every"
                    + " runner is a JVM of its own on this machine, sharing its cores with the"
                    + " control plane and the fake kubelet.");
    List<String> namespaces = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      namespaces.add(String.format(Locale.ROOT, "many-%02d", i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, count));
    try {
      if (throttled) {
        throttle(true, namespaces);
      } else {
        all(
            pool,
            namespaces,
            ns -> {
              b.demoNamespace(ns);
              return null;
            });
      }
      String name = throttled ? "movies-throttled" : "movies";
      Instant t0 = Instant.now();
      List<BenchCluster.Started> started =
          all(pool, namespaces, ns -> b.start(ns, name, BenchCluster.DEMO_SPEC, b.simulated(true)));
      Map<String, String> phases = b.awaitTerminal(started, Duration.ofMinutes(10));
      Instant t1 = Instant.now();
      print(started, phases, t0, t1);
    } finally {
      pool.shutdownNow();
      if (throttled) {
        throttle(false, namespaces);
      }
    }
    report.endSection(load);
  }

  /** Creates (or deletes) the priority level and flow schema that hold the runners to 1 seat. */
  private void throttle(boolean on, List<String> namespaces) throws Exception {
    String api = "/apis/flowcontrol.apiserver.k8s.io/v1/";
    if (!on) {
      for (String kind : List.of("flowschemas", "prioritylevelconfigurations")) {
        try {
          b.raw.call("DELETE", api + kind + "/" + THROTTLE, null, null, Map.of());
        } catch (io.kubernetes.client.openapi.ApiException e) {
          if (e.getCode() != 404) {
            throw e;
          }
        }
      }
      return;
    }
    b.raw.post(
        api + "prioritylevelconfigurations",
        Map.of(
            "apiVersion",
            "flowcontrol.apiserver.k8s.io/v1",
            "kind",
            "PriorityLevelConfiguration",
            "metadata",
            Map.of("name", THROTTLE),
            "spec",
            Map.of(
                "type",
                "Limited",
                "limited",
                Map.of(
                    "nominalConcurrencyShares", 1,
                    "lendablePercent", 0,
                    "limitResponse", Map.of("type", "Reject")))),
        Map.of());
    Map<String, Object> everything =
        Map.of(
            "subjects",
            namespaces.stream()
                .map(
                    ns ->
                        Map.of(
                            "kind",
                            "ServiceAccount",
                            "serviceAccount",
                            Map.of("name", "neo4j-restore-runner", "namespace", ns)))
                .toList(),
            "resourceRules",
            List.of(
                Map.of(
                    "verbs", List.of("*"),
                    "apiGroups", List.of("*"),
                    "resources", List.of("*"),
                    "namespaces", List.of("*"),
                    "clusterScope", true)),
            "nonResourceRules",
            List.of(Map.of("verbs", List.of("*"), "nonResourceURLs", List.of("*"))));
    b.raw.post(
        api + "flowschemas",
        Map.of(
            "apiVersion",
            "flowcontrol.apiserver.k8s.io/v1",
            "kind",
            "FlowSchema",
            "metadata",
            Map.of("name", THROTTLE),
            "spec",
            Map.of(
                "priorityLevelConfiguration", Map.of("name", THROTTLE),
                "matchingPrecedence", 500,
                "distinguisherMethod", Map.of("type", "ByUser"),
                "rules", List.of(everything))),
        Map.of());
  }

  @FunctionalInterface
  private interface Each<T> {
    T run(String ns) throws Exception;
  }

  private static <T> List<T> all(ExecutorService pool, List<String> namespaces, Each<T> each)
      throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    for (String ns : namespaces) {
      Callable<T> task = () -> each.run(ns);
      futures.add(pool.submit(task));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get());
    }
    return results;
  }

  private void print(
      List<BenchCluster.Started> started, Map<String, String> phases, Instant t0, Instant t1)
      throws Exception {
    long completed =
        started.stream()
            .filter(s -> "Completed".equals(phases.get(s.namespace() + "/" + s.name())))
            .count();
    List<Request> log = b.audit.all();
    List<Duration> perRestore = new ArrayList<>();
    List<Duration> toFirstRequest = new ArrayList<>();
    List<RunnerMemory> memory = new ArrayList<>();
    Instant last = t0;
    for (BenchCluster.Started s : started) {
      String pod = b.runnerPod(s.namespace(), s.runnerJob());
      Instant done =
          log.stream()
              .filter(r -> r.pod().equals(pod) && r.what().equals("patch neo4jrestores/status"))
              .map(Request::done)
              .max(Comparator.naturalOrder())
              .orElse(t1);
      last = done.isAfter(last) ? done : last;
      perRestore.add(Duration.between(s.created(), done));
      log.stream()
          .filter(r -> r.pod().equals(pod))
          .map(Request::received)
          .min(Comparator.naturalOrder())
          .ifPresent(first -> toFirstRequest.add(Duration.between(s.created(), first)));
      b.memory(s.namespace(), pod).ifPresent(memory::add);
    }
    Instant end = last;
    Duration wall = Duration.between(t0, end);
    Stats each = Stats.ofDurations(perRestore);
    List<Request> window =
        log.stream().filter(r -> !r.received().isBefore(t0) && !r.received().isAfter(end)).toList();
    List<Request> counted = window.stream().filter(r -> !r.stream()).toList();
    double seconds = Math.max(0.001, wall.toMillis() / 1000.0);
    Map<Long, Integer> perSecond = new TreeMap<>();
    for (Request r : counted) {
      perSecond.merge(r.received().getEpochSecond(), 1, Integer::sum);
    }
    int peak = perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    Map<String, Integer> byClient = new TreeMap<>();
    for (Request r : counted) {
      byClient.merge(client(r), 1, Integer::sum);
    }
    long rejected = window.stream().filter(r -> r.code() == 429).count();
    long rejectedRunners =
        window.stream().filter(r -> r.code() == 429 && !r.pod().isEmpty()).count();
    Map<Long, Integer> rejectedPerSecond = new TreeMap<>();
    Map<String, Integer> rejectedPerRunner = new TreeMap<>();
    for (Request r : window) {
      if (r.code() == 429) {
        rejectedPerSecond.merge(r.received().getEpochSecond(), 1, Integer::sum);
        rejectedPerRunner.merge(r.pod(), 1, Integer::sum);
      }
    }
    int rejectedPeak = rejectedPerSecond.values().stream().mapToInt(i -> i).max().orElse(0);
    int rejectedMostRunner = rejectedPerRunner.values().stream().mapToInt(i -> i).max().orElse(0);

    report.table("figure", "value");
    report.row("restores Completed", completed + " of " + started.size());
    report.row("wall time, first created -> last Completed", Stats.s(seconds) + " s");
    report.row(
        "per restore, created -> Completed: p50 / p95 / max",
        Stats.s(each.percentile(50))
            + " / "
            + Stats.s(each.percentile(95))
            + " / "
            + Stats.s(each.max())
            + " s");
    Stats start = Stats.ofDurations(toFirstRequest);
    report.row(
        "of which created -> the runner's first request (pod started, JVM up): p50 / p95",
        Stats.s(start.percentile(50)) + " / " + Stats.s(start.percentile(95)) + " s");
    if (!memory.isEmpty()) {
      Stats cpu = Stats.of(memory.stream().map(RunnerMemory::cpuSeconds).toList());
      report.row(
          "CPU time per runner process: median / max; all runners together",
          String.format(
              Locale.ROOT,
              "%s / %s s; %.0f s (on %d cores: %.0f s of the wall time at the least)",
              Stats.s(cpu.median()),
              Stats.s(cpu.max()),
              cpu.sorted().stream().mapToDouble(Double::doubleValue).sum(),
              Runtime.getRuntime().availableProcessors(),
              cpu.sorted().stream().mapToDouble(Double::doubleValue).sum()
                  / Runtime.getRuntime().availableProcessors()));
    }
    report.row(
        "API requests in that time (watch streams and log reads excluded)",
        String.format(
            Locale.ROOT,
            "%d: %.0f/s on average, %d in the busiest second",
            counted.size(),
            counted.size() / seconds,
            peak));
    report.row(
        "of which by client",
        byClient.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .reduce((x, y) -> x + ", " + y)
            .orElse("none"));
    report.row(
        "HTTP 429 (too many requests) answers",
        rejected
            + " (to runners: "
            + rejectedRunners
            + "; at most "
            + rejectedPeak
            + " in one second, "
            + rejectedMostRunner
            + " to one runner)");
    if (!memory.isEmpty()) {
      Stats rss = Stats.of(memory.stream().map(RunnerMemory::rssPeak).toList());
      Stats heap = Stats.of(memory.stream().map(RunnerMemory::heapPeak).toList());
      report.row(
          "runner RSS peak, median / max (MiB)",
          DemoRestores.mib(rss.median()) + " / " + DemoRestores.mib(rss.max()));
      report.row(
          "runner heap peak, median / max (MiB)",
          DemoRestores.mib(heap.median()) + " / " + DemoRestores.mib(heap.max()));
    }
    report.goal(
        count
            + " restores of "
            + count
            + " targets at once"
            + (throttled ? ", runners throttled to 1 seat (429)" : ""),
        throttled ? "all `Completed`; backoff, no 429 storm" : "all `Completed`",
        completed
            + "/"
            + started.size()
            + " Completed in "
            + Stats.s(seconds)
            + " s (p50 "
            + Stats.s(each.percentile(50))
            + " s, p95 "
            + Stats.s(each.percentile(95))
            + " s per restore); "
            + String.format(Locale.ROOT, "%.0f", counted.size() / seconds)
            + " requests/s; "
            + rejected
            + " answered 429"
            + (throttled ? " (at most " + rejectedPeak + "/s)" : ""),
        completed == started.size());
  }

  /** Who sent a request: runners, controllers, the fake kubelet, the bench. */
  static String client(Request r) {
    if (!r.pod().isEmpty()) {
      return "runners";
    }
    if (r.agent().startsWith("kube-controller-manager")) {
      return "controllers";
    }
    if (r.user().equals(BenchCluster.BENCH_USER)) {
      return "bench";
    }
    if (r.user().startsWith("system:")) {
      return r.user().startsWith("system:serviceaccount") ? "service accounts" : "apiserver";
    }
    return r.user().contains("test-admin") ? "fake kubelet" : r.user();
  }
}

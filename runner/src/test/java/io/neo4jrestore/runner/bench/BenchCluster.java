package io.neo4jrestore.runner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Pod;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.RunnerJobs;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.runner.it.SimulatedNeo4jRunner;
import io.neo4jrestore.runner.it.TargetFixtures;
import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.FakeKubelet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every benchmark works with: the local control plane (with its audit log), the fake kubelet
 * running runner pods as local JVMs with the runner image's own JVM flags, and clients whose
 * requests are told apart in the audit log by user.
 */
final class BenchCluster {
  /** The bench's own requests (set-up, creating restores, reading results). */
  static final String BENCH_USER = "neo4j-restore-bench";

  static final String DISPATCHER_USER = "neo4j-restore-bench-dispatcher";
  static final String PLUGIN_USER = "neo4j-restore-bench-plugin";

  final ControlPlane cp;
  final FakeKubelet kubelet;
  final AuditLog audit;
  final ApiClient client;
  final RawApi raw;
  final TargetFixtures fixtures;
  final Path repoRoot;
  final Path work;
  final boolean smoke;
  final List<String> runnerJvm;
  final String memoryLimit;

  /** How a runner Job's process is started: its own JVM options and main class. */
  record Launch(List<String> jvm, String main) {}

  /** Per runner Job: how its process is started. */
  private final Map<String, Launch> launches = new ConcurrentHashMap<>();

  BenchCluster(ControlPlane cp, FakeKubelet kubelet, Path repoRoot, Path work, boolean smoke) {
    this.cp = cp;
    this.kubelet = kubelet;
    this.audit = new AuditLog(cp.auditLog());
    this.client = ControlPlane.client(cp.kubeconfigForUser(BENCH_USER, "system:masters"));
    this.raw = new RawApi(client);
    this.fixtures = new TargetFixtures(client);
    this.repoRoot = repoRoot;
    this.work = work;
    this.smoke = smoke;
    this.memoryLimit = runnerMemoryLimit();
    this.runnerJvm = runnerJvm(repoRoot, memoryLimit);
    kubelet.autoCompleteJobs(true);
    kubelet.runnerLauncher(this::command);
  }

  /** The JVM flags of the runner image's entrypoint (runner/Containerfile), as it runs them. */
  static List<String> runnerJvm(Path repoRoot, String memoryLimit) {
    try {
      String file = Files.readString(repoRoot.resolve("runner/Containerfile"));
      Matcher entry = Pattern.compile("(?s)ENTRYPOINT \\[(.*?)]").matcher(file);
      if (!entry.find()) {
        throw new IllegalStateException("no ENTRYPOINT in runner/Containerfile");
      }
      List<String> flags = new ArrayList<>();
      Matcher arg = Pattern.compile("\"([^\"]*)\"").matcher(entry.group(1));
      while (arg.find()) {
        String a = arg.group(1);
        if (a.startsWith("-X") && !a.startsWith("-Xshare")) {
          flags.add(a);
        }
      }
      // a container's memory limit is the JVM's idea of physical memory: percentages apply to it
      flags.add("-XX:MaxRAM=" + bytes(memoryLimit));
      return List.copyOf(flags);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The runner Job's container memory limit (api RunnerJobs), e.g. "256Mi". */
  static String runnerMemoryLimit() {
    JsonNode job =
        RunnerJobs.job(new RunnerJobs.Request("ns", "r", "uid", 1, null, "runner:bench"));
    return job.at("/spec/template/spec/containers/0/resources/limits/memory").asText();
  }

  static long bytes(String quantity) {
    Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi)?").matcher(quantity);
    if (!m.matches()) {
      throw new IllegalArgumentException("memory quantity " + quantity);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2) == null ? "" : m.group(2)) {
      case "Ki" -> n << 10;
      case "Mi" -> n << 20;
      case "Gi" -> n << 30;
      default -> n;
    };
  }

  /** The runner pod's command: the simulated-Neo4j runner in a JVM with the image's flags. */
  private List<String> command(V1Pod pod, V1Container container) {
    String job = pod.getMetadata().getLabels().get("job-name");
    Launch launch = launches.get(pod.getMetadata().getNamespace() + "/" + job);
    if (launch == null) {
      return List.of("true"); // runner Jobs the benchmarks only count (dispatcher sweep)
    }
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(runnerJvm);
    command.addAll(launch.jvm());
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(launch.main());
    if (container.getArgs() != null) {
      command.addAll(container.getArgs());
    }
    return command;
  }

  static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** A restore as the plugin's create starts it: the resource, then its runner Job at once. */
  record Started(String namespace, String name, String uid, String runnerJob, Instant created) {}

  /**
   * Creates the restore (spec in YAML, indented under {@code spec:}) and its runner Job, whose
   * process is started as {@code launch} says.
   */
  Started start(String ns, String name, String spec, Launch launch) throws Exception {
    Instant created = Instant.now();
    fixtures.restore(
        ns,
        "apiVersion: "
            + RestoreApi.API_VERSION
            + "\nkind: "
            + RestoreApi.KIND
            + "\nmetadata: {name: "
            + name
            + "}\nspec:\n"
            + spec);
    String uid = fixtures.read(ns, name).metadata().uid();
    RunnerJobs.Request request = new RunnerJobs.Request(ns, name, uid, 1, null, "runner:bench");
    String job = RunnerJobs.name(request);
    launches.put(ns + "/" + job, launch);
    raw.post("/apis/batch/v1/namespaces/" + ns + "/jobs", RunnerJobs.job(request), Map.of());
    return new Started(ns, name, uid, job, created);
  }

  /** Waits until every restore has a terminal phase; returns the phases by "namespace/name". */
  Map<String, String> awaitTerminal(List<Started> restores, Duration bound) throws Exception {
    Instant deadline = Instant.now().plus(bound);
    Map<String, String> phases = new ConcurrentHashMap<>();
    while (true) {
      JsonNode all = raw.get("/apis/" + RestoreApi.API_VERSION + "/" + RestoreApi.PLURAL);
      for (JsonNode item : all.path("items")) {
        String phase = item.at("/status/phase").asText("");
        if (phase.equals("Completed") || phase.equals("Failed")) {
          phases.put(
              item.at("/metadata/namespace").asText() + "/" + item.at("/metadata/name").asText(),
              phase);
        }
      }
      boolean done =
          restores.stream().allMatch(r -> phases.containsKey(r.namespace() + "/" + r.name()));
      if (done) {
        return phases;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "restores not finished after " + bound.toSeconds() + "s; logs in " + cp.logDir());
      }
      Thread.sleep(smoke ? 200 : 500);
    }
  }

  /** The runner pod of a runner Job. */
  String runnerPod(String ns, String job) throws Exception {
    for (JsonNode pod :
        raw.call(
                "GET",
                "/api/v1/namespaces/" + ns + "/pods",
                null,
                null,
                Map.of("labelSelector", "job-name=" + job))
            .path("items")) {
      return pod.at("/metadata/name").asText();
    }
    throw new IllegalStateException("no pod of runner Job " + ns + "/" + job);
  }

  /** The memory report a runner printed at exit (waiting up to 10 s for its log), if any. */
  Optional<RunnerMemory> memory(String ns, String pod) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      Optional<RunnerMemory> m = RunnerMemory.parse(kubelet.output(ns, pod, RunnerJobs.CONTAINER));
      if (m.isPresent()) {
        return m;
      }
      Thread.sleep(100);
    }
    return Optional.empty();
  }

  /** A namespace with the runner's RBAC and, like the demo's, cluster prod and backup nightly. */
  void demoNamespace(String ns) throws Exception {
    createNamespace(ns);
    fixtures.runnerRbac(ns);
    fixtures.cluster(ns, "prod", "2025.04.0-enterprise", 3);
    fixtures.pvc(ns, "backups");
    fixtures.backup(ns, "nightly", Map.of("type", "pvc", "pvc", Map.of("name", "backups")));
  }

  void createNamespace(String ns) throws Exception {
    raw.post(
        "/api/v1/namespaces",
        Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", ns)),
        Map.of());
    io.neo4jrestore.testenv.Wait.until(
        "ServiceAccount " + ns + "/default",
        Duration.ofSeconds(60),
        () -> raw.find("/api/v1/namespaces/" + ns + "/serviceaccounts/default").isPresent());
  }

  /** The demo's restore: the spec `kubectl neo4j-restore create movies-restore ...` writes. */
  static final String DEMO_SPEC =
      """
        targetCluster: prod
        databaseName: movies
        source: {type: backup, backupRef: nightly, backupPath: movies-nightly}
        force: true
        stopCluster: true
      """;

  /**
   * The demo's runner (the simulated Neo4j side): watching or polling, with a memory report, and in
   * the smoke run a short stay-down bound.
   */
  Launch simulated(boolean watch) {
    List<String> p = new ArrayList<>();
    p.add("-D" + SimulatedNeo4jRunner.DATABASES + "=movies");
    p.add("-D" + SimulatedNeo4jRunner.WATCH + "=" + watch);
    p.add("-D" + SimulatedNeo4jRunner.MEMORY + "=true");
    if (smoke) {
      p.add("-D" + SimulatedNeo4jRunner.STAY_DOWN + "=PT1S");
    }
    return new Launch(List.copyOf(p), SimulatedNeo4jRunner.class.getName());
  }

  /** The production runner (its Bolt driver) with a memory report; {@code jvm}: more options. */
  static Launch production(List<String> jvm) {
    return new Launch(List.copyOf(jvm), MeasuredRunner.class.getName());
  }

  static String json(Object o) {
    try {
      return ApiMapper.json().writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.neo4jrestore.runner;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.api.PlanOnly;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.common.Sleeper;
import io.neo4jrestore.runner.exec.Planner;
import io.neo4jrestore.runner.exec.RestoreJobFactory;
import io.neo4jrestore.runner.exec.RunContext;
import io.neo4jrestore.runner.exec.Runner;
import io.neo4jrestore.runner.exec.RunnerSettings;
import io.neo4jrestore.runner.kube.ClusterOps;
import io.neo4jrestore.runner.kube.KubeClients;
import io.neo4jrestore.runner.kube.KubeClusterOps;
import io.neo4jrestore.runner.kube.KubeRestoreStore;
import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.runner.kube.RestoreStore;
import io.neo4jrestore.runner.lock.LockSettings;
import io.neo4jrestore.runner.neo4j.DatabasePort;
import io.neo4jrestore.runner.target.Target;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: one restore attempt of one Neo4jRestore. */
@Command(
    name = "run",
    description = {
      "Restore one Neo4jRestore: resolve the target and source, stop what must be stopped, run the"
          + " restore Job, bring the database up, and write the resource's status. A plan-only"
          + " resource (docs/plan.md) is planned instead: read-only steps and refusals only,"
          + " written to status.plan.",
      "",
      "Exit codes: 0 completed (or already terminal), 1 restore failed (see status),"
          + " 2 usage, 3 invalid resource, 4 cannot run now (retry resumes), 5 internal error."
    })
public final class RunCommand implements Callable<Integer> {
  @Option(names = "--namespace", required = true, description = "Namespace of the Neo4jRestore.")
  String namespace;

  @Option(names = "--name", required = true, description = "Name of the Neo4jRestore.")
  String name;

  @Option(
      names = "--kubeconfig",
      description = "Kubeconfig file (default: KUBECONFIG, else the pod's ServiceAccount).")
  Path kubeconfig;

  /** How the runner reaches Neo4j and builds Jobs; replaced in tests. */
  public interface Wiring {
    Function<Target, DatabasePort> databases(ClusterOps cluster);

    RestoreJobFactory jobs();

    default RunnerSettings settings() {
      return RunnerSettings.defaults();
    }

    default Clock clock() {
      return Clock.systemUTC();
    }

    default Sleeper sleeper() {
      return Sleeper.REAL;
    }

    default LockSettings lockSettings() {
      return LockSettings.defaults();
    }

    /** Waits watch the objects they wait for (false: read them every poll interval). */
    default boolean watch() {
      return true;
    }
  }

  private final Wiring wiring;
  private final PrintStream log;
  private String runnerPod =
      Optional.ofNullable(System.getenv("POD_NAME"))
          .orElse("local-" + ProcessHandle.current().pid());
  private String runnerJob = Optional.ofNullable(System.getenv("JOB_NAME")).orElse("");

  public RunCommand() {
    this(ProductionWiring.INSTANCE, System.out);
  }

  public RunCommand(Wiring wiring, PrintStream log) {
    this.wiring = wiring;
    this.log = log;
  }

  @Override
  public Integer call() {
    return run(KubeClients.create(kubeconfig)).code();
  }

  /** Runs against the given API client (tests pass their own). */
  public RunnerExit run(ApiClient client) {
    String pod = runnerPod;
    String job = runnerJob;
    RawApi raw = new RawApi(client);
    RestoreStore store = new KubeRestoreStore(raw, namespace, name, wiring.clock(), pod);
    Optional<Neo4jRestore> restore;
    try {
      restore = store.read();
    } catch (ApiException e) {
      log.println("cannot read Neo4jRestore " + namespace + "/" + name + ": " + readFailure(e));
      return RunnerExit.CANNOT_RUN;
    }
    if (restore.isEmpty()) {
      log.println(
          "Neo4jRestore " + namespace + "/" + name + " does not exist (deleted?); nothing to do");
      return RunnerExit.SUCCEEDED;
    }
    if (PlanOnly.is(restore.get())) {
      // a plan (docs/plan.md): only reads; the phase stays Pending
      Neo4jRestore plan = restore.get();
      return new Planner(log)
          .plan(context(raw, wiring, plan, pod, job, log, c -> Planner.readOnly(c, plan.spec())));
    }
    return new Runner(log).run(r -> context(raw, wiring, r, pod, job, log), restore.get());
  }

  /**
   * The context of one run for {@code restore}, as {@code run} builds it (the dispatcher builds one
   * to compensate for a lost runner).
   */
  public static RunContext context(
      RawApi raw, Wiring wiring, Neo4jRestore restore, String pod, String job, PrintStream log) {
    return context(raw, wiring, restore, pod, job, log, c -> c);
  }

  private static RunContext context(
      RawApi raw,
      Wiring wiring,
      Neo4jRestore restore,
      String pod,
      String job,
      PrintStream log,
      java.util.function.UnaryOperator<ClusterOps> view) {
    ClusterOps cluster = view.apply(new KubeClusterOps(raw));
    RestoreStore store =
        new KubeRestoreStore(
            raw, restore.metadata().namespace(), restore.metadata().name(), wiring.clock(), pod);
    return new RunContext(
            store,
            cluster,
            wiring.clock(),
            wiring.sleeper(),
            wiring.settings(),
            wiring.databases(cluster),
            wiring.jobs(),
            pod,
            job,
            restore)
        .lockSettings(wiring.lockSettings())
        .watching(wiring.watch())
        .log(log);
  }

  /** What went wrong reading the resource, and what to check, by kind of failure. */
  static String readFailure(ApiException e) {
    if (e.getCode() == 0) {
      return "the API server cannot be reached ("
          + (e.getCause() == null ? e.getMessage() : e.getCause())
          + "); check the pod's network and KUBERNETES_SERVICE_HOST (or --kubeconfig); the Job"
          + " retries";
    }
    if (e.getCode() == 401 || e.getCode() == 403) {
      return "HTTP "
          + e.getCode()
          + ": the runner's identity may not read it; check the neo4j-restore-runner"
          + " ServiceAccount and its RoleBinding in this namespace (kubectl neo4j-restore install"
          + " --managed-namespace NS)";
    }
    return "HTTP " + e.getCode() + " (" + e.getMessage() + "); the Job retries";
  }

  public RunCommand target(String ns, String restoreName) {
    this.namespace = ns;
    this.name = restoreName;
    return this;
  }

  /** The runner pod's name (default: {@code POD_NAME}, else {@code local-<pid>}). */
  public RunCommand runnerPod(String pod) {
    this.runnerPod = pod;
    return this;
  }

  /** The runner Job's name (default: {@code JOB_NAME}, else none: run by hand). */
  public RunCommand runnerJob(String jobName) {
    this.runnerJob = jobName;
    return this;
  }
}

package io.neo4jrestore.runner.it;

import io.neo4jrestore.runner.ProductionWiring;
import io.neo4jrestore.runner.RunCommand;
import io.neo4jrestore.runner.RunnerMain;
import io.neo4jrestore.runner.bench.MemoryReport;
import io.neo4jrestore.runner.exec.RestoreJobFactory;
import io.neo4jrestore.runner.exec.RunnerSettings;
import io.neo4jrestore.runner.job.RestoreJobs;
import io.neo4jrestore.runner.kube.ClusterOps;
import io.neo4jrestore.runner.neo4j.DatabasePort;
import io.neo4jrestore.runner.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * The runner process of the demo ({@link DemoCluster}): the production runner in every part (API
 * calls, RBAC with its pod's token, restore Jobs, status, events) except the Neo4j side, which is
 * {@link SimulatedNeo4j}. Other modes ({@code dispatch}, {@code --version}) are the real runner's.
 */
public final class SimulatedNeo4jRunner {
  /** Databases that exist on the simulated server before the restore (comma-separated). */
  public static final String DATABASES = "neo4jrestore.demo.databases";

  /** Benchmarks: "false" makes waits read every poll interval instead of watching. */
  public static final String WATCH = "neo4jrestore.bench.watch";

  /** Benchmarks: how long a stopped StatefulSet must stay at 0 (ISO-8601; default the runner's). */
  public static final String STAY_DOWN = "neo4jrestore.bench.stayDown";

  /** Benchmarks: "true" prints the process's memory use at exit ({@link MemoryReport}). */
  public static final String MEMORY = "neo4jrestore.bench.memory";

  private SimulatedNeo4jRunner() {}

  /**
   * How the fake kubelet runs a runner pod: this class in a JVM on this test's classpath, with the
   * container's args, Neo4j simulated with {@code databases} (comma-separated) existing.
   */
  public static io.neo4jrestore.testenv.FakeKubelet.RunnerLauncher launcher(String databases) {
    String jvm = ProcessHandle.current().info().command().orElse("java");
    String classpath = System.getProperty("java.class.path");
    return (pod, container) -> {
      List<String> command =
          new ArrayList<>(
              List.of(
                  jvm,
                  "-XX:TieredStopAtLevel=1",
                  "-D" + DATABASES + "=" + databases,
                  "-cp",
                  classpath,
                  SimulatedNeo4jRunner.class.getName()));
      if (container.getArgs() != null) {
        command.addAll(container.getArgs());
      }
      return command;
    };
  }

  public static void main(String[] args) {
    if (args.length == 0 || !args[0].equals("run")) {
      RunnerMain.main(args);
      return;
    }
    if (Boolean.getBoolean(MEMORY)) {
      MemoryReport.install();
    }
    Set<String> existing = Set.of(System.getProperty(DATABASES, "").split(","));
    RunCommand.Wiring wiring =
        new RunCommand.Wiring() {
          @Override
          public Function<Target, DatabasePort> databases(ClusterOps cluster) {
            return target -> {
              ProductionWiring.endpoint(cluster, target); // reads the admin Secret as production
              return new SimulatedNeo4j(existing, System.out);
            };
          }

          @Override
          public RestoreJobFactory jobs() {
            return RestoreJobs::build;
          }

          @Override
          public boolean watch() {
            return !"false".equals(System.getProperty(WATCH));
          }

          @Override
          public RunnerSettings settings() {
            RunnerSettings d = RunnerSettings.defaults();
            String stayDown = System.getProperty(STAY_DOWN);
            return stayDown == null
                ? d
                : new RunnerSettings(
                    d.poll(),
                    d.scaleDown(),
                    Duration.parse(stayDown),
                    d.scaleUp(),
                    d.databaseWait(),
                    d.defaultRestoreTimeout(),
                    d.unschedulable());
          }
        };
    int code =
        new CommandLine(new RunCommand(wiring, System.out))
            .execute(Arrays.copyOfRange(args, 1, args.length));
    System.exit(code);
  }
}

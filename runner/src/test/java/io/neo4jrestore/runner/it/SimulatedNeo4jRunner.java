package io.neo4jrestore.runner.it;

import io.neo4jrestore.runner.ProductionWiring;
import io.neo4jrestore.runner.RunCommand;
import io.neo4jrestore.runner.RunnerMain;
import io.neo4jrestore.runner.exec.DatabasePort;
import io.neo4jrestore.runner.exec.RestoreJobFactory;
import io.neo4jrestore.runner.kube.ClusterOps;
import io.neo4jrestore.runner.target.Target;
import java.util.Arrays;
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
  static final String DATABASES = "neo4jrestore.demo.databases";

  private SimulatedNeo4jRunner() {}

  public static void main(String[] args) {
    if (args.length == 0 || !args[0].equals("run")) {
      RunnerMain.main(args);
      return;
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
            return ProductionWiring.restoreJobs();
          }
        };
    int code =
        new CommandLine(new RunCommand(wiring, System.out))
            .execute(Arrays.copyOfRange(args, 1, args.length));
    System.exit(code);
  }
}

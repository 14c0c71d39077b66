package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.Steps;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo ({@code scripts/demo.sh --skip-build}) runs to the end: its own control plane,
 * the plugin installing and creating, the runner (simulated Neo4j side) restoring to Completed.
 */
class DemoIT {
  @Test
  void the_readme_demo_restores_to_completed(@TempDir Path dir) throws Exception {
    Path root = ControlPlaneExtension.repoRoot();
    // the plugin module is built before this one in the full build (mvn verify); with -pl runner it
    // may be missing: then skip, except in CI, where the demo must run
    Assumptions.assumeTrue(
        Files.isExecutable(root.resolve("plugin/target/kubectl-neo4j_restore"))
            || "true".equals(System.getenv("CI")),
        "plugin/target/kubectl-neo4j_restore is not built (run the whole reactor)");
    Path output = dir.resolve("demo.out");
    ProcessBuilder pb =
        new ProcessBuilder("bash", "scripts/demo.sh", "--skip-build")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    pb.environment().put("NEO4J_RESTORE_DEMO_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("TMPDIR", dir.toString());
    pb.environment().remove("KUBECONFIG");
    Process p = pb.start();
    boolean done = p.waitFor(10, TimeUnit.MINUTES);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    String out = Files.readString(output, StandardCharsets.UTF_8);
    assertTrue(done, "the demo did not end in 10 minutes:\n" + out);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("neo4jrestore demo/movies-restore Completed in"), out);
    assertTrue(out.contains("stopped existing database movies"), out);
    assertTrue(
        out.contains("[runner] [simulated neo4j] the restored database movies started"), out);
    assertTrue(out.contains("scaled prod-server from 3 to 0"), out);
    assertTrue(out.matches("(?s).*prod-server\\s+3/3.*"), out);
    for (String step :
        List.of(Steps.RESOLVE_TARGET, Steps.STOP_CLUSTER, Steps.RESTORE, Steps.FINISH)) {
      long printed =
          out.lines()
              .filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d  step " + step + " .*Succeeded.*"))
              .count();
      assertEquals(1, printed, step + " printed once by --wait:\n" + out);
    }
  }
}

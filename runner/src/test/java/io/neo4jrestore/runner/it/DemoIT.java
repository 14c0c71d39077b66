package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.Steps;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo ({@code scripts/demo.sh --skip-build}) runs to the end: its own control plane,
 * the plugin installing and creating, the runner (simulated Neo4j side) restoring to Completed.
 */
class DemoIT {
  @Test
  void the_readme_demo_restores_to_completed(@TempDir Path dir) throws Exception {
    ReadmeScripts.assumePluginBuilt();
    ReadmeScripts.Run run =
        ReadmeScripts.run(dir, "NEO4J_RESTORE_DEMO_CLASSPATH", "scripts/demo.sh", "--skip-build");
    String out = run.output();
    assertNotNull(run.exit(), "the demo did not end in 10 minutes:\n" + out);
    assertEquals(0, run.exit(), out);
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

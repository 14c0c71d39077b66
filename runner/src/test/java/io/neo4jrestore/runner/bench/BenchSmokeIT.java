package io.neo4jrestore.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.runner.it.ReadmeScripts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmarks' smoke run ({@code scripts/bench.sh --smoke --skip-build}) produces every figure,
 * so that the benchmark cannot rot. It asserts nothing about the figures' values.
 */
class BenchSmokeIT {
  @Test
  void the_smoke_run_of_the_benchmarks_prints_every_figure(@TempDir Path dir) throws Exception {
    ReadmeScripts.assumePluginBuilt();
    ReadmeScripts.Run run =
        ReadmeScripts.run(
            dir, "NEO4J_RESTORE_BENCH_CLASSPATH", "scripts/bench.sh", "--smoke", "--skip-build");
    String out = run.output();
    assertNotNull(run.exit(), "the smoke run did not end in 10 minutes:\n" + out);
    assertEquals(0, run.exit(), out);
    for (String figure :
        List.of(
            "| runner's reaction to what it waits for",
            "| runner overhead: restore Job complete -> status `Completed`",
            "| API requests per restore (the demo's) |",
            "| runner heap during the demo restore",
            "restores of 2 targets at once |",
            "restores of 2 targets at once, runners throttled",
            "| dispatcher sweep,",
            "| plugin `watch`: status write -> line printed |")) {
      assertTrue(out.contains(figure), "no figure \"" + figure + "\":\n" + out);
    }
  }
}

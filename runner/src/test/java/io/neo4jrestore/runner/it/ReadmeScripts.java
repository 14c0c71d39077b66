package io.neo4jrestore.runner.it;

import io.neo4jrestore.testenv.ControlPlaneExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a script of {@code scripts/} that the README documents (the demo, the benchmarks) as a user
 * would, on this test JVM's classpath (the modules of this build), with its output in a file.
 */
public final class ReadmeScripts {
  /** How a script ended: its exit code (null: still running at the bound) and its output. */
  public record Run(Integer exit, String output) {}

  private ReadmeScripts() {}

  /**
   * Skips the test when the plugin is not built, except in CI: the plugin module is built before
   * the runner's in the full build (mvn verify); with -pl runner it may be missing.
   */
  public static void assumePluginBuilt() {
    Assumptions.assumeTrue(
        Files.isExecutable(
                ControlPlaneExtension.repoRoot().resolve("plugin/target/kubectl-neo4j_restore"))
            || "true".equals(System.getenv("CI")),
        "plugin/target/kubectl-neo4j_restore is not built (run the whole reactor)");
  }

  /**
   * Runs {@code bash script args...} from the repository root, with {@code classpathVariable} set
   * to this JVM's classpath, TMPDIR {@code dir} and no KUBECONFIG; waits at most 10 minutes.
   */
  public static Run run(Path dir, String classpathVariable, String script, String... args)
      throws Exception {
    Path output = dir.resolve("script.out");
    ProcessBuilder pb =
        new ProcessBuilder(concat(List.of("bash", script), List.of(args)).toArray(String[]::new))
            .directory(ControlPlaneExtension.repoRoot().toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    pb.environment().put(classpathVariable, System.getProperty("java.class.path"));
    pb.environment().put("TMPDIR", dir.toString());
    pb.environment().remove("KUBECONFIG");
    Process p = pb.start();
    boolean done = p.waitFor(10, TimeUnit.MINUTES);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    return new Run(done ? p.exitValue() : null, Files.readString(output, StandardCharsets.UTF_8));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}

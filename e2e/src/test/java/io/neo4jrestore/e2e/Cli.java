package io.neo4jrestore.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs what a user runs against the k3s cluster: {@code kubectl} from PATH and {@code kubectl
 * neo4j-restore} (kubectl finds the plugin's launcher in {@code plugin/target}, put first on PATH),
 * with the cluster's kubeconfig.
 */
final class Cli {
  /** What a finished command left. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Path kubeconfig;
  private final Path pluginDir;

  Cli(Path kubeconfig, Path pluginDir) {
    this.kubeconfig = kubeconfig;
    this.pluginDir = pluginDir;
    if (!Files.isExecutable(pluginDir.resolve("kubectl-neo4j_restore"))) {
      throw new IllegalStateException(
          "no launcher at " + pluginDir + "/kubectl-neo4j_restore: build the plugin first");
    }
  }

  /** {@code kubectl neo4j-restore ARGS}. */
  Result plugin(Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of("kubectl", "neo4j-restore"));
    command.addAll(List.of(args));
    return run(command, null, timeout);
  }

  /** {@code kubectl ARGS}. */
  Result kubectl(String... args) {
    List<String> command = new ArrayList<>(List.of("kubectl"));
    command.addAll(List.of(args));
    return run(command, null, Duration.ofMinutes(2));
  }

  /** {@code kubectl ARGS} with {@code stdin}, e.g. {@code apply -f -}. */
  Result kubectlWithInput(String stdin, String... args) {
    List<String> command = new ArrayList<>(List.of("kubectl"));
    command.addAll(List.of(args));
    return run(command, stdin, Duration.ofMinutes(2));
  }

  /** Like {@link #kubectl} but fails the test unless it exits 0; returns stdout. */
  String kubectlOk(String... args) {
    Result r = kubectl(args);
    if (r.exitCode() != 0) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " failed: " + r);
    }
    return r.out();
  }

  private Result run(List<String> command, String stdin, Duration timeout) {
    try {
      Path out = Files.createTempFile("e2e-out", ".txt");
      Path err = Files.createTempFile("e2e-err", ".txt");
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      Map<String, String> env = pb.environment();
      env.put("PATH", pluginDir + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
      env.put("KUBECONFIG", kubeconfig.toString());
      env.put("JAVA_HOME", System.getProperty("java.home"));
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command)
                + " did not end within "
                + timeout
                + "; output so far:\n"
                + Files.readString(out)
                + Files.readString(err));
      }
      Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package io.neo4jrestore.plugin.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.function.Predicate;

/**
 * Runs the real {@code kubectl neo4j-restore ...}: kubectl from PATH, which finds the plugin's
 * launcher in {@code plugin/target} (put first on PATH), with the given KUBECONFIG.
 */
final class Kubectl {
  /** The plugin module's build output (the failsafe configuration of plugin-it names it). */
  static final Path TARGET =
      Path.of(System.getProperty("neo4jrestore.plugin.target", "../plugin/target"))
          .toAbsolutePath()
          .normalize();

  private final String kubeconfig;

  Kubectl(String kubeconfig) {
    this.kubeconfig = kubeconfig;
    if (!Files.isExecutable(TARGET.resolve("kubectl-neo4j_restore"))) {
      throw new IllegalStateException(
          "no launcher at " + TARGET + "/kubectl-neo4j_restore: run the package phase first");
    }
  }

  /** What a finished run left. */
  /** {@code create NAME} of a restore of database movies into prod from Neo4jBackup nightly. */
  static String[] createArgs(String name, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "create",
                name,
                "--target",
                "prod",
                "--database",
                "movies",
                "--source-type",
                "backup",
                "--backup-ref",
                "nightly"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private ProcessBuilder builder(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add("kubectl");
    command.add("neo4j-restore");
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("PATH", TARGET + File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("KUBECONFIG", kubeconfig);
    env.put("JAVA_HOME", System.getProperty("java.home"));
    return pb;
  }

  Result run(String... args) {
    return runWithInput(null, args);
  }

  Result runWithInput(String stdin, String... args) {
    try {
      Path out = Files.createTempFile("kubectl-out", ".txt");
      Path err = Files.createTempFile("kubectl-err", ".txt");
      Process p =
          builder(List.of(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("kubectl neo4j-restore " + List.of(args) + " hung");
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

  /** A long-running command whose output is read line by line while it runs. */
  Running start(String... args) {
    try {
      Path err = Files.createTempFile("kubectl-err", ".txt");
      Process p = builder(List.of(args)).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      return new Running(p, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final class Running {
    private final Process process;
    private final Path err;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    Running(Process process, Path err) {
      this.process = process;
      this.err = err;
      this.reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                      lines.add(line);
                      lines.notifyAll();
                    }
                  }
                } catch (IOException ignored) {
                  // the process ended
                }
              },
              "kubectl-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    /** Waits until a line matching appears; fails with everything seen so far. */
    String awaitLine(Predicate<String> matching, Duration timeout) throws InterruptedException {
      long end = System.nanoTime() + timeout.toNanos();
      synchronized (lines) {
        while (true) {
          for (String l : lines) {
            if (matching.test(l)) {
              return l;
            }
          }
          long left = end - System.nanoTime();
          if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
            throw new AssertionError(
                "no matching line within "
                    + timeout
                    + "; output so far:\n"
                    + String.join("\n", lines)
                    + "\nstderr:\n"
                    + stderr());
          }
          lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        }
      }
    }

    Result await(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("still running after " + timeout + ":\n" + output());
      }
      reader.join(5000);
      return new Result(process.exitValue(), output(), stderr());
    }

    String output() {
      synchronized (lines) {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
      }
    }

    String stderr() {
      try {
        return Files.readString(err);
      } catch (IOException e) {
        return "(" + e + ")";
      }
    }

    void kill() {
      process.destroyForcibly();
    }
  }
}

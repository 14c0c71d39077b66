package io.neo4jrestore.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds the control-plane binaries by running the repository's idempotent build script. */
final class ControlPlaneBinaries {
  private ControlPlaneBinaries() {}

  static Path locate(Path repoRoot) {
    Path script = repoRoot.resolve("scripts/build-control-plane.sh");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException(script + " not found: set -Dneo4jrestore.repo.root");
    }
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = p.waitFor();
      List<String> lines = out.lines().toList();
      if (code != 0 || lines.isEmpty()) {
        throw new IllegalStateException(script + " failed with exit code " + code);
      }
      Path bin = Path.of(lines.get(lines.size() - 1).trim());
      for (String b : List.of("etcd", "kube-apiserver", "kube-controller-manager")) {
        if (!Files.isExecutable(bin.resolve(b))) {
          throw new IllegalStateException(bin.resolve(b) + " is missing after " + script);
        }
      }
      return bin;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

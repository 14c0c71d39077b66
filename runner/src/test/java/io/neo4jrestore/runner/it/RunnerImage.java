package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.fail;

import io.neo4jrestore.testenv.ControlPlaneExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The runner image of this build, made by {@code scripts/build-runner-image.sh} from {@code
 * runner/target} (a no-op when the image for this content exists), and a way to run podman commands
 * on it.
 *
 * <p>Without podman the tests that need it are skipped, except with {@code CI=true}: then they
 * fail, so CI cannot pass without having run the image.
 *
 * @param name the image name, as the build version gives it
 * @param digest the image's digest ({@code sha256:...})
 * @param id the image's ID
 */
record RunnerImage(String name, String digest, String id) {
  private static final Path CONTAINERS_CONF = Path.of("target", "containers.conf").toAbsolutePath();

  /** Builds (or finds) the image; skips, or fails with CI=true, where podman is missing. */
  static RunnerImage build() {
    for (String tool : List.of("podman", "runc")) {
      if (!onPath(tool)) {
        String why =
            tool
                + " is not installed: the runner image cannot be built or run here"
                + " (Debian: apt-get install podman runc debootstrap; scripts/test.sh does it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          fail("CI=true and " + why);
        }
        System.out.println("[runner-image] SKIPPED: " + why);
        Assumptions.assumeTrue(false, why);
      }
    }
    Path root = ControlPlaneExtension.repoRoot();
    Path log = Path.of("target", "runner-image-build.log").toAbsolutePath();
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash", root.resolve("scripts/build-runner-image.sh").toString(), "--skip-build")
            .redirectError(log.toFile());
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        fail("scripts/build-runner-image.sh --skip-build failed; its log: " + log);
      }
      String[] last = out.strip().lines().reduce((a, b) -> b).orElse("").split(" ");
      if (last.length != 3) {
        fail("unexpected output of scripts/build-runner-image.sh: " + out);
      }
      Files.writeString(CONTAINERS_CONF, "[containers]\ndefault_ulimits = []\n");
      RunnerImage image = new RunnerImage(last[0], last[1], last[2]);
      System.out.println(
          "[runner-image] testing "
              + image.name()
              + " digest "
              + image.digest()
              + " id "
              + id(image));
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String id(RunnerImage image) {
    return image.id().length() > 12 ? image.id().substring(0, 12) : image.id();
  }

  /** {@code podman --runtime runc ARGS} with the containers.conf that works here. */
  static List<String> podman(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of("env", "CONTAINERS_CONF=" + CONTAINERS_CONF, "podman", "--runtime", "runc"));
    command.addAll(List.of(args));
    return command;
  }

  /** Runs a podman command to its end and returns its output (stdout and stderr). */
  static String run(String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(podman(args)).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException("podman " + String.join(" ", args) + " failed: " + out);
    }
    return out.strip();
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}

package io.neo4jrestore.plugin.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The self-contained linux archive and the krew manifest: packs the built plugin with a jlink-ed
 * runtime ({@code scripts/package-plugin.sh}), then validates the manifest with krew's own
 * validator and installs the archive with real krew ({@code scripts/check-krew.sh}), running the
 * installed plugin without any Java on PATH; then what the release workflow does that can run here
 * ({@code scripts/release-local.sh}: a build with a registry image, the runner image under that
 * name and mirrored, the manifest rendered and checked as the workflow does).
 */
class KrewPackageIT {
  private static final Path ROOT =
      Path.of(System.getProperty("neo4jrestore.repo.root", "..")).toAbsolutePath().normalize();

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    boolean done = p.waitFor(15, TimeUnit.MINUTES);
    String text = new String(out, StandardCharsets.UTF_8);
    System.out.println(text);
    assertEquals(true, done, "timed out: " + command);
    assertEquals(0, p.exitValue(), command + " failed:\n" + text);
    return text;
  }

  @Test
  void the_linux_archive_installs_with_krew_and_runs_without_a_jre() throws Exception {
    run(List.of("bash", "scripts/package-plugin.sh", "--skip-build", ROOT.toString()));
    run(List.of("bash", "scripts/check-krew.sh", ROOT.toString()));
  }

  @Test
  void the_release_workflows_local_steps_pass() throws Exception {
    run(List.of("bash", "scripts/release-local.sh", ROOT.toString()));
  }
}

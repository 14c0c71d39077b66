package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.RunnerJobs;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The runner IMAGE as this build makes it ({@code scripts/build-runner-image.sh --skip-build} on
 * {@code runner/target}): the name the plugin and the dispatcher put into runner Jobs, its non-root
 * user, an exec-form entrypoint that needs no shell, its usage on a read-only root.
 *
 * <p>The image running as a runner Job's pod (in-cluster configuration, the ServiceAccount token
 * volume, DNS, Bolt to the target's Service, the restore to {@code Completed}) is tested where a
 * real kubelet runs it: the k3s tier ({@code e2e/}, every {@code *E2E}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunnerImageIT {
  private RunnerImage image;

  @BeforeAll
  void setUp() {
    image = RunnerImage.build();
  }

  @Test
  void the_image_is_the_one_this_build_puts_into_runner_jobs_and_needs_no_shell() throws Exception {
    Properties build = new Properties();
    try (InputStream in =
        Files.newInputStream(
            java.nio.file.Path.of(
                "target", "classes", "io", "neo4jrestore", "runner", "build.properties"))) {
      build.load(in);
    }
    assertEquals(build.getProperty("runnerImage"), image.name());
    assertTrue(image.name().endsWith(":" + build.getProperty("version")), image.name());

    String config =
        RunnerImage.run(
            "image",
            "inspect",
            "--format",
            "{{.Config.User}}|{{json .Config.Entrypoint}}|{{.Digest}}",
            image.name());
    String[] parts = config.split("\\|");
    assertEquals(RunnerJobs.RUN_AS_USER + ":" + RunnerJobs.RUN_AS_USER, parts[0]);
    assertTrue(
        parts[1].startsWith("[\"/opt/neo4j-restore/runtime/bin/java\""),
        "exec-form entrypoint, no shell: " + parts[1]);
    assertEquals(image.digest(), parts[2]);

    // what the entrypoint says with no arguments, as the non-root user on a read-only root
    String usage = RunnerImage.run("run", "--rm", "--network", "none", "--read-only", image.name());
    assertTrue(usage.contains("run") && usage.contains("dispatch"), usage);
  }
}

package io.neo4jrestore.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.plugin.testing.Cli;
import io.neo4jrestore.plugin.testing.FakeRestoreCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image {@code scripts/build-runner-image.sh} builds and the image this build's plugin puts
 * into runner Jobs ({@code create}) and into the install manifests (dispatcher, admission policy)
 * are the same name, and it carries the build version: a change to either side that lets them drift
 * fails here.
 */
class RunnerImageTagTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private static String scriptImage() throws Exception {
    Process p =
        new ProcessBuilder(
                "bash", REPO.resolve("scripts/build-runner-image.sh").toString(), "--print-image")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "build-runner-image.sh --print-image hangs");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void the_built_image_is_the_one_the_plugin_and_install_put_into_manifests() throws Exception {
    assertTrue(Files.exists(REPO.resolve("pom.xml")), REPO.toString());
    BuildInfo build = BuildInfo.load();
    String image = scriptImage();

    assertEquals(build.runnerImage(), image);
    assertTrue(image.endsWith(":" + build.version()), image + " carries the build version");
    assertFalse(build.version().isBlank() || build.version().contains("${"), build.version());

    FakeRestoreCluster cluster = new FakeRestoreCluster();
    Cli cli = new Cli(cluster).build(build);

    // create: the runner Job it starts
    Cli.Run created =
        cli.run(
            "create",
            "r1",
            "--target",
            "prod",
            "--database",
            "movies",
            "--source-type",
            "backup",
            "--backup-ref",
            "nightly");
    assertEquals(0, created.exitCode(), created.toString());
    JsonNode job = cluster.jobs.values().iterator().next();
    assertEquals(image, job.at("/spec/template/spec/containers/0/image").asText());

    // install: every image reference in what it applies
    Cli.Run install =
        cli.run(
            "install",
            "--dry-run=client",
            "-o",
            "yaml",
            "-n",
            "ops",
            "--managed-namespace",
            "prod");
    assertEquals(0, install.exitCode(), install.toString());
    List<String> images = new ArrayList<>();
    try (var docs = ApiMapper.yaml().readerFor(JsonNode.class).readValues(install.out())) {
      while (docs.hasNext()) {
        JsonNode d = (JsonNode) docs.next();
        d.findValues("image").stream()
            .filter(JsonNode::isTextual) // not the CRD schema's "image" property
            .forEach(v -> images.add(v.asText()));
      }
    }
    assertEquals(List.of(image), images.stream().distinct().toList(), "dispatcher images");
    Matcher policy =
        Pattern.compile("run only the runner image ([^\"\\s]+)").matcher(install.out());
    assertTrue(policy.find(), "the admission policy names the runner image");
    assertEquals(image, policy.group(1));
  }
}

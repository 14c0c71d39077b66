package io.neo4jrestore.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The images the tier's pods run, built with podman from this build's outputs and saved as one
 * docker-archive for the k3s node's containerd:
 *
 * <ul>
 *   <li>the runner image ({@code scripts/build-runner-image.sh --skip-build} on {@code
 *       runner/target}, the name the plugin and {@code install} put into Jobs);
 *   <li>the Neo4j stand-in ({@code e2e/src/test/images/neo4j-standin}, on the runner image, with
 *       testenv's stand-in jar), tagged as the targets' Neo4j image;
 *   <li>the hook image ({@code e2e/src/test/images/hook}, the Debian base as user 10001).
 * </ul>
 *
 * <p>podman runs with the caller's {@code CONTAINERS_CONF}/{@code CONTAINERS_STORAGE_CONF} ({@code
 * scripts/test.sh} gives each checkout its own storage).
 */
record E2eImages(String runner, String neo4j, String hook, Path archive) {
  /** The stand-in's repository; the tag is the Neo4j version it plays. */
  static final String NEO4J_REPO = "localhost/neo4j-restore-e2e/neo4j";

  static final String NEO4J_TAG = "5.26.12-enterprise";
  static final String NEO4J_VERSION = "5.26.12";
  static final String HOOK = "localhost/neo4j-restore-e2e/hook:1";

  /** Builds what is missing; returns the names and the archive. */
  static E2eImages prepare(Path repo, Path work) throws Exception {
    Files.createDirectories(work);
    Path log = work.resolve("image-builds.log");
    Instant t0 = Instant.now();
    String runner =
        lastLine(script(repo, log, "build-runner-image.sh", "--skip-build")).split(" ")[0];
    String base = lastLine(script(repo, log, "build-runner-image.sh", "--base-only"));

    Path standinContext = work.resolve("neo4j-standin");
    copyTree(repo.resolve("e2e/src/test/images/neo4j-standin"), standinContext);
    Files.copy(
        standinJar(repo),
        standinContext.resolve("neo4j-standin.jar"),
        StandardCopyOption.REPLACE_EXISTING);
    String neo4j = NEO4J_REPO + ":" + NEO4J_TAG;
    podman(
        log,
        "build",
        "--network",
        "none",
        "--pull=never",
        "--build-arg",
        "RUNNER_IMAGE=" + runner,
        "-t",
        neo4j,
        standinContext.toString());
    Path hookContext = work.resolve("hook");
    copyTree(repo.resolve("e2e/src/test/images/hook"), hookContext);
    podman(
        log,
        "build",
        "--network",
        "none",
        "--pull=never",
        "--build-arg",
        "BASE_IMAGE=" + base,
        "-t",
        HOOK,
        hookContext.toString());

    // one archive for the three: shared layers are stored once
    String ids =
        podman(log, "image", "inspect", "--format", "{{.Id}}", runner, neo4j, HOOK).strip();
    Path archive = work.resolve("archive").resolve("e2e-images.tar");
    Path idsFile = work.resolve("archive").resolve("e2e-images.ids");
    if (!Files.exists(archive)
        || !Files.exists(idsFile)
        || !Files.readString(idsFile).equals(ids)) {
      Files.createDirectories(archive.getParent());
      Files.deleteIfExists(archive);
      podman(
          log,
          "save",
          "--multi-image-archive",
          "--format",
          "docker-archive",
          "-o",
          archive.toString(),
          runner,
          neo4j,
          HOOK);
      Files.writeString(idsFile, ids);
    }
    System.out.printf(
        "[k3s] images %s, %s, %s (%d MB archive) ready in %.1fs; log %s%n",
        runner,
        neo4j,
        HOOK,
        Files.size(archive) / 1_000_000,
        Duration.between(t0, Instant.now()).toMillis() / 1000.0,
        log);
    return new E2eImages(runner, neo4j, HOOK, archive);
  }

  /** The k3s image ({@code scripts/build-k3s.sh}: built once, minutes to hours cold). */
  static String k3sImage(Path repo, Path work) throws Exception {
    Path log = work.resolve("build-k3s.log");
    String background = System.getenv("NEO4J_RESTORE_K3S_BUILD_LOG");
    if (background != null) {
      System.out.println(
          "[k3s] scripts/build-k3s.sh (started in the background by scripts/test.sh: "
              + background
              + ")");
    }
    Instant t0 = Instant.now();
    String image = lastLine(script(repo, log, "build-k3s.sh"));
    System.out.printf(
        "[k3s] image %s ready after %.1fs; log %s%n",
        image, Duration.between(t0, Instant.now()).toMillis() / 1000.0, log);
    return image;
  }

  private static Path standinJar(Path repo) throws IOException {
    try (Stream<Path> s = Files.list(repo.resolve("testenv/target"))) {
      return s.filter(p -> p.getFileName().toString().endsWith("-neo4j-standin.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no testenv/target/*-neo4j-standin.jar: build testenv (mvn package -pl testenv)"));
    }
  }

  private static String script(Path repo, Path log, String script, String... args)
      throws Exception {
    List<String> command =
        new ArrayList<>(List.of("bash", repo.resolve("scripts/" + script).toString()));
    command.addAll(List.of(args));
    return run(command, log, Duration.ofMinutes(90));
  }

  private static String podman(Path log, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("podman", "--runtime", "runc"));
    command.addAll(List.of(args));
    return run(command, log, Duration.ofMinutes(10));
  }

  /** Runs a command; stderr goes to {@code log}; fails with the log's path. Returns stdout. */
  private static String run(List<String> command, Path log, Duration timeout) throws Exception {
    Files.writeString(
        log,
        "\n$ " + String.join(" ", command) + "\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = pb.environment();
    if (!env.containsKey("CONTAINERS_CONF")) {
      Path conf = log.resolveSibling("containers.conf");
      Files.writeString(
          conf, "[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = \"runc\"\n");
      env.put("CONTAINERS_CONF", conf.toString());
    }
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          String.join(" ", command) + " did not end within " + timeout + "; see " + log);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(
          String.join(" ", command) + " failed (exit " + p.exitValue() + "); see " + log);
    }
    return out;
  }

  private static String lastLine(String out) {
    return out.strip().lines().reduce((a, b) -> b).orElse("");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path f : s.toList()) {
        Files.copy(
            f,
            to.resolve(f.getFileName()),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }
}

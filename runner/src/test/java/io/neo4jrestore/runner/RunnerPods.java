package io.neo4jrestore.runner;

import io.neo4jrestore.testenv.FakeKubelet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a runner pod's container as the built runner jar in a local JVM (the image's entrypoint).
 */
public final class RunnerPods {
  private RunnerPods() {}

  public static FakeKubelet.RunnerLauncher launcher() {
    Path jar = Path.of("target", "neo4j-restore-runner.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " missing: integration tests run after `package`");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    return (pod, container) -> {
      List<String> command =
          new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
      if (container.getArgs() != null) {
        command.addAll(container.getArgs());
      }
      return command;
    };
  }
}

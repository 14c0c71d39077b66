package io.neo4jrestore.testenv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The test control plane as a process of its own, for scripts that need a real API server
 * (scripts/bench-startup.sh --local-cluster): starts it, copies its admin kubeconfig to the given
 * file, prints {@code READY}, and runs until its standard input closes or it is killed.
 *
 * <p>Usage: {@code LocalControlPlane KUBECONFIG_OUT WORK_DIR}
 */
public final class LocalControlPlane {
  private LocalControlPlane() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: LocalControlPlane KUBECONFIG_OUT WORK_DIR");
      System.exit(2);
    }
    Path work = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
    ControlPlane cp =
        ControlPlane.start(
            ControlPlaneExtension.repoRoot(),
            Files.createTempDirectory(work, "cp-"),
            work.resolve("logs"));
    Runtime.getRuntime().addShutdownHook(new Thread(cp::close));
    Files.copy(cp.adminKubeconfig(), Path.of(args[0]), StandardCopyOption.REPLACE_EXISTING);
    System.out.println("READY");
    System.out.flush();
    while (System.in.read() != -1) {
      // until the caller closes our stdin
    }
    System.exit(0);
  }
}

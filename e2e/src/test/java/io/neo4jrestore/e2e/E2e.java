package io.neo4jrestore.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a k3s test gets: the cluster, the command line a user has (kubectl and the plugin), the
 * images its pods run, a work directory, what {@code install} printed, and the repository.
 */
record E2e(K3sCluster k3s, Cli cli, E2eImages images, Path work, Cli.Result install, Path repo) {

  /** Writes the cluster's objects, events and the logs of the tier's pods to a file. */
  Path diagnostics(String name) {
    Path dir = work.resolve("diagnostics");
    Path file = dir.resolve(name + ".txt");
    StringBuilder s = new StringBuilder();
    s.append(
        cli.kubectl(
            "get", "nodes,pods,jobs,statefulsets,pvc,pv,neo4jrestores", "-A", "-o", "wide"));
    s.append(cli.kubectl("get", "events", "-A", "--sort-by=.lastTimestamp"));
    for (String ns : K3sExtension.NAMESPACES) {
      s.append(cli.kubectl("get", "neo4jrestores", "-n", ns, "-o", "yaml"));
      for (String pod : cli.kubectl("get", "pods", "-n", ns, "-o", "name").out().lines().toList()) {
        s.append("\n===== ").append(ns).append('/').append(pod).append('\n');
        s.append(cli.kubectl("logs", "-n", ns, pod, "--all-containers", "--tail=200"));
      }
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(file, s.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}

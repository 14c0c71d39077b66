package io.neo4jrestore.plugin;

import io.neo4jrestore.plugin.restore.RestoreCluster;
import java.util.function.Supplier;

/**
 * What a command gets from the kubeconfig and flags: the namespace to work in, and the cluster,
 * connected on first use (so {@code --dry-run=client} never opens a connection).
 */
public record Session(String namespace, Supplier<RestoreCluster> cluster) {
  /** The cluster; connects (and builds the process's one API client) on the first call. */
  public RestoreCluster connect() {
    return cluster.get();
  }
}

package io.neo4jrestore.plugin;

import io.neo4jrestore.plugin.options.KubeOptions;

/** Opens a {@link Session} for a command's connection flags. Replaced by a fake in tests. */
@FunctionalInterface
public interface Sessions {
  Session open(KubeOptions options);
}

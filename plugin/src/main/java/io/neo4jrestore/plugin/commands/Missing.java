package io.neo4jrestore.plugin.commands;

import io.neo4jrestore.plugin.ExitCode;
import io.neo4jrestore.plugin.PluginException;
import io.neo4jrestore.plugin.restore.RestoreCluster;

/** The one wording for "no such restore". */
final class Missing {
  private Missing() {}

  static PluginException restore(RestoreCluster cluster, String namespace, String name) {
    return new PluginException(
        ExitCode.API,
        "neo4jrestore \""
            + name
            + "\" not found in namespace "
            + namespace
            + " on "
            + cluster.where()
            + "; list them with: kubectl neo4j-restore get -n "
            + namespace);
  }
}

package io.neo4jrestore.plugin.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.kube.ApiStatusException;
import io.neo4jrestore.plugin.BuildInfo;
import io.neo4jrestore.plugin.PluginContext;
import io.neo4jrestore.plugin.Session;
import io.neo4jrestore.plugin.install.ClusterVersions;
import io.neo4jrestore.plugin.install.Installer;
import io.neo4jrestore.plugin.options.KubeOptions;
import io.neo4jrestore.plugin.restore.RestoreCluster;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code version}: the plugin's version, the API it writes and the runner image it starts; then,
 * unless {@code --client}, what the cluster serves, with a warning where the two do not match.
 */
@Command(
    name = "version",
    customSynopsis = "kubectl neo4j-restore version [--client] [-n NAMESPACE] [flags]",
    description = {
      "Print the plugin version, the Neo4jRestore API version and the runner image it starts;"
          + " then the API server's version, the Neo4jRestore CRD it serves (and whether its"
          + " schema is this plugin's) and the runner image of the dispatcher in the namespace"
          + " (-n). Mismatches are warnings on stderr; the exit code stays 0.",
      ""
    })
public final class VersionCommand implements Runnable {
  private final PluginContext context;

  /** Made by picocli through the plugin's factory, with the command line's context. */
  public VersionCommand(PluginContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;

  @Option(names = "--client", description = "Only the plugin's side, without contacting a cluster.")
  boolean client;

  @Override
  public void run() {
    BuildInfo info = context.build().get();
    PrintWriter out = spec.commandLine().getOut();
    out.println("Plugin version: " + info.version());
    out.println("API:            " + RestoreApi.API_VERSION + " " + RestoreApi.KIND);
    out.println("Runner image:   " + info.runnerImage() + " (" + info.imageOrigin() + ")");
    out.flush();
    if (client) {
      return;
    }
    Session session = context.sessions().open(kube);
    RestoreCluster cluster = session.connect();
    JsonNode server =
        cluster
            .read("/version")
            .orElseThrow(() -> new IllegalStateException("the API server has no /version"));
    ClusterVersions.Lookup crd = lookup(cluster, Installer.CRD_PATH);
    ClusterVersions.Lookup dispatcher =
        lookup(cluster, ClusterVersions.dispatcherPath(session.namespace()));
    ClusterVersions.Report report =
        ClusterVersions.report(info, server, crd, session.namespace(), dispatcher);
    report.lines().forEach(out::println);
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    report.warnings().forEach(w -> err.println("warning: " + w));
    err.flush();
  }

  /** Reading the CRD or the dispatcher may be forbidden to a user who may still create restores. */
  private static ClusterVersions.Lookup lookup(RestoreCluster cluster, String path) {
    try {
      Optional<JsonNode> o = cluster.read(path);
      return o.map(ClusterVersions.Lookup::of).orElseGet(ClusterVersions.Lookup::absent);
    } catch (ApiStatusException e) {
      if (e.code() == 403) {
        return ClusterVersions.Lookup.denied();
      }
      throw e;
    }
  }
}

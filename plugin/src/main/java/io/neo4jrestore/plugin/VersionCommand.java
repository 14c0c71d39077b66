package io.neo4jrestore.plugin;

import io.neo4jrestore.api.RestoreApi;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code version}: the plugin's version, the API it writes and the runner image it starts. */
@Command(
    name = "version",
    description = "Print the plugin version, the Neo4jRestore API version and the runner image.")
public final class VersionCommand implements Runnable {
  @Spec CommandSpec spec;
  @ParentCommand KubectlNeo4jRestore root;

  @Option(
      names = "--client",
      description = "Only the plugin's side, without contacting a cluster (what is shown today).")
  boolean client;

  @Override
  public void run() {
    BuildInfo info = root.context().build().get();
    PrintWriter out = spec.commandLine().getOut();
    out.println("Plugin version: " + info.version());
    out.println("API:            " + RestoreApi.API_VERSION + " " + RestoreApi.KIND);
    out.println("Runner image:   " + info.runnerImage());
    out.flush();
  }
}

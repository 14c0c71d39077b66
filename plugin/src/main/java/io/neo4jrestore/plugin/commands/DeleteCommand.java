package io.neo4jrestore.plugin.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.plugin.PluginContext;
import io.neo4jrestore.plugin.PluginException;
import io.neo4jrestore.plugin.Session;
import io.neo4jrestore.plugin.options.KubeOptions;
import io.neo4jrestore.plugin.restore.RestoreCluster;
import io.neo4jrestore.plugin.restore.Restores;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code delete NAME}: remove a restore; refuses while it runs unless {@code --force}. */
@Command(
    name = "delete",
    customSynopsis = "kubectl neo4j-restore delete NAME [--force] [flags]",
    description = {
      "Delete a restore (refused while it runs).",
      "",
      "Deleting does not stop a running restore's runner, which goes on and puts the target"
          + " back itself: stop it with `cancel`, or delete anyway with --force.",
      ""
    })
public final class DeleteCommand implements Callable<Integer> {
  private final PluginContext context;

  /** Made by picocli through the plugin's factory, with the command line's context. */
  public DeleteCommand(PluginContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;

  @Parameters(index = "0", paramLabel = "NAME", description = "The restore.")
  String name;

  @Option(names = "--force", description = "Delete even while the restore is Running.")
  boolean force;

  @Override
  public Integer call() {
    Session session = context.sessions().open(kube);
    RestoreCluster cluster = session.connect();
    String namespace = session.namespace();
    JsonNode json =
        cluster.find(namespace, name).orElseThrow(() -> Missing.restore(cluster, namespace, name));
    Neo4jRestore restore = Restores.model(json);
    PrintWriter err = spec.commandLine().getErr();
    if (Phases.RUNNING.equals(Restores.phase(restore))) {
      if (!force) {
        throw PluginException.refused(
            "neo4jrestore "
                + namespace
                + "/"
                + name
                + " is Running; deleting it does not stop the runner. Stop it safely with:"
                + " kubectl neo4j-restore cancel "
                + name
                + " -n "
                + namespace
                + ", or delete anyway with --force");
      }
      err.println(
          "Warning: neo4jrestore "
              + namespace
              + "/"
              + name
              + " is Running; its runner Job goes on (its undo data is mirrored on the target)");
      err.flush();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (!cluster.delete(namespace, name)) {
      throw Missing.restore(cluster, namespace, name);
    }
    out.println(Restores.RESOURCE + " \"" + name + "\" deleted");
    out.flush();
    return 0;
  }
}

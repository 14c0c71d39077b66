package io.neo4jrestore.plugin.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.kube.KubeException;
import io.neo4jrestore.plugin.PluginContext;
import io.neo4jrestore.plugin.Session;
import io.neo4jrestore.plugin.options.KubeOptions;
import io.neo4jrestore.plugin.restore.Describer;
import io.neo4jrestore.plugin.restore.RestoreCluster;
import io.neo4jrestore.plugin.restore.Restores;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code describe NAME}: everything about one restore, and what to do next when it failed. */
@Command(
    name = "describe",
    customSynopsis = "kubectl neo4j-restore describe NAME [flags]",
    description = {
      "Show everything about one restore.",
      "",
      "Spec summary, resolved source, status, steps with elapsed time, conditions, recent"
          + " events, and what to do next when it failed.",
      ""
    })
public final class DescribeCommand implements Callable<Integer> {
  private final PluginContext context;

  /** Made by picocli through the plugin's factory, with the command line's context. */
  public DescribeCommand(PluginContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;

  @Parameters(index = "0", paramLabel = "NAME", description = "The restore.")
  String name;

  @Override
  public Integer call() {
    Session session = context.sessions().open(kube);
    RestoreCluster cluster = session.connect();
    String namespace = session.namespace();
    JsonNode json =
        cluster.find(namespace, name).orElseThrow(() -> Missing.restore(cluster, namespace, name));
    Neo4jRestore restore = Restores.model(json);
    List<JsonNode> events;
    PrintWriter err = spec.commandLine().getErr();
    try {
      events = cluster.events(namespace, name, restore.metadata().uid());
    } catch (KubeException e) {
      err.println("events are not shown: " + e.getMessage());
      err.flush();
      events = List.of();
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(Describer.describe(restore, events, context.clock().instant()));
    out.flush();
    return 0;
  }
}

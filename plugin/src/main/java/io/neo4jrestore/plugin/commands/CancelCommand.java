package io.neo4jrestore.plugin.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.plugin.PluginContext;
import io.neo4jrestore.plugin.Session;
import io.neo4jrestore.plugin.options.KubeOptions;
import io.neo4jrestore.plugin.options.WaitOptions;
import io.neo4jrestore.plugin.restore.RestoreCluster;
import io.neo4jrestore.plugin.restore.Restores;
import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cancel NAME}: ask the runner to stop at its next safe point. */
@Command(
    name = "cancel",
    customSynopsis = "kubectl neo4j-restore cancel NAME [--wait] [flags]",
    description = {
      "Ask the runner to stop a restore safely.",
      "",
      "Sets the annotation "
          + Annotations.CANCEL
          + ": the runner stops at its next safe point, puts the target back and marks the"
          + " restore Failed (Cancelled).",
      ""
    })
public final class CancelCommand implements Callable<Integer> {
  private final PluginContext context;

  /** Made by picocli through the plugin's factory, with the command line's context. */
  public CancelCommand(PluginContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;
  @Mixin WaitOptions wait;

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
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String phase = Restores.phase(restore);
    if (Phases.isTerminal(phase)) {
      err.println(
          "neo4jrestore " + namespace + "/" + name + " already " + phase + "; nothing to cancel");
      err.flush();
      return 0;
    }
    String now =
        OffsetDateTime.now(context.clock())
            .withOffsetSameInstant(ZoneOffset.UTC)
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    cluster.annotate(namespace, name, Map.of(Annotations.CANCEL, now));
    out.println(Restores.RESOURCE + "/" + name + " cancel requested");
    out.flush();
    err.println(
        "the runner stops at the next safe point, puts the target back, and marks the restore"
            + " Failed (Cancelled)"
            + (wait.enabled()
                ? ""
                : "; follow it with: kubectl neo4j-restore watch " + name + " -n " + namespace));
    err.flush();
    if (wait.enabled()) {
      return Following.follow(context, cluster, namespace, name, wait.timeout(), out, err);
    }
    return 0;
  }
}

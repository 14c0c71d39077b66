package io.neo4jrestore.plugin.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.plugin.PluginContext;
import io.neo4jrestore.plugin.PluginException;
import io.neo4jrestore.plugin.Session;
import io.neo4jrestore.plugin.options.KubeOptions;
import io.neo4jrestore.plugin.options.OutputOptions;
import io.neo4jrestore.plugin.restore.ObjectPrinter;
import io.neo4jrestore.plugin.restore.RestoreCluster;
import io.neo4jrestore.plugin.restore.RestoreTable;
import io.neo4jrestore.plugin.restore.Restores;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code get [NAME]} / {@code list}: restores as a table, YAML, JSON or names. */
@Command(
    name = "get",
    aliases = "list",
    customSynopsis =
        "kubectl neo4j-restore get|list [NAME] [-A] [-l SELECTOR] [-o yaml|json|name|wide]"
            + " [flags]",
    description = {
      "List restores, or show one.",
      "",
      "Columns: NAME TARGET DATABASE PHASE DURATION AGE; -o wide adds SOURCE and MESSAGE, -A"
          + " adds NAMESPACE.",
      "",
      "When a restore drill is listed: LAST DRILL (Passed, Failed at assertion #k or Failed:"
          + " REASON, and how long ago it ended) after PHASE; -o wide adds SCHEDULE and NEXT"
          + " DRILL (due, in 5d, <none>). describe shows every drill kept.",
      ""
    })
public final class GetCommand implements Callable<Integer> {
  private final PluginContext context;

  /** Made by picocli through the plugin's factory, with the command line's context. */
  public GetCommand(PluginContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;
  @Mixin OutputOptions output;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "One restore.")
  String name;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "List restores in all namespaces.")
  boolean allNamespaces;

  @Option(
      names = {"-l", "--selector"},
      paramLabel = "SELECTOR",
      description = "Label selector, e.g. team=data,env!=prod.")
  String selector;

  @Override
  public Integer call() {
    if (name != null && allNamespaces) {
      throw PluginException.usage(
          "a restore cannot be fetched by name across all namespaces; drop -A or NAME");
    }
    if (name != null && selector != null) {
      throw PluginException.usage("give NAME or -l SELECTOR, not both");
    }
    Session session = context.sessions().open(kube);
    RestoreCluster cluster = session.connect();
    String namespace = allNamespaces ? null : session.namespace();
    List<JsonNode> items;
    if (name != null) {
      JsonNode one =
          cluster
              .find(namespace, name)
              .orElseThrow(() -> Missing.restore(cluster, namespace, name));
      items = List.of(one);
    } else {
      items = cluster.list(namespace, selector, null).items();
    }
    PrintWriter out = spec.commandLine().getOut();
    OutputOptions.Format format = output.format();
    if (items.isEmpty() && (format == null || format == OutputOptions.Format.wide)) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          allNamespaces
              ? "No resources found"
              : "No resources found in " + session.namespace() + " namespace.");
      err.flush();
      return 0;
    }
    if (format == null || format == OutputOptions.Format.wide) {
      List<Neo4jRestore> models = items.stream().map(Restores::model).toList();
      out.print(
          RestoreTable.render(
              models,
              allNamespaces,
              format == OutputOptions.Format.wide,
              context.clock().instant()));
    } else {
      JsonNode shown = name != null ? Restores.forOutput(items.get(0)) : ObjectPrinter.list(items);
      switch (format) {
        case yaml -> out.print(ObjectPrinter.yaml(shown));
        case json -> out.print(ObjectPrinter.json(shown));
        default -> items.forEach(i -> out.print(ObjectPrinter.name(i)));
      }
    }
    out.flush();
    return 0;
  }
}

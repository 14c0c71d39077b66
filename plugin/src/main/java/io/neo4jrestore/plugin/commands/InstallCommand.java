package io.neo4jrestore.plugin.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.plugin.PluginContext;
import io.neo4jrestore.plugin.PluginException;
import io.neo4jrestore.plugin.Session;
import io.neo4jrestore.plugin.install.Installer;
import io.neo4jrestore.plugin.install.Manifests;
import io.neo4jrestore.plugin.options.KubeOptions;
import io.neo4jrestore.plugin.options.OutputOptions;
import io.neo4jrestore.plugin.restore.ObjectPrinter;
import io.neo4jrestore.plugin.restore.RestoreCluster.DryRun;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code install}: the CRD, the runner's RBAC, the dispatcher and the admission policy. */
@Command(
    name = "install",
    customSynopsis =
        "kubectl neo4j-restore install [-n NAMESPACE] [--managed-namespace NS]... [-A]"
            + " [--drill-namespace NS] [--runner-image IMAGE] [--dry-run=client -o yaml]"
            + " [flags]",
    description = {
      "Install or update what the cluster side needs, with server-side apply.",
      "",
      "The Neo4jRestore CRD; per managed namespace the runner's ServiceAccounts, Roles and"
          + " RoleBindings; the dispatcher CronJob in the install namespace; and a"
          + " ValidatingAdmissionPolicy that lets Jobs run as neo4j-restore-runner only with the"
          + " runner image. Refuses to replace a CRD of the same name that neo4j-restore did not"
          + " install (the Neo4j operator's). Running it again is safe.",
      ""
    })
public final class InstallCommand implements Callable<Integer> {
  private final PluginContext context;

  /** Made by picocli through the plugin's factory, with the command line's context. */
  public InstallCommand(PluginContext context) {
    this.context = context;
  }

  /** How dry: as for {@code create}. */
  public enum DryRunMode {
    none,
    client,
    server
  }

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;
  @Mixin OutputOptions output;

  @Option(
      names = "--runner-image",
      paramLabel = "IMAGE",
      description =
          "The runner image for the dispatcher and the admission policy. Default: this"
              + " build's (see version).")
  String runnerImage;

  @Option(
      names = "--managed-namespace",
      paramLabel = "NS",
      description =
          "A namespace where Neo4jRestore resources and their targets live (repeatable; gets the"
              + " runner's RBAC). Default: the install namespace.")
  List<String> managedNamespaces = new ArrayList<>();

  @Option(
      names = "--drill-namespace",
      paramLabel = "NS",
      description =
          "A namespace where restore drills of the managed namespaces run (their"
              + " spec.drill.namespace): its neo4j-restore-workload ServiceAccount, the Role"
              + " neo4j-restore-drill and, per managed namespace, a RoleBinding for that"
              + " namespace's runner and the dispatcher. Copy the cloud credentials Secrets the"
              + " drills use into it.")
  String drillNamespace;

  @Option(
      names = {"-A", "--all-namespaces"},
      description =
          "The dispatcher looks for Neo4jRestore resources in every namespace (a ClusterRole to"
              + " list them). It still starts runners only in managed namespaces: elsewhere it"
              + " logs which namespace to install.")
  boolean allNamespaces;

  @Option(names = "--no-dispatcher", description = "Do not install the dispatcher CronJob.")
  boolean noDispatcher;

  @Option(
      names = "--no-admission-policy",
      description = "Do not install the ValidatingAdmissionPolicy (it is cluster-scoped).")
  boolean noAdmissionPolicy;

  @Option(
      names = "--take-over-crd",
      description =
          "Replace the CRD even when neo4j-restore did not install it (it then stops being the"
              + " Neo4j operator's).")
  boolean takeOverCrd;

  @Option(
      names = "--dry-run",
      arity = "0..1",
      fallbackValue = "client",
      paramLabel = "MODE",
      description =
          "client (also the bare flag): print what would be applied (-o yaml|json), without"
              + " contacting the cluster. server: the API server checks everything, stores"
              + " nothing.")
  DryRunMode dryRun = DryRunMode.none;

  @Override
  public Integer call() throws InterruptedException {
    Session session = context.sessions().open(kube);
    String installNamespace = session.namespace();
    List<String> managed =
        managedNamespaces.isEmpty() ? List.of(installNamespace) : List.copyOf(managedNamespaces);
    String image = runnerImage != null ? runnerImage : context.build().get().runnerImage();
    Manifests.Settings settings =
        new Manifests.Settings(
            installNamespace,
            managed,
            image,
            !noDispatcher,
            !noAdmissionPolicy,
            allNamespaces,
            drillNamespace);
    List<ObjectNode> objects = Manifests.render(settings);
    PrintWriter out = spec.commandLine().getOut();
    if (dryRun == DryRunMode.client) {
      print(objects, out);
      return 0;
    }
    if (output.format() != null) {
      throw PluginException.usage("-o is only for --dry-run=client");
    }
    new Installer(session.connect(), context.sleeper(), out, spec.commandLine().getErr())
        .install(
            settings,
            objects,
            takeOverCrd,
            dryRun == DryRunMode.server ? DryRun.SERVER : DryRun.NONE);
    return 0;
  }

  private void print(List<ObjectNode> objects, PrintWriter out) {
    OutputOptions.Format format =
        output.format() == null ? OutputOptions.Format.yaml : output.format();
    switch (format) {
      case yaml -> objects.forEach(o -> out.print("---\n" + ObjectPrinter.yaml(o)));
      case json -> {
        ObjectNode list = ApiMapper.json().createObjectNode();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        ArrayNode items = list.putArray("items");
        objects.forEach(items::add);
        out.print(ObjectPrinter.json(list));
      }
      case name -> objects.forEach(o -> out.println(Manifests.displayName(o)));
      default -> throw PluginException.usage("-o " + format + " is not supported by install");
    }
    out.flush();
  }
}

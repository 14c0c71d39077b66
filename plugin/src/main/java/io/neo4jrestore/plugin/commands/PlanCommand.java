package io.neo4jrestore.plugin.commands;

import io.neo4jrestore.plugin.PluginContext;
import picocli.CommandLine.Command;

/**
 * {@code plan NAME}: {@code create --plan} under its own name (docs/plan.md). The resource is
 * created marked plan-only; its runner Job runs every read-only step and refusal of the restore,
 * changes nothing, and writes {@code status.plan}, which is printed. The flags are {@code
 * create}'s.
 */
@Command(
    name = "plan",
    sortOptions = false,
    customSynopsis = {
      "kubectl neo4j-restore plan NAME --target CLUSTER --database DB --source-type TYPE [flags]",
      "       kubectl neo4j-restore plan [NAME] -f FILE|- [flags]"
    },
    description = {
      "Show what a restore would do, without changing anything.",
      "",
      "Creates the restore marked plan-only and starts its runner Job in plan mode: it resolves"
          + " the target and the source, checks the credentials, the Jobs (server dry run), the"
          + " runner's permissions and every refusal the restore would make, then writes"
          + " status.plan. Prints the steps in order, the expected downtime and the refusals"
          + " (-o yaml|json for tools). Exit code 0: the restore would start; 5: it would be"
          + " refused. Run what was reviewed with create --from-plan NAME.",
      "",
      "Examples:",
      "  kubectl neo4j-restore plan nightly --target prod --database movies \\",
      "      --source-type backup --backup-ref nightly-backup --stop-cluster",
      "  kubectl neo4j-restore plan -f restore.yaml -o yaml",
      "  kubectl neo4j-restore create --from-plan nightly --wait",
      ""
    })
public final class PlanCommand extends CreateCommand {
  /** Made by picocli through the plugin's factory, with the command line's context. */
  public PlanCommand(PluginContext context) {
    super(context);
  }

  @Override
  boolean planMode() {
    return true;
  }
}

package io.neo4jrestore.plugin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kubectl neo4j-restore}: the entry point. Only {@link #main} calls {@code System.exit};
 * commands print through picocli's writers so tests capture them.
 */
@Command(
    name = "kubectl neo4j-restore",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.VersionProvider.class,
    description = {
      "Restore Neo4j Enterprise databases on Kubernetes from backups.",
      "",
      "Writes Neo4jRestore resources (neo4j.neo4j.com/v1alpha1) and follows the runner Job that"
          + " restores them."
    },
    subcommands = {VersionCommand.class, CommandLine.HelpCommand.class})
public final class KubectlNeo4jRestore implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // no subcommand: show what there is
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The command line, configured the same way for {@code main} and for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new KubectlNeo4jRestore()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}

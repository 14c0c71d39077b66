package io.neo4jrestore.plugin;

import io.neo4jrestore.plugin.commands.CancelCommand;
import io.neo4jrestore.plugin.commands.CompleteCommand;
import io.neo4jrestore.plugin.commands.CompletionCommand;
import io.neo4jrestore.plugin.commands.CreateCommand;
import io.neo4jrestore.plugin.commands.DeleteCommand;
import io.neo4jrestore.plugin.commands.DescribeCommand;
import io.neo4jrestore.plugin.commands.GetCommand;
import io.neo4jrestore.plugin.commands.InstallCommand;
import io.neo4jrestore.plugin.commands.LogsCommand;
import io.neo4jrestore.plugin.commands.WatchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code kubectl neo4j-restore}: the entry point. Only {@link #main} calls {@code System.exit};
 * commands print through picocli's writers so tests capture them, and failures become exit codes in
 * {@link ErrorHandler} only.
 */
@Command(
    name = "kubectl neo4j-restore",
    // subcommands inherit -h/--help (and the exit-code footer set below)
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.VersionProvider.class,
    description = {
      "Restore Neo4j Enterprise databases on Kubernetes from backups.",
      "",
      "Writes Neo4jRestore resources (neo4j.neo4j.com/v1alpha1) and follows the runner Job that"
          + " restores them. Data goes to stdout, progress and errors to stderr."
    },
    subcommands = {
      CreateCommand.class,
      GetCommand.class,
      DescribeCommand.class,
      WatchCommand.class,
      LogsCommand.class,
      InstallCommand.class,
      CancelCommand.class,
      DeleteCommand.class,
      VersionCommand.class,
      CompletionCommand.class,
      CompleteCommand.class,
      CommandLine.HelpCommand.class
    })
public final class KubectlNeo4jRestore implements Runnable {
  private final PluginContext context;
  private final Verbosity verbosity = new Verbosity();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public KubectlNeo4jRestore(PluginContext context) {
    this.context = context;
  }

  @Option(
      names = {"-v", "--v"},
      arity = "0..1",
      fallbackValue = "1",
      paramLabel = "LEVEL",
      scope = ScopeType.INHERIT,
      description = "Verbose: show stack traces with errors.")
  void verbosity(int level) {
    verbosity.level(level);
  }

  public PluginContext context() {
    return context;
  }

  @Override
  public void run() {
    // no subcommand: show what there is
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The command line, configured the same way for {@code main} and for tests. */
  public static CommandLine commandLine() {
    return commandLine(PluginContext.system());
  }

  public static CommandLine commandLine(PluginContext context) {
    KubectlNeo4jRestore root = new KubectlNeo4jRestore(context);
    CommandLine cmd =
        new CommandLine(root)
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(new ErrorHandler(root.verbosity));
    exitCodesInHelp(cmd);
    // __complete receives the words being completed, options included, in order
    cmd.getSubcommands().get("__complete").setStopAtUnmatched(true);
    return cmd;
  }

  private static void exitCodesInHelp(CommandLine cmd) {
    cmd.getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCode.table());
    cmd.getSubcommands().values().forEach(KubectlNeo4jRestore::exitCodesInHelp);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}

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
import io.neo4jrestore.plugin.commands.PlanCommand;
import io.neo4jrestore.plugin.commands.VersionCommand;
import io.neo4jrestore.plugin.commands.WatchCommand;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    // subcommands are added by commandLine(): all of them, or only the one a command line names
    subcommands = {})
public final class KubectlNeo4jRestore implements Runnable {
  /** The subcommands, in the order help lists them. */
  static List<Class<?>> subcommands() {
    return List.copyOf(Subcommands.BY_NAME.values()).stream().distinct().toList();
  }

  /**
   * The subcommands by name and alias, written out rather than read from their annotations: reading
   * an annotation costs a generated proxy class at start-up ({@code KubectlNeo4jRestoreTest} checks
   * the names against the annotations). A class of its own, so that {@code --help} ({@link
   * RootUsage}) loads none of them.
   */
  static final class Subcommands {
    static final Map<String, Class<?>> BY_NAME = byName();

    private static Map<String, Class<?>> byName() {
      Map<String, Class<?>> m = new LinkedHashMap<>();
      m.put("create", CreateCommand.class);
      m.put("plan", PlanCommand.class);
      m.put("get", GetCommand.class);
      m.put("list", GetCommand.class);
      m.put("describe", DescribeCommand.class);
      m.put("watch", WatchCommand.class);
      m.put("logs", LogsCommand.class);
      m.put("install", InstallCommand.class);
      m.put("cancel", CancelCommand.class);
      m.put("delete", DeleteCommand.class);
      m.put("version", VersionCommand.class);
      m.put("completion", CompletionCommand.class);
      m.put("__complete", CompleteCommand.class);
      m.put("help", CommandLine.HelpCommand.class);
      return Collections.unmodifiableMap(m);
    }
  }

  /** Subcommands that look at the others (help texts, completion): they need all of them. */
  private static final Set<String> NEED_ALL = Set.of("help", "completion", "__complete");

  private final Verbosity verbosity = new Verbosity();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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

  @Override
  public void run() {
    // no subcommand: show what there is
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The command line, configured the same way for {@code main} and for tests. */
  public static CommandLine commandLine() {
    return commandLine(PluginContext.system());
  }

  /** The command line with every subcommand. */
  public static CommandLine commandLine(PluginContext context) {
    return commandLine(context, subcommands());
  }

  /**
   * The command line for {@code args}: when they name a subcommand that needs none of the others,
   * the root and that subcommand only; otherwise every subcommand. picocli builds its model of a
   * command by reflection, in the interpreter at start-up; the model of all twelve is most of the
   * CPU time of a short command (docs/performance.md), and a command line runs one subcommand. The
   * first argument that is a subcommand's name is the one picocli dispatches to: the root's only
   * option with a value is {@code -v LEVEL}, a number.
   */
  public static CommandLine commandLine(PluginContext context, String[] args) {
    for (String arg : args) {
      Class<?> c = Subcommands.BY_NAME.get(arg);
      if (c != null) {
        return commandLine(context, NEED_ALL.contains(arg) ? subcommands() : List.of(c));
      }
    }
    return commandLine(context, subcommands());
  }

  private static CommandLine commandLine(PluginContext context, List<Class<?>> subcommands) {
    KubectlNeo4jRestore root = new KubectlNeo4jRestore();
    // subcommands get the context through their constructor (CommandFactory)
    CommandLine cmd =
        new CommandLine(root, new CommandFactory(context))
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(new ErrorHandler(root.verbosity));
    // loops, not method references: a lambda that names picocli.CommandLine makes the AppCDS dump
    // link that class, and an old class file (picocli's are Java 5) once linked is left out of
    // the archive ("Skipping picocli/CommandLine: Old class has been linked")
    for (Class<?> c : subcommands) {
      cmd.addSubcommand(c);
    }
    exitCodesInHelp(cmd);
    // __complete receives the words being completed, options included, in order
    CommandLine complete = cmd.getSubcommands().get("__complete");
    if (complete != null) {
      complete.setStopAtUnmatched(true);
    }
    return cmd;
  }

  private static void exitCodesInHelp(CommandLine cmd) {
    cmd.getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCode.table());
    for (CommandLine sub : cmd.getSubcommands().values()) {
      exitCodesInHelp(sub);
    }
  }

  public static void main(String[] args) {
    if (RootUsage.asked(args) && RootUsage.print(System.out)) {
      System.exit(0);
    }
    System.exit(commandLine(PluginContext.system(), args).execute(args));
  }
}

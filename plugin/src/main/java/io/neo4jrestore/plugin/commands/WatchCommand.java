package io.neo4jrestore.plugin.commands;

import io.neo4jrestore.plugin.PluginContext;
import io.neo4jrestore.plugin.Session;
import io.neo4jrestore.plugin.options.KubeOptions;
import io.neo4jrestore.plugin.options.WaitOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code watch NAME}: a live timeline until the restore ends; the exit code is the outcome. */
@Command(
    name = "watch",
    customSynopsis = "kubectl neo4j-restore watch NAME [--timeout DURATION] [flags]",
    description = {
      "Follow a restore live until it ends.",
      "",
      "Prints phases, each step as it starts and ends (with elapsed time and progress),"
          + " conditions and events, driven by the API's watch. Exit code 0 when it completed,"
          + " 1 when it failed, 4 when --timeout passed first.",
      "",
      "A restore drill shows its own steps (CreateDrillServer, Restore, StartDrillServer,"
          + " BringUpDatabase, RunAssertions, CleanUpDrill, Finish) and ends with its outcome:"
          + " assertions held, restore time, backup age, cleanup (never the statements).",
      ""
    })
public final class WatchCommand implements Callable<Integer> {
  private final PluginContext context;

  /** Made by picocli through the plugin's factory, with the command line's context. */
  public WatchCommand(PluginContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;

  @Parameters(index = "0", paramLabel = "NAME", description = "The restore.")
  String name;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "Give up after this long (e.g. 30m); the restore goes on. Default: no limit.")
  String timeout;

  @Override
  public Integer call() {
    Duration limit = WaitOptions.parse("--timeout", timeout);
    Session session = context.sessions().open(kube);
    return Following.follow(
        context,
        session.connect(),
        session.namespace(),
        name,
        limit,
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }
}

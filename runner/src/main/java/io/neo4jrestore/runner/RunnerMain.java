package io.neo4jrestore.runner;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The runner image's entry point. Only {@link #main} calls {@code System.exit}.
 *
 * <p>Modes: {@code run} (one restore attempt) and {@code dispatch} (the CronJob's sweep); exit
 * codes are {@link io.neo4jrestore.api.RunnerExit}.
 */
@Command(
    name = "neo4j-restore-runner",
    mixinStandardHelpOptions = true,
    versionProvider = RunnerMain.Version.class,
    description = "Runs Neo4jRestore restores inside the cluster (one Job per restore attempt).",
    subcommands = {RunCommand.class, DispatchCommand.class, StageCommand.class, PackCommand.class})
public final class RunnerMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static CommandLine commandLine() {
    return new CommandLine(new RunnerMain());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The version stamped by the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = RunnerMain.class.getResourceAsStream("build.properties")) {
        p.load(in);
      }
      return new String[] {"neo4j-restore-runner " + p.getProperty("version")};
    }
  }
}

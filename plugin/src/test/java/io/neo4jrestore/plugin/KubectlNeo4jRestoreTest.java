package io.neo4jrestore.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KubectlNeo4jRestoreTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    return run(KubectlNeo4jRestore.commandLine(PluginContext.system(), args), args);
  }

  private static Run run(CommandLine cmd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void help_names_the_command_as_kubectl_users_type_it() {
    Run r = run("--help");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().startsWith("Usage: kubectl neo4j-restore"), r.out());
    assertTrue(r.out().contains("version"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void version_prints_the_build_version_and_runner_image() {
    Run r = run("version", "--client");
    assertEquals(0, r.exitCode());
    BuildInfo info = BuildInfo.load();
    assertTrue(r.out().contains("Plugin version: " + info.version()), r.out());
    assertTrue(r.out().contains("Runner image:   " + info.runnerImage()), r.out());
    // the image tag is the build version: they must not drift
    assertTrue(info.runnerImage().endsWith(":" + info.version()), info.runnerImage());
  }

  @Test
  void the_table_of_subcommand_names_is_their_annotations() {
    Map<String, Class<?>> fromAnnotations = new LinkedHashMap<>();
    for (Class<?> c : KubectlNeo4jRestore.subcommands()) {
      CommandLine.Command command = c.getAnnotation(CommandLine.Command.class);
      fromAnnotations.put(command.name(), c);
      for (String alias : command.aliases()) {
        fromAnnotations.put(alias, c);
      }
    }
    assertEquals(
        new java.util.TreeMap<>(fromAnnotations),
        new java.util.TreeMap<>(KubectlNeo4jRestore.Subcommands.BY_NAME));
  }

  @Test
  void subcommands_get_their_context_from_the_factory_not_from_the_root_command() {
    for (Class<?> c : KubectlNeo4jRestore.subcommands()) {
      if (c == CommandLine.HelpCommand.class) {
        continue;
      }
      for (java.lang.reflect.Field f : c.getDeclaredFields()) {
        assertTrue(
            f.getType() != KubectlNeo4jRestore.class
                && f.getAnnotation(CommandLine.ParentCommand.class) == null,
            c.getSimpleName() + "." + f.getName() + " reaches back to the root command");
      }
    }
    PluginContext context = PluginContext.system();
    CommandLine create =
        KubectlNeo4jRestore.commandLine(context, new String[] {"create"})
            .getSubcommands()
            .get("create");
    assertTrue(create.getCommand() instanceof io.neo4jrestore.plugin.commands.CreateCommand);
  }

  @Test
  void a_command_line_gets_only_the_subcommand_it_names_and_the_same_help_for_it() {
    for (Class<?> c : KubectlNeo4jRestore.subcommands()) {
      String name = c.getAnnotation(CommandLine.Command.class).name();
      String[] args = {"-v", "1", name, "--help"};
      CommandLine only = KubectlNeo4jRestore.commandLine(PluginContext.system(), args);
      if (List.of("help", "completion", "__complete").contains(name)) {
        assertEquals(
            KubectlNeo4jRestore.subcommands().size(),
            only.getSubcommands().values().stream().distinct().count(),
            name);
      } else {
        assertEquals(
            List.of(name),
            only.getSubcommands().values().stream()
                .map(CommandLine::getCommandName)
                .distinct()
                .toList(),
            name);
      }
      Run full = run(KubectlNeo4jRestore.commandLine(), args);
      assertEquals(full, run(only, args), name);
    }
    assertEquals(
        List.of("get", "list"),
        List.copyOf(
            KubectlNeo4jRestore.commandLine(PluginContext.system(), new String[] {"list"})
                .getSubcommands()
                .keySet()));
    assertEquals(
        KubectlNeo4jRestore.subcommands().size(),
        KubectlNeo4jRestore.commandLine(PluginContext.system(), new String[] {"--help"})
            .getSubcommands()
            .values()
            .stream()
            .distinct()
            .count());
  }

  @Test
  void an_unknown_command_is_a_usage_error_on_stderr() {
    Run r = run("restore-everything");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("Unmatched argument"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void help_shows_the_closed_exit_code_table() {
    Run r = run("--help");
    for (ExitCode c : ExitCode.values()) {
      assertTrue(r.out().contains("  " + c.code() + "   "), c + " in " + r.out());
    }
    Run sub = run("watch", "--help");
    assertTrue(sub.out().contains("Exit codes:"), sub.out());
  }

  @Test
  void every_command_is_there() {
    Run r = run("--help");
    for (String c : new String[] {"create", "get, list", "describe", "watch", "cancel", "delete"}) {
      assertTrue(r.out().contains("  " + c + " "), c + " in " + r.out());
    }
  }
}

package io.neo4jrestore.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KubectlNeo4jRestoreTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cmd = KubectlNeo4jRestore.commandLine();
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

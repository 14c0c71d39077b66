package io.neo4jrestore.plugin.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.plugin.testing.Cli;
import io.neo4jrestore.plugin.testing.FakeRestoreCluster;
import io.neo4jrestore.plugin.testing.Snapshots;
import org.junit.jupiter.api.Test;

class CompletionCommandTest {
  private final FakeRestoreCluster cluster = new FakeRestoreCluster();
  private final Cli cli = new Cli(cluster);

  @Test
  void commands_are_completed_without_touching_the_cluster() {
    Cli.Run r = cli.run("__complete", "de");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("delete\ndescribe\n:4\n", r.out());
    assertEquals(0, cli.connects);
    assertTrue(
        !cli.run("__complete", "").out().contains("__complete"), "hidden commands are not offered");
  }

  @Test
  void flags_of_the_command_are_completed() {
    Cli.Run r = cli.run("__complete", "logs", "--ta");
    assertEquals("--tail\n:4\n", r.out());
    assertEquals(
        "--drill-assert\n--drill-keep\n--drill-namespace\n--drill-schedule\n:4\n",
        cli.run("__complete", "create", "--drill").out());
    assertEquals("--drill-namespace\n:4\n", cli.run("__complete", "install", "--dri").out());
  }

  @Test
  void restore_names_are_completed_in_the_namespace_typed() {
    cluster.put(Snapshots.restore("prod", "nightly").phase("Completed", "ok").snapshot());
    cluster.put(Snapshots.restore("prod", "weekly").phase("Completed", "ok").snapshot());
    cluster.put(Snapshots.restore("default", "nope").phase("Completed", "ok").snapshot());
    Cli.Run r = cli.run("__complete", "describe", "-n", "prod", "n");
    assertEquals("nightly\n:4\n", r.out());
    assertEquals(
        "",
        cli.run("__complete", "describe", "-n", "prod", "nightly", "").out().replace(":4\n", ""),
        "a second name is not offered");
    assertEquals(
        ":4\n", cli.run("__complete", "describe", "-n", "").out(), "a flag's value is not a name");
  }

  @Test
  void completion_prints_a_bash_script_and_refuses_unknown_shells() {
    Cli.Run bash = cli.run("completion", "bash");
    assertEquals(0, bash.exitCode());
    assertTrue(
        bash.out().contains("complete -F"),
        bash.out().substring(0, Math.min(200, bash.out().length())));
    Cli.Run fish = cli.run("completion", "fish");
    assertEquals(2, fish.exitCode());
    assertTrue(fish.err().contains("use bash or zsh"), fish.err());
  }
}

package io.neo4jrestore.plugin.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.plugin.testing.Cli;
import io.neo4jrestore.plugin.testing.FakeRestoreCluster;
import io.neo4jrestore.plugin.testing.Snapshots;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeleteAndCancelCommandTest {
  private final FakeRestoreCluster cluster = new FakeRestoreCluster();
  private final Cli cli = new Cli(cluster);

  private void running(String name) {
    cluster.put(Snapshots.restore("default", name).phase("Running", "restoring").snapshot());
  }

  @Test
  void delete_refuses_a_running_restore_and_says_what_to_do() {
    running("r1");
    Cli.Run r = cli.run("delete", "r1");
    assertEquals(5, r.exitCode(), r.toString());
    assertTrue(r.err().contains("is Running; deleting it does not stop the runner"), r.err());
    assertTrue(r.err().contains("kubectl neo4j-restore cancel r1 -n default"), r.err());
    assertTrue(cluster.restores.containsKey("default/r1"));
  }

  @Test
  void delete_force_deletes_a_running_restore_with_a_warning() {
    running("r1");
    Cli.Run r = cli.run("delete", "r1", "--force");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("neo4jrestore.neo4j.neo4j.com \"r1\" deleted\n", r.out());
    assertTrue(r.err().startsWith("Warning:"), r.err());
    assertFalse(cluster.restores.containsKey("default/r1"));
  }

  @Test
  void delete_removes_a_finished_restore() {
    cluster.put(Snapshots.restore("default", "done").phase("Completed", "ok").snapshot());
    Cli.Run r = cli.run("delete", "done");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("", r.err());
    assertEquals(List.of("find default/done", "delete default/done"), cluster.calls);
  }

  @Test
  void delete_of_a_missing_restore_is_exit_code_3() {
    Cli.Run r = cli.run("delete", "nope");
    assertEquals(3, r.exitCode(), r.toString());
  }

  @Test
  void cancel_sets_the_cancel_annotation_with_a_timestamp() {
    running("r1");
    Cli.Run r = cli.run("cancel", "r1");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("neo4jrestore.neo4j.neo4j.com/r1 cancel requested\n", r.out());
    assertTrue(r.err().contains("stops at the next safe point"), r.err());
    assertEquals(
        "2025-01-20T10:05:00Z",
        cluster
            .restores
            .get("default/r1")
            .at("/metadata/annotations")
            .path(Annotations.CANCEL)
            .asText());
  }

  @Test
  void cancel_of_a_finished_restore_changes_nothing() {
    cluster.put(Snapshots.restore("default", "done").phase("Failed", "x").snapshot());
    Cli.Run r = cli.run("cancel", "done");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.err().contains("already Failed; nothing to cancel"), r.err());
    assertEquals(List.of("find default/done"), cluster.calls);
  }

  @Test
  void cancel_wait_follows_until_the_runner_stopped() {
    Snapshots s = Snapshots.restore("default", "r1").phase("Running", "restoring");
    cluster.put(s.snapshot());
    cluster.thenWatch(
        FakeRestoreCluster.modified(
            s.phase("Failed", "cancelled as asked; the target was put back")
                .condition("Ready", "False", "Cancelled", "cancelled", "2025-01-20T10:05:01Z")
                .snapshot()));
    Cli.Run r = cli.run("cancel", "r1", "--wait");
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.out().contains("Failed (Cancelled)"), r.out());
    assertTrue(r.err().contains("next: Cancelled as asked. To run it again:"), r.err());
  }

  @Test
  void cancel_of_a_missing_restore_is_exit_code_3() {
    assertEquals(3, cli.run("cancel", "nope").exitCode());
  }
}

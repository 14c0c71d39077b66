package io.neo4jrestore.plugin.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.plugin.testing.Cli;
import io.neo4jrestore.plugin.testing.FakeRestoreCluster;
import io.neo4jrestore.plugin.testing.Snapshots;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogsCommandTest {
  private final FakeRestoreCluster cluster = new FakeRestoreCluster();
  private final Cli cli = new Cli(cluster);

  /** A pod of one of the restore's Jobs; state: running, terminated or waiting. */
  static JsonNode pod(String name, String component, String created, String state) {
    ObjectNode p = ApiMapper.json().createObjectNode();
    ObjectNode meta = p.putObject("metadata");
    meta.put("name", name);
    meta.put("namespace", "default");
    meta.put("creationTimestamp", created);
    meta.putObject("labels").put(Labels.COMPONENT, component).put(Labels.RESTORE_UID, "uid-r1");
    p.putObject("spec").putArray("containers").addObject().put("name", "main");
    ObjectNode status = p.putObject("status");
    status.put(
        "phase",
        switch (state) {
          case "terminated" -> "Succeeded";
          case "running" -> "Running";
          default -> "Pending";
        });
    ObjectNode cs = status.putArray("containerStatuses").addObject();
    cs.put("name", "main");
    cs.putObject("state").putObject(state);
    return p;
  }

  private void restore(String phase) {
    Snapshots s = Snapshots.restore("default", "r1");
    if (phase != null) {
      s.phase(phase, null);
    }
    cluster.put(s.snapshot());
  }

  @Test
  void merges_the_jobs_logs_in_time_order_each_line_prefixed_with_its_source() {
    restore("Completed");
    cluster.thenPods(
        pod("r1-run-x-g1-abcde", "runner", "2025-01-20T10:00:00Z", "terminated"),
        pod("r1-restore-x-fghij", "restore", "2025-01-20T10:00:02Z", "terminated"));
    cluster.thenLog(
        "default/r1-run-x-g1-abcde/main",
        "2025-01-20T10:00:01.000000000Z resolving target",
        "2025-01-20T10:00:04.500000000Z restore Job ended",
        "2025-01-20T10:00:06.000000000Z done");
    cluster.thenLog(
        "default/r1-restore-x-fghij/main",
        "2025-01-20T10:00:03.000000000Z neo4j-admin database restore",
        "2025-01-20T10:00:04.000000000Z restored movies");
    Cli.Run r = cli.run("logs", "r1");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(
        "[runner] resolving target\n"
            + "[restore] neo4j-admin database restore\n"
            + "[restore] restored movies\n"
            + "[runner] restore Job ended\n"
            + "[runner] done\n",
        r.out());
    assertTrue(cluster.calls.contains("pods default " + Labels.RESTORE_UID + "=uid-r1"));
    assertTrue(
        cluster.calls.contains("closed default/r1-run-x-g1-abcde/main"), cluster.calls.toString());
    assertTrue(cluster.calls.contains("closed default/r1-restore-x-fghij/main"));

    Cli.Run stamped = cli.run("logs", "r1", "--timestamps", "--tail", "2");
    assertEquals(
        "[runner] 2025-01-20T10:00:04.500000000Z restore Job ended\n"
            + "[runner] 2025-01-20T10:00:06.000000000Z done\n",
        stamped.out());
    assertTrue(cluster.calls.contains("podLog default/r1-restore-x-fghij/main tail=2"));
  }

  @Test
  void since_and_since_time_go_to_the_api_and_bad_values_are_usage_errors() {
    restore("Running");
    cluster.thenPods(pod("r1-run-x-g1-abcde", "runner", "2025-01-20T10:00:00Z", "running"));
    cluster.thenLog("default/r1-run-x-g1-abcde/main", "2025-01-20T10:00:01.000000000Z hello");
    assertEquals(0, cli.run("logs", "r1", "--since", "10m").exitCode());
    assertTrue(cluster.calls.contains("podLog default/r1-run-x-g1-abcde/main since=PT10M"));
    assertEquals(0, cli.run("logs", "r1", "--since-time", "2025-01-20T11:00:00+01:00").exitCode());
    assertTrue(
        cluster.calls.contains(
            "podLog default/r1-run-x-g1-abcde/main sinceTime=2025-01-20T10:00:00Z"));

    Cli.Run bad = cli.run("logs", "r1", "--since-time", "2025-01-20T10:00:00");
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().contains("--since-time"), bad.err());
    assertEquals(
        2,
        cli.run("logs", "r1", "--since", "1m", "--since-time", "2025-01-20T10:00:00Z").exitCode());
    assertEquals(2, cli.run("logs", "r1", "--tail", "-1").exitCode());
  }

  @Test
  void a_restore_whose_pods_are_gone_says_so() {
    restore("Completed");
    Cli.Run r = cli.run("logs", "r1");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("", r.out());
    assertTrue(r.err().contains("no pods are left for neo4jrestore default/r1"), r.err());
    assertTrue(r.err().contains("kubectl neo4j-restore describe r1 -n default"), r.err());
  }

  @Test
  void a_restore_without_pods_yet_says_the_runner_has_not_started() {
    restore(null);
    Cli.Run r = cli.run("logs", "r1");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.err().contains("has no pods yet"), r.err());
  }

  @Test
  void a_missing_restore_is_exit_3() {
    Cli.Run r = cli.run("logs", "nope");
    assertEquals(3, r.exitCode(), r.toString());
    assertTrue(r.err().contains("neo4jrestore \"nope\" not found in namespace default"), r.err());
  }

  @Test
  void follow_reconnects_from_the_last_line_skips_repeats_and_ends_when_all_ended() {
    restore("Completed");
    JsonNode running = pod("r1-run-x-g1-abcde", "runner", "2025-01-20T10:00:00Z", "running");
    JsonNode ended = pod("r1-run-x-g1-abcde", "runner", "2025-01-20T10:00:00Z", "terminated");
    JsonNode restorePod =
        pod("r1-restore-x-fghij", "restore", "2025-01-20T10:00:02Z", "terminated");
    cluster.thenPods(running, restorePod).thenPods(running, restorePod).thenPods(ended, restorePod);
    String runner = "default/r1-run-x-g1-abcde/main";
    // what it wrote so far; then (from 10:00:03, whole seconds) b again and c; then once ended, d
    cluster.thenLog(runner, "2025-01-20T10:00:01.000000000Z a", "2025-01-20T10:00:03.500000000Z b");
    cluster.thenLog(runner, "2025-01-20T10:00:03.500000000Z b", "2025-01-20T10:00:04.000000000Z c");
    cluster.thenLog(runner, "2025-01-20T10:00:04.000000000Z c", "2025-01-20T10:00:05.000000000Z d");
    cluster.thenLog("default/r1-restore-x-fghij/main", "2025-01-20T10:00:02.000000000Z x");
    Cli.Run r = cli.run("logs", "r1", "-f");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("[runner] a\n[restore] x\n[runner] b\n[runner] c\n[runner] d\n", r.out());
    List<String> runnerReads =
        cluster.calls.stream().filter(c -> c.startsWith("podLog " + runner)).toList();
    assertEquals(
        List.of(
            "podLog " + runner,
            "podLog " + runner + " follow sinceTime=2025-01-20T10:00:03.500Z",
            "podLog " + runner + " sinceTime=2025-01-20T10:00:04Z"),
        runnerReads);
    assertEquals(
        cluster.calls.stream().filter(c -> c.startsWith("podLog")).count(),
        cluster.calls.stream().filter(c -> c.startsWith("closed")).count(),
        "every stream closed: " + cluster.calls);
  }
}

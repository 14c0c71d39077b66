package io.neo4jrestore.plugin.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.kube.KubeException;
import io.neo4jrestore.plugin.testing.Cli;
import io.neo4jrestore.plugin.testing.FakeRestoreCluster;
import io.neo4jrestore.plugin.testing.Snapshots;
import io.neo4jrestore.plugin.testing.TickingClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchCommandTest {
  private final FakeRestoreCluster cluster = new FakeRestoreCluster();
  private final Cli cli = new Cli(cluster);
  private final Snapshots s = Snapshots.restore("default", "r1");

  private static final String T0 = "2025-01-20T10:00:00Z";

  private FakeRestoreCluster.Event step(String name, String state, String start, String end) {
    return FakeRestoreCluster.modified(s.step(name, state, start, end, null).snapshot());
  }

  private static long count(String text, String needle) {
    return text.lines().filter(l -> l.contains(needle)).count();
  }

  @Test
  void prints_a_timeline_until_completed_and_exits_0() {
    cluster.put(s.snapshot());
    cluster.events.put(
        "default/r1",
        List.of(Snapshots.event("e1", "Normal", "ResolveTarget", "standalone prod", T0)));
    cluster.thenWatch(
        FakeRestoreCluster.modified(s.phase("Running", null).started(T0).snapshot()),
        step("ResolveTarget", "Running", T0, null),
        step("ResolveTarget", "Succeeded", T0, "2025-01-20T10:00:02Z"),
        step("Restore", "Running", "2025-01-20T10:00:02Z", null),
        FakeRestoreCluster.modified(s.progress("Restore", "1.2GiB of 4GiB").snapshot()),
        step("Restore", "Succeeded", "2025-01-20T10:00:02Z", "2025-01-20T10:03:02Z"),
        FakeRestoreCluster.modified(
            s.phase("Completed", "restored movies")
                .completed("2025-01-20T10:03:05Z")
                .duration("3m05s")
                .snapshot()));
    Cli.Run r = cli.run("watch", "r1");
    assertEquals(0, r.exitCode(), r.toString());
    String out = r.out();
    assertTrue(out.startsWith("10:00:00  phase Pending\n"), out);
    assertTrue(out.contains("10:00:00  event Normal ResolveTarget: standalone prod\n"), out);
    assertTrue(out.contains("10:00:00  step ResolveTarget     Running\n"), out);
    assertTrue(out.contains("10:00:02  step ResolveTarget     Succeeded in 2s\n"), out);
    assertTrue(out.contains("step Restore           1.2GiB of 4GiB\n"), out);
    assertTrue(out.contains("10:03:02  step Restore           Succeeded in 3m00s\n"), out);
    assertTrue(out.contains("10:03:05  phase Completed  restored movies\n"), out);
    assertTrue(out.endsWith("neo4jrestore default/r1 Completed in 3m05s\n"), out);
    assertEquals(1, count(out, "event Normal ResolveTarget"), out);
  }

  @Test
  void a_drill_shows_its_own_steps_and_ends_with_its_outcome() {
    s.drill(2, "0 2 * * 0");
    cluster.put(s.snapshot());
    String t1 = "2025-01-20T10:00:01Z";
    String t2 = "2025-01-20T10:00:02Z";
    cluster.thenWatch(
        FakeRestoreCluster.modified(s.phase("Running", null).started(T0).snapshot()),
        step("ResolveTarget", "Succeeded", T0, t1),
        step("CreateDrillServer", "Running", t1, null),
        step("CreateDrillServer", "Succeeded", t1, t2),
        step("Restore", "Succeeded", t2, "2025-01-20T10:02:12Z"),
        step("StartDrillServer", "Succeeded", "2025-01-20T10:02:12Z", "2025-01-20T10:03:00Z"),
        step("BringUpDatabase", "Succeeded", "2025-01-20T10:03:00Z", "2025-01-20T10:03:10Z"),
        step("RunAssertions", "Succeeded", "2025-01-20T10:03:10Z", "2025-01-20T10:03:11Z"),
        step("CleanUpDrill", "Succeeded", "2025-01-20T10:03:11Z", "2025-01-20T10:03:20Z"),
        FakeRestoreCluster.modified(
            s.step("Finish", "Succeeded", "2025-01-20T10:03:20Z", "2025-01-20T10:03:20Z", null)
                .drillRecord(T0, "3m20s", "Passed", "DrillPassed", 2, 2, null)
                .condition("DrillPassed", "True", "DrillPassed", "drill passed", T0)
                .phase("Completed", "drill passed")
                .completed("2025-01-20T10:03:20Z")
                .snapshot()));
    Cli.Run r = cli.run("watch", "r1");
    assertEquals(0, r.exitCode(), r.toString());
    String out = r.out();
    // the drill's step names are one column wider than a restore's: the steps align
    for (String line :
        List.of(
            "10:00:01  step ResolveTarget      Succeeded in 1s",
            "10:00:01  step CreateDrillServer  Running",
            "10:02:12  step Restore            Succeeded in 2m10s",
            "10:03:00  step StartDrillServer   Succeeded in 48s",
            "10:03:11  step RunAssertions      Succeeded in 1s",
            "10:03:20  step CleanUpDrill       Succeeded in 9s")) {
      assertTrue(out.contains(line + "\n"), line + " in\n" + out);
    }
    assertTrue(
        out.endsWith(
            "10:03:20  phase Completed  drill passed\n"
                + "10:03:20  drill Passed: assertions held 2/2, restore 2m10s, backup age 1h58m,"
                + " cleanup done\n"
                + "neo4jrestore default/r1 Completed in 3m20s\n"),
        out);
    assertTrue(!out.contains("SECRET"), "never the statements");
  }

  @Test
  void a_failed_drill_names_the_assertion_by_its_index_and_exits_1() {
    cluster.put(
        s.drill(3, null)
            .phase("Running", null)
            .started(T0)
            .step("RunAssertions", "Running", T0, null, null)
            .snapshot());
    cluster.thenWatch(
        FakeRestoreCluster.modified(
            s.step("RunAssertions", "Failed", T0, "2025-01-20T10:00:05Z", "assertion 1 failed")
                .drillRecord(T0, "5s", "Failed", "AssertionFailed", 3, 1, 1)
                .condition("Ready", "False", "AssertionFailed", "drill failed", T0)
                .phase("Failed", "drill failed: assertion 1 (of 3, 0-based) did not hold")
                .completed("2025-01-20T10:00:06Z")
                .snapshot()));
    Cli.Run r = cli.run("watch", "r1");
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(
        r.out()
            .contains(
                "10:00:06  drill Failed at assertion #1: assertions held 1/3 (#1 failed), restore"
                    + " 2m10s, backup age 1h58m, cleanup done\n"),
        r.out());
    assertTrue(r.out().contains("Failed (AssertionFailed): drill failed: assertion 1"), r.out());
    assertTrue(!r.out().contains("SECRET") && !r.err().contains("SECRET"), "never the statements");
  }

  @Test
  void an_earlier_attempts_drill_record_is_not_this_attempts_outcome() {
    // the record kept from yesterday's drill; this attempt failed before recording one
    cluster.put(
        s.drill(1, null)
            .drillRecord("2025-01-19T10:00:00Z", "5m", "Passed", "DrillPassed", 1, 1, null)
            .phase("Failed", "runner lost")
            .started(T0)
            .snapshot());
    Cli.Run r = cli.run("watch", "r1");
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(!r.out().contains("drill Passed"), r.out());
  }

  @Test
  void re_lists_after_410_gone_and_prints_each_step_exactly_once() {
    cluster.put(s.snapshot());
    cluster
        .thenWatch(
            FakeRestoreCluster.modified(s.phase("Running", null).started(T0).snapshot()),
            step("ResolveTarget", "Running", T0, null),
            // written while this watch falls behind; only the re-list will show it
            FakeRestoreCluster.serverWrite(
                s.step("ResolveTarget", "Succeeded", T0, "2025-01-20T10:00:02Z", null)
                    .step("Claim", "Running", "2025-01-20T10:00:03Z", null, null)
                    .snapshot()),
            FakeRestoreCluster.gone())
        .thenWatch(
            step("Claim", "Succeeded", "2025-01-20T10:00:03Z", "2025-01-20T10:00:04Z"),
            FakeRestoreCluster.bookmark("900"))
        .thenWatchFails(FakeRestoreCluster.httpGone())
        .thenWatch(
            step("Restore", "Running", "2025-01-20T10:00:05Z", null),
            FakeRestoreCluster.modified(s.phase("Completed", "ok").snapshot()));
    Cli.Run r = cli.run("watch", "r1");
    assertEquals(0, r.exitCode(), r.toString());
    String out = r.out();
    for (String line :
        List.of(
            "step ResolveTarget     Running",
            "step ResolveTarget     Succeeded in 2s",
            "step Claim             Running",
            "step Claim             Succeeded in 1s",
            "step Restore           Running",
            "phase Running",
            "phase Completed")) {
      assertEquals(1, count(out, line), line + " in\n" + out);
    }
    assertEquals(2, count(r.err(), "410 Gone"), r.err());
    List<String> calls =
        cluster.calls.stream().filter(c -> c.startsWith("watch") || c.startsWith("list")).toList();
    String list = "list default labels=null fields=metadata.name=r1";
    assertEquals(list, calls.get(0));
    assertTrue(calls.get(1).startsWith("watch default/r1 from "), calls.toString());
    assertEquals(list, calls.get(2));
    // after a bookmark the next watch starts from the bookmark's version
    assertEquals("watch default/r1 from 900", calls.get(4));
    assertEquals(list, calls.get(5));
    assertEquals(7, calls.size(), calls.toString());
  }

  @Test
  void a_dropped_connection_watches_again_from_the_last_version() {
    cluster.put(s.snapshot());
    cluster
        .thenWatch(FakeRestoreCluster.modified(s.phase("Running", null).snapshot()))
        .thenWatchFails(new KubeException("cannot reach the API server: connection reset"))
        .thenWatch(FakeRestoreCluster.modified(s.phase("Completed", "ok").snapshot()));
    Cli.Run r = cli.run("watch", "r1");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.err().contains("watch interrupted"), r.err());
    assertEquals(1, cluster.calls.stream().filter(c -> c.startsWith("list")).count());
  }

  @Test
  void a_failed_restore_exits_1_with_what_to_do_next() {
    cluster.put(
        s.phase("Failed", "restore Job failed")
            .condition("Ready", "False", "JobFailed", "restore Job failed", T0)
            .runnerJob("r1-run-x-g1")
            .snapshot());
    Cli.Run r = cli.run("watch", "r1");
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.out().contains("Failed (JobFailed): restore Job failed"), r.out());
    assertTrue(
        r.err()
            .contains(
                "next: Fix the cause above, then start a new attempt: kubectl"
                    + " annotate neo4jrestore r1 -n default restore.neo4j.neo4j.com/retry=$(date +%s)"
                    + " --overwrite"),
        r.err());
    assertTrue(
        r.err().contains("next: Runner log: kubectl logs -n default job/r1-run-x-g1"), r.err());
  }

  @Test
  void the_outcome_of_an_older_generation_is_not_the_end() {
    // failed for generation 1; the spec changed since (generation 2): a new attempt is due
    cluster.put(s.phase("Failed", "old failure").generation(2).snapshot());
    cluster.thenWatch(FakeRestoreCluster.modified(s.phase("Completed", "new ok").snapshot()));
    Cli.Run r = cli.run("watch", "r1");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("phase Pending"), r.out());
    assertTrue(r.out().contains("phase Completed  new ok"), r.out());
  }

  @Test
  void times_out_with_exit_4() {
    cluster.put(s.phase("Running", null).snapshot());
    cluster.thenWatch().thenWatch().thenWatch().thenWatch();
    cli.clock(new TickingClock(Cli.NOW, Duration.ofSeconds(20)));
    Cli.Run r = cli.run("watch", "r1", "--timeout", "1m");
    assertEquals(4, r.exitCode(), r.toString());
    assertTrue(r.err().contains("timed out waiting for neo4jrestore default/r1"), r.err());
    assertTrue(r.err().contains("kubectl neo4j-restore watch r1 -n default"), r.err());
  }

  @Test
  void a_deleted_restore_ends_the_watch_with_exit_3() {
    cluster.put(s.snapshot());
    cluster.thenWatch(new FakeRestoreCluster.Event("DELETED", s.snapshot()));
    Cli.Run r = cli.run("watch", "r1");
    assertEquals(3, r.exitCode(), r.toString());
    assertTrue(r.err().contains("was deleted while being watched"), r.err());
  }

  @Test
  void a_missing_restore_is_exit_3_and_a_bad_timeout_exit_2() {
    assertEquals(3, cli.run("watch", "nope").exitCode());
    Cli.Run bad = cli.run("watch", "nope", "--timeout", "soon");
    assertEquals(2, bad.exitCode(), bad.toString());
    assertTrue(bad.err().contains("--timeout"), bad.err());
  }
}

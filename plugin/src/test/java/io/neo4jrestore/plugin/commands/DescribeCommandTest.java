package io.neo4jrestore.plugin.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.plugin.testing.Cli;
import io.neo4jrestore.plugin.testing.FakeRestoreCluster;
import io.neo4jrestore.plugin.testing.Snapshots;
import java.util.List;
import org.junit.jupiter.api.Test;

class DescribeCommandTest {
  private final FakeRestoreCluster cluster = new FakeRestoreCluster();
  private final Cli cli = new Cli(cluster);

  @Test
  void shows_spec_status_steps_conditions_events_and_what_to_do_next_on_failure() {
    cluster.put(
        Snapshots.restore("default", "r1")
            .phase("Failed", "database movies exists and neither force nor replaceExisting is set")
            .started("2025-01-20T10:00:00Z")
            .completed("2025-01-20T10:00:09Z")
            .runnerJob("r1-run-abc123-g1")
            .step(
                "ResolveTarget",
                "Succeeded",
                "2025-01-20T10:00:00Z",
                "2025-01-20T10:00:01Z",
                "Neo4jEnterpriseStandalone prod")
            .step(
                "PrepareDatabase",
                "Failed",
                "2025-01-20T10:00:05Z",
                "2025-01-20T10:00:09Z",
                "database movies exists")
            .condition(
                "Ready",
                "False",
                "DatabaseExists",
                "database movies exists",
                "2025-01-20T10:00:09Z")
            .snapshot());
    cluster.events.put(
        "default/r1",
        List.of(
            Snapshots.event(
                "e1", "Warning", "Failed", "database movies exists", "2025-01-20T10:00:09Z")));
    Cli.Run r = cli.run("describe", "r1");
    assertEquals(0, r.exitCode(), r.toString());
    String out = r.out();
    assertTrue(out.startsWith("Name:       r1\nNamespace:  default\n"), out);
    assertTrue(out.contains("Target:     prod\n"), out);
    assertTrue(out.contains("Source:     backup: Neo4jBackup nightly\n"), out);
    assertTrue(out.contains("Phase:      Failed\n"), out);
    assertTrue(out.contains("Attempt:    generation 1, runner Job r1-run-abc123-g1\n"), out);
    assertTrue(out.contains("  STEP              STATE       ELAPSED   MESSAGE\n"), out);
    assertTrue(
        out.contains("  ResolveTarget     Succeeded   1s        Neo4jEnterpriseStandalone"), out);
    assertTrue(
        out.contains("  PrepareDatabase   Failed      4s        database movies exists"), out);
    assertTrue(out.contains("  Ready   False    DatabaseExists   4m51s"), out);
    assertTrue(out.contains("  4m51s       Warning   Failed   database movies exists"), out);
    assertTrue(out.contains("Next:       The database exists: allow replacing it"), out);
    assertTrue(
        out.contains("Next:       Runner log: kubectl logs -n default job/r1-run-abc123-g1"), out);
  }

  @Test
  void a_drill_shows_its_spec_and_the_drills_kept_newest_first() throws Exception {
    ObjectNode drill =
        Snapshots.restore("default", "weekly")
            .phase("Failed", "drill failed: assertion 1 (of 2, 0-based) did not hold")
            .snapshot();
    ((ObjectNode) drill.get("spec"))
        .set(
            "drill",
            ApiMapper.json()
                .readTree(
                    "{\"assertions\": [\"RETURN true\", \"MATCH (n) RETURN count(n) > 9\"],"
                        + " \"schedule\": \"0 2 * * 0\", \"namespace\": \"drills\"}"));
    ((ObjectNode) drill.get("status"))
        .set(
            "drills",
            ApiMapper.json()
                .readTree(
                    "[{\"startTime\": \"2026-12-06T02:00:00Z\", \"outcome\": \"Failed\","
                        + " \"duration\": \"3m10s\", \"restoreDuration\": \"2m1s\","
                        + " \"assertions\": 2, \"assertionsPassed\": 1, \"failedAssertion\": 1,"
                        + " \"reason\": \"AssertionFailed\", \"cleanup\": \"done\"},"
                        + " {\"startTime\": \"2026-11-29T02:00:00Z\", \"outcome\": \"Passed\","
                        + " \"duration\": \"3m2s\", \"backupAge\": \"5h\", \"assertions\": 2,"
                        + " \"assertionsPassed\": 2, \"reason\": \"DrillPassed\","
                        + " \"cleanup\": \"done\"}]"));
    cluster.put(drill);

    Cli.Run r = cli.run("describe", "weekly");

    assertEquals(0, r.exitCode(), r.toString());
    String out = r.out();
    assertTrue(
        out.contains(
            "Drill:      2 assertion(s), keeps 5 record(s), schedule 0 2 * * 0 (UTC), server in"
                + " namespace drills\n"),
        out);
    int header = out.indexOf("Drills (newest first):\n  STARTED");
    int newest = out.indexOf("2026-12-06T02:00:00Z   Failed");
    int older = out.indexOf("2026-11-29T02:00:00Z   Passed");
    assertTrue(header > 0 && header < newest && newest < older, out);
    assertTrue(out.contains("1/2 (#1 failed)"), out);
    assertTrue(out.contains("AssertionFailed"), out);
    assertFalse(out.contains("count(n)"), "assertions are not shown: " + out);
  }

  @Test
  void a_plan_is_shown_as_plan_prints_it() throws Exception {
    ObjectNode plan =
        Snapshots.restore("default", "nightly").phase("Pending", "planned").snapshot();
    ((ObjectNode) plan.get("status"))
        .set(
            "plan",
            ApiMapper.json()
                .readTree(
                    "{\"generation\": 1, \"plannedAt\": \"2026-12-06T23:00:00Z\","
                        + " \"wouldStart\": false, \"refusals\": [{\"reason\":"
                        + " \"UnsafeScaleDown\", \"message\": \"whenScaled: Delete\"}],"
                        + " \"digest\": \"abc\"}"));
    cluster.put(plan);

    Cli.Run r = cli.run("describe", "nightly");

    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("\nPlan:\n  Plan for neo4jrestore default/nightly"), r.out());
    assertTrue(r.out().contains("  - UnsafeScaleDown: whenScaled: Delete"), r.out());
  }

  @Test
  void a_restore_not_started_yet_says_what_starts_it() {
    cluster.put(Snapshots.restore("default", "new").snapshot());
    Cli.Run r = cli.run("describe", "new");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("Phase:      (not started)"), r.out());
    assertTrue(r.out().contains("Steps:\n  (none yet)\n"), r.out());
    assertTrue(r.out().contains("Next:       waiting for its runner Job"), r.out());
  }

  @Test
  void events_that_cannot_be_read_are_left_out_with_a_note() {
    cluster.put(Snapshots.restore("default", "r1").snapshot());
    cluster.eventsForbidden = true;
    Cli.Run r = cli.run("describe", "r1");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.err().contains("events are not shown: events is forbidden"), r.err());
    assertTrue(r.out().contains("Events:\n  (none)\n"), r.out());
  }

  @Test
  void a_missing_restore_is_exit_code_3() {
    Cli.Run r = cli.run("describe", "nope", "-n", "x");
    assertEquals(3, r.exitCode(), r.toString());
    assertTrue(r.err().contains("\"nope\" not found in namespace x"), r.err());
  }

  @Test
  void describe_needs_a_name() {
    Cli.Run r = cli.run("describe");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("Missing required parameter: 'NAME'"), r.err());
  }
}

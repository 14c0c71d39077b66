package io.neo4jrestore.plugin.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.plugin.testing.Snapshots;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {
  private static final Instant NOW = Instant.parse("2025-01-20T10:05:00Z");
  private static final String T0 = "2025-01-20T10:00:00Z";
  private final Timeline timeline = new Timeline(ZoneOffset.UTC);
  private final Snapshots s = Snapshots.restore("ns", "r");

  private List<String> update(JsonNode json, JsonNode... events) {
    return timeline.update(Restores.model(json), List.of(events), NOW);
  }

  @Test
  void a_repeated_snapshot_prints_nothing_new() {
    JsonNode snap =
        s.phase("Running", "restoring")
            .started(T0)
            .step("ResolveTarget", "Succeeded", T0, "2025-01-20T10:00:01.500Z", "prod")
            .condition("Reconciling", "True", "Running", "runner r", T0)
            .snapshot();
    JsonNode event = Snapshots.event("e1", "Normal", "ResolveTarget", "prod", T0);
    assertEquals(
        List.of(
            "10:00:00  phase Running  restoring",
            "10:00:00  condition Reconciling=True  Running: runner r",
            "10:00:00  event Normal ResolveTarget: prod",
            "10:00:01  step ResolveTarget     Succeeded in 1.5s  prod"),
        update(snap, event));
    assertEquals(List.of(), update(snap, event));
  }

  @Test
  void a_skipped_state_is_not_invented_and_each_transition_prints_once() {
    update(s.phase("Running", null).step("Restore", "Running", T0, null, null).snapshot());
    // the watch missed nothing here, but Succeeded arrives twice (a re-list)
    JsonNode done = s.step("Restore", "Succeeded", T0, "2025-01-20T10:02:00Z", null).snapshot();
    assertEquals(List.of("10:02:00  step Restore           Succeeded in 2m00s"), update(done));
    assertEquals(List.of(), update(done));
    // a step seen only when already finished prints only that
    JsonNode jumped =
        s.step("StartCluster", "Succeeded", "2025-01-20T10:02:01Z", "2025-01-20T10:02:31Z", null)
            .snapshot();
    assertEquals(List.of("10:02:31  step StartCluster      Succeeded in 30s"), update(jumped));
  }

  @Test
  void progress_prints_each_new_value_once() {
    update(s.phase("Running", null).step("Restore", "Running", T0, null, null).snapshot());
    assertEquals(
        List.of("10:05:00  step Restore           1GiB of 4GiB"),
        update(s.progress("Restore", "1GiB of 4GiB").snapshot()));
    assertEquals(List.of(), update(s.snapshot()));
    assertEquals(
        List.of("10:05:00  step Restore           2GiB of 4GiB"),
        update(s.progress("Restore", "2GiB of 4GiB").snapshot()));
  }

  @Test
  void the_terminal_phase_comes_last() {
    update(s.phase("Running", null).snapshot());
    List<String> lines =
        update(
            s.phase("Failed", "boom")
                .completed("2025-01-20T10:03:00Z")
                .step("Restore", "Failed", T0, "2025-01-20T10:02:59Z", "boom")
                .condition("Ready", "False", "JobFailed", "boom", "2025-01-20T10:03:00Z")
                .snapshot());
    assertEquals("10:03:00  phase Failed  boom", lines.get(lines.size() - 1));
    assertEquals(3, lines.size(), lines.toString());
  }

  @Test
  void a_new_attempt_prints_its_steps_again() {
    update(
        s.phase("Failed", "x")
            .step("Restore", "Failed", T0, "2025-01-20T10:01:00Z", "x")
            .snapshot());
    JsonNode retried =
        s.generation(2)
            .phase("Running", null)
            .step("Restore", "Failed", "2025-01-20T10:04:00Z", "2025-01-20T10:04:30Z", "x")
            .snapshot();
    List<String> lines = update(retried);
    assertEquals(
        List.of("10:04:30  step Restore           Failed in 30s  x", "10:05:00  phase Running  x"),
        lines);
  }
}

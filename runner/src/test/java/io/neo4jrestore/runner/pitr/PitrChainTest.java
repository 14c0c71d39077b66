package io.neo4jrestore.runner.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.model.PitrConfig;
import io.neo4jrestore.api.model.RecoveryPointStatus;
import io.neo4jrestore.api.model.ResolvedSource.Artifact;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chain selection and the bounds around it. */
class PitrChainTest {
  // two chains: full 00:00 (tx 1-41), diffs 06:00 (42-57), 12:00 (58-63); full 18:00 (1-70), diff
  // 20:00 (71-80)
  static final List<Artifact> LISTED =
      List.of(
          art("o-12.backup", "2025-01-04T12:00:00Z", false, 58, 63),
          art("o-00.backup", "2025-01-04T00:00:00Z", true, 1, 41),
          art("o-20.backup", "2025-01-04T20:00:00Z", false, 71, 80),
          art("o-06.backup", "2025-01-04T06:00:00Z", false, 42, 57),
          art("o-18.backup", "2025-01-04T18:00:00Z", true, 1, 70));

  static Artifact art(String path, String time, boolean full, long low, long high) {
    return new Artifact(path, null, "orders", time, full, low, high, null);
  }

  static PitrConfig pitr(String retention, String rpo) {
    return new PitrConfig(null, null, retention, rpo, true, null, null);
  }

  private static List<String> select(String point) throws Exception {
    return PitrChain.select(LISTED, Instant.parse(point), "/backup", true).artifacts().stream()
        .map(Artifact::path)
        .toList();
  }

  @Test
  void the_chain_is_the_newest_full_before_the_point_and_the_diffs_that_reach_it()
      throws Exception {
    assertEquals(
        List.of("o-00.backup", "o-06.backup", "o-12.backup"), select("2025-01-04T09:30:00Z"));
    assertEquals(List.of("o-00.backup", "o-06.backup"), select("2025-01-04T06:00:00Z"));
    assertEquals(List.of("o-00.backup", "o-06.backup"), select("2025-01-04T05:59:59Z"));
  }

  @Test
  void a_point_at_a_full_backup_needs_only_that_full() throws Exception {
    assertEquals(List.of("o-00.backup"), select("2025-01-04T00:00:00Z"));
    assertEquals(List.of("o-18.backup"), select("2025-01-04T18:00:00Z"));
  }

  @Test
  void a_later_full_starts_the_chain_when_it_is_before_the_point() throws Exception {
    assertEquals(List.of("o-18.backup", "o-20.backup"), select("2025-01-04T19:00:00Z"));
  }

  @Test
  void past_the_newest_log_the_chain_ends_with_it() throws Exception {
    PitrChain chain = PitrChain.select(LISTED, Instant.parse("2025-01-04T21:00:00Z"), "/b", true);
    assertEquals(
        List.of("o-18.backup", "o-20.backup"),
        chain.artifacts().stream().map(Artifact::path).toList());
    assertEquals(Instant.parse("2025-01-04T20:00:00Z"), chain.end());
  }

  @Test
  void between_chains_the_earlier_chain_ends_where_its_logs_end() throws Exception {
    // 15:00: full 00:00 + diffs to 12:00; the 18:00 full is after the point
    PitrChain chain = PitrChain.select(LISTED, Instant.parse("2025-01-04T15:00:00Z"), "/b", true);
    assertEquals(Instant.parse("2025-01-04T12:00:00Z"), chain.end());
  }

  @Test
  void a_point_before_the_oldest_full_is_refused_naming_it() {
    PitrChain.Refused r =
        assertThrows(PitrChain.Refused.class, () -> select("2025-01-03T23:00:00Z"));
    assertEquals(Reasons.POINT_IN_TIME_OUT_OF_RANGE, r.reason());
    assertTrue(
        r.getMessage().contains("before the oldest full backup (2025-01-04T00:00:00Z)"),
        r.getMessage());
  }

  @Test
  void a_transaction_gap_is_refused_naming_both_artifacts() {
    List<Artifact> gap =
        List.of(
            art("o-00.backup", "2025-01-04T00:00:00Z", true, 1, 41),
            art("o-06.backup", "2025-01-04T06:00:00Z", false, 45, 57));
    PitrChain.Refused r =
        assertThrows(
            PitrChain.Refused.class,
            () -> PitrChain.select(gap, Instant.parse("2025-01-04T07:00:00Z"), "/b", true));
    assertEquals(Reasons.LOG_INTEGRITY_FAILED, r.reason());
    assertTrue(r.getMessage().contains("transactions 42..44 are missing"), r.getMessage());
    assertTrue(r.getMessage().contains("o-06.backup"), r.getMessage());
  }

  @Test
  void without_integrity_validation_a_gap_is_not_checked() throws Exception {
    List<Artifact> gap =
        List.of(
            art("o-00.backup", "2025-01-04T00:00:00Z", true, 1, 41),
            art("o-06.backup", "2025-01-04T06:00:00Z", false, 45, 57));
    assertEquals(
        2,
        PitrChain.select(gap, Instant.parse("2025-01-04T07:00:00Z"), "/b", false)
            .artifacts()
            .size());
  }

  @Test
  void an_empty_listing_or_no_full_is_refused() {
    assertThrows(
        PitrChain.Refused.class,
        () -> PitrChain.select(List.of(), Instant.parse("2025-01-04T07:00:00Z"), "/b", true));
    PitrChain.Refused r =
        assertThrows(
            PitrChain.Refused.class,
            () ->
                PitrChain.select(
                    List.of(art("d.backup", "2025-01-04T06:00:00Z", false, 5, 6)),
                    Instant.parse("2025-01-04T07:00:00Z"),
                    "/b",
                    true));
    assertTrue(r.getMessage().contains("no full backup"), r.getMessage());
  }

  @Test
  void a_future_point_is_refused() {
    Instant now = Instant.parse("2025-01-05T00:00:00Z");
    PitrChain.Refused r =
        assertThrows(
            PitrChain.Refused.class,
            () -> PitrBounds.checkRequested(now.plusSeconds(60), now, pitr(null, null)));
    assertTrue(r.getMessage().contains("in the future"), r.getMessage());
  }

  @Test
  void a_duration_too_long_to_hold_is_an_invalid_spec_before_any_listing() {
    Instant now = Instant.parse("2025-01-10T00:00:00Z");
    for (PitrConfig p :
        List.of(pitr("99999999999999999999d", null), pitr(null, "99999999999999999999d"))) {
      PitrChain.Refused r =
          assertThrows(PitrChain.Refused.class, () -> PitrBounds.checkRequested(now, now, p));
      assertEquals(Reasons.INVALID_SPEC, r.reason());
      assertTrue(r.getMessage().contains("is too long a duration"), r.getMessage());
    }
  }

  @Test
  void a_point_older_than_log_retention_is_refused_naming_it() throws Exception {
    Instant now = Instant.parse("2025-01-10T00:00:00Z");
    PitrChain.Refused r =
        assertThrows(
            PitrChain.Refused.class,
            () ->
                PitrBounds.checkRequested(
                    Instant.parse("2025-01-02T23:59:59Z"), now, pitr(null, null)));
    assertTrue(r.getMessage().contains("older than logRetention 7d"), r.getMessage());
    PitrBounds.checkRequested(Instant.parse("2025-01-03T00:00:00Z"), now, pitr(null, null));
    assertThrows(
        PitrChain.Refused.class,
        () ->
            PitrBounds.checkRequested(
                Instant.parse("2025-01-08T00:00:00Z"), now, pitr("36h", null)));
  }

  @Test
  void the_gap_after_the_newest_log_is_measured_against_the_objective() throws Exception {
    Instant point = Instant.parse("2025-01-04T20:00:40Z");
    PitrChain chain = PitrChain.select(LISTED, point, "/b", true);
    RecoveryPointStatus s = PitrBounds.measure(point, chain, pitr(null, "1m"));
    PitrBounds.requireObjective(s, true);
    assertTrue(s.met());
    assertEquals("40s", s.gap());
    assertEquals("2025-01-04T20:00:00Z", s.newestLogTime());

    PitrChain.Refused r =
        assertThrows(
            PitrChain.Refused.class,
            () ->
                PitrBounds.requireObjective(
                    PitrBounds.measure(point, chain, pitr(null, "30s")), true));
    assertTrue(r.getMessage().contains("40s after the newest log"), r.getMessage());
    assertTrue(r.getMessage().contains("recoveryPointObjective 30s"), r.getMessage());
  }

  @Test
  void without_a_point_in_time_a_missed_objective_is_reported_not_refused() throws Exception {
    Instant now = Instant.parse("2025-01-04T22:00:00Z");
    PitrChain chain = PitrChain.select(LISTED, now, "/b", true);
    RecoveryPointStatus s = PitrBounds.measure(now, chain, pitr(null, "5m"));
    PitrBounds.requireObjective(s, false);
    assertFalse(s.met());
    assertEquals("2h0m0s", s.gap());
  }

  @Test
  void a_point_covered_by_the_chain_has_no_gap() throws Exception {
    Instant point = Instant.parse("2025-01-04T09:00:00Z");
    RecoveryPointStatus s =
        PitrBounds.measure(point, PitrChain.select(LISTED, point, "/b", true), pitr(null, null));
    assertEquals("0s", s.gap());
    assertTrue(s.met());
  }
}

package io.neo4jrestore.api.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** 5-field cron schedules (UTC): what parses, and the latest fire time at or before now. */
class CronTest {
  private static Instant at(String time) {
    return Instant.parse(time);
  }

  private static Optional<Instant> previous(String schedule, String now) {
    return Cron.parse(schedule).previous(at(now));
  }

  @Test
  void weekly_on_sunday_at_two_fires_on_the_last_sunday() {
    // 2026-12-06 is a Sunday
    assertEquals(
        Optional.of(at("2026-12-06T02:00:00Z")), previous("0 2 * * 0", "2026-12-06T23:05:31Z"));
    assertEquals(
        Optional.of(at("2026-11-29T02:00:00Z")), previous("0 2 * * 0", "2026-12-06T01:59:59Z"));
    assertEquals(
        Optional.of(at("2026-12-06T02:00:00Z")), previous("0 2 * * 7", "2026-12-06T02:00:00Z"));
  }

  @Test
  void the_next_fire_time_is_after_now_and_mirrors_the_previous_one() {
    Cron weekly = Cron.parse("0 2 * * 0");
    assertEquals(Optional.of(at("2026-12-13T02:00:00Z")), weekly.next(at("2026-12-06T02:00:00Z")));
    assertEquals(Optional.of(at("2026-12-06T02:00:00Z")), weekly.next(at("2026-12-06T01:59:59Z")));
    assertEquals(
        Optional.of(at("2027-01-01T00:00:00Z")),
        Cron.parse("0 0 1 1 *").next(at("2026-12-06T12:00:00Z")));
    assertEquals(
        Optional.of(at("2028-02-29T00:00:00Z")),
        Cron.parse("0 0 29 2 *").next(at("2026-12-06T12:00:00Z")));
    assertEquals(
        Optional.of(at("2026-12-07T09:00:00Z")),
        Cron.parse("0 9-18/3 * * 1-5").next(at("2026-12-05T18:30:00Z")));
    assertEquals(Optional.empty(), Cron.parse("0 0 31 2 *").next(at("2026-12-06T12:00:00Z")));
  }

  @Test
  void a_drill_is_due_only_for_a_fire_time_after_its_last_attempt_started() {
    Cron weekly = Cron.parse("0 2 * * 0");
    Instant now = at("2026-12-06T23:05:00Z");
    assertEquals(
        Optional.of(at("2026-12-06T02:00:00Z")),
        weekly.firedSince(at("2026-11-29T02:00:30Z"), now),
        "fired since the last attempt");
    assertEquals(
        Optional.empty(), weekly.firedSince(at("2026-12-06T02:00:00Z"), now), "that very fire");
    assertEquals(Optional.of(at("2026-12-06T02:00:00Z")), weekly.firedSince(null, now));
  }

  @Test
  void steps_ranges_lists_and_both_day_fields() {
    assertEquals(
        Optional.of(at("2026-12-06T23:00:00Z")), previous("*/15 * * * *", "2026-12-06T23:14:59Z"));
    assertEquals(
        Optional.of(at("2026-12-04T18:30:00Z")),
        previous("30 9-18/3 * * 1-5", "2026-12-06T12:00:00Z"));
    assertEquals(
        Optional.of(at("2026-12-01T00:00:00Z")), previous("0 0 1,15 * *", "2026-12-06T12:00:00Z"));
    // day of month OR day of week when both are restricted: the 6th is a Sunday
    assertEquals(
        Optional.of(at("2026-12-06T00:00:00Z")), previous("0 0 13 * 0", "2026-12-06T12:00:00Z"));
    assertEquals(
        Optional.of(at("2024-02-29T00:00:00Z")), previous("0 0 29 2 *", "2026-12-06T12:00:00Z"));
  }

  @Test
  void what_is_not_five_cron_fields_of_numbers_is_refused() {
    assertTrue(Cron.isValid("0 2 * * 0"));
    assertTrue(Cron.isValid("*/5 0-23/2 1,15 1-12 0-7"));
    for (String bad :
        new String[] {
          "",
          "0 2 * *",
          "0 2 * * 0 0",
          "@weekly",
          "0 2 * * SUN",
          "60 * * * *",
          "0 24 * * *",
          "0 0 0 * *",
          "0 0 * 13 *",
          "0 0 * * 8",
          "5-1 * * * *",
          "*/0 * * * *",
          "1,,2 * * * *",
          "0 2 * * 0; rm -rf /"
        }) {
      assertFalse(Cron.isValid(bad), bad);
    }
  }
}

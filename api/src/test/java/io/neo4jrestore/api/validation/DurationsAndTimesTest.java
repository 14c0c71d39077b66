package io.neo4jrestore.api.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsAndTimesTest {

  @ParameterizedTest
  @CsvSource({
    "7d,604800",
    "1m,60",
    "2h,7200",
    "30m,1800",
    "60m,3600",
    "1h30m,5400",
    "1.5h,5400",
    "90s,90"
  })
  void durations_of_the_reference_parse(String text, long seconds) {
    assertEquals(Duration.ofSeconds(seconds), Durations.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2 hours", "1w", "h", "-5m", "5", "P1D", "1h 30m"})
  void other_text_is_not_a_duration(String text) {
    assertFalse(Durations.isValid(text));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
  }

  @Test
  void durations_format_like_kubectl() {
    assertEquals("0s", Durations.format(Duration.ZERO));
    assertEquals("4m12s", Durations.format(Duration.ofSeconds(252)));
    assertEquals("2h0m5s", Durations.format(Duration.ofSeconds(7205)));
  }

  @ParameterizedTest
  @CsvSource({
    "2025-01-04T12:30:00Z,2025-01-04 12:30:00",
    "2025-01-04T14:30:00+02:00,2025-01-04 12:30:00",
    "2025-01-04T07:30:00-05:00,2025-01-04 12:30:00",
    "2025-01-04T12:30:00.999Z,2025-01-04 12:30:00",
    "2025-01-01T01:00:00+05:30,2024-12-31 19:30:00",
    "2025-01-04T12:30:00.123456789+18:00,2025-01-03 18:30:00"
  })
  void point_in_time_becomes_utc_restore_until(String rfc3339, String restoreUntil) {
    assertEquals(restoreUntil, PointInTime.toRestoreUntil(rfc3339));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-01-04T12:30:00",
        "2025-01-04 12:30:00Z",
        "2025-13-04T12:30:00Z",
        "2025-02-30T12:30:00Z",
        "yesterday",
        "2025-01-04T12:30:00+0200",
        "2025-01-04t12:30:00z",
        "2025-01-04T12:30:00+24:00",
        "2025-01-04T12:30:00+18:01",
        "2025-01-04T12:30:00.1234567890Z",
        "2025-01-04T12:30:00Z\n"
      })
  void invalid_points_in_time_are_refused(String text) {
    assertThrows(IllegalArgumentException.class, () -> PointInTime.toRestoreUntil(text));
  }

  @Test
  void database_names_follow_neo4j() {
    assertTrue(DatabaseNames.hasValidShape("movies"));
    assertTrue(DatabaseNames.hasValidShape("my-db.v2"));
    assertFalse(DatabaseNames.hasValidShape("ab"));
    assertFalse(DatabaseNames.hasValidShape("db-"));
    assertFalse(DatabaseNames.hasValidShape("`db`"));
    assertTrue(DatabaseNames.isReserved("SYSTEM"));
    assertTrue(DatabaseNames.sameDatabase("Movies", "movies"));
  }
}

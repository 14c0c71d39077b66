package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitBoundsTest {
  private static final RunnerSettings DEFAULTS = RunnerSettings.defaults();

  private static Duration m(long minutes) {
    return Duration.ofMinutes(minutes);
  }

  @Test
  void without_a_timeout_the_restore_job_gets_six_hours_and_every_wait_its_share_of_them() {
    WaitBounds b = WaitBounds.of(DEFAULTS, null);
    assertEquals(Duration.ofHours(6), b.restoreJob());
    assertEquals(Duration.ofHours(6).plus(m(20)), b.restoreJobWait());
    assertEquals(m(30), b.scaleDown(), "a twelfth");
    assertEquals(m(90), b.scaleUp(), "a quarter");
    assertEquals(m(15), b.databaseCommand(), "a twenty-fourth");
    assertEquals(Duration.ofHours(3), b.bringUp(), "a half");
    assertEquals(m(30), b.inspectJob(), "a twelfth");
  }

  @Test
  void a_large_database_with_a_long_timeout_gets_long_waits_bring_up_included() {
    WaitBounds b = WaitBounds.of(DEFAULTS, "48h");
    assertEquals(Duration.ofHours(48), b.restoreJob());
    assertEquals(Duration.ofHours(4), b.scaleDown());
    assertEquals(Duration.ofHours(12), b.scaleUp());
    assertEquals(Duration.ofHours(2), b.databaseCommand());
    assertEquals(Duration.ofHours(24), b.bringUp(), "no longer capped at 5 minutes");
    assertEquals(Duration.ofHours(4), b.inspectJob());
  }

  @Test
  void a_short_timeout_never_goes_below_the_floors() {
    WaitBounds b = WaitBounds.of(DEFAULTS, "30m");
    assertEquals(m(30), b.restoreJob());
    assertEquals(m(10), b.scaleDown());
    assertEquals(m(20), b.scaleUp());
    assertEquals(m(5), b.databaseCommand());
    assertEquals(m(15), b.bringUp());
    assertEquals(m(15), b.inspectJob());
    WaitBounds tiny = WaitBounds.of(DEFAULTS, "1m");
    assertEquals(m(5), tiny.bringUp(), "the database wait is the bring-up's floor");
  }

  @Test
  void the_floors_are_the_settings_so_tests_can_use_short_ones() {
    RunnerSettings fast =
        new RunnerSettings(
            Duration.ofMillis(100),
            Duration.ofSeconds(6),
            Duration.ofSeconds(1),
            Duration.ofSeconds(9),
            Duration.ofSeconds(3),
            Duration.ofMinutes(2),
            Duration.ofSeconds(5));
    WaitBounds b = WaitBounds.of(fast, null);
    assertEquals(Duration.ofMinutes(2), b.restoreJob(), "the settings' default timeout");
    assertEquals(Duration.ofSeconds(10), b.scaleDown());
    assertEquals(Duration.ofSeconds(30), b.scaleUp());
    assertEquals(Duration.ofSeconds(5), b.databaseCommand());
    assertEquals(Duration.ofSeconds(60), b.bringUp());
  }
}

package io.neo4jrestore.plugin.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgesTest {
  @Test
  void ages_read_like_kubectls() {
    assertEquals("0s", Ages.human(Duration.ofMillis(300)));
    assertEquals("119s", Ages.human(Duration.ofSeconds(119)));
    assertEquals("2m", Ages.human(Duration.ofSeconds(120)));
    assertEquals("3m12s", Ages.human(Duration.ofSeconds(192)));
    assertEquals("45m", Ages.human(Duration.ofMinutes(45)));
    assertEquals("5h10m", Ages.human(Duration.ofMinutes(310)));
    assertEquals("20h", Ages.human(Duration.ofHours(20)));
    assertEquals("3d4h", Ages.human(Duration.ofHours(76)));
    assertEquals("30d", Ages.human(Duration.ofDays(30)));
    assertEquals("3y", Ages.human(Duration.ofDays(1100)));
  }

  @Test
  void step_times_are_precise_and_short() {
    assertEquals("0.4s", Ages.elapsed(Duration.ofMillis(400)));
    assertEquals("2s", Ages.elapsed(Duration.ofSeconds(2)));
    assertEquals("3m05s", Ages.elapsed(Duration.ofSeconds(185)));
    assertEquals("1h02m", Ages.elapsed(Duration.ofMinutes(62)));
  }

  @Test
  void timestamps_that_cannot_be_read_are_unknown() {
    Instant now = Instant.parse("2025-01-20T10:05:00Z");
    assertEquals("<unknown>", Ages.since("yesterday", now));
    assertEquals("5m", Ages.since("2025-01-20T10:00:00Z", now));
    assertNull(Ages.between(null, null, now));
  }
}

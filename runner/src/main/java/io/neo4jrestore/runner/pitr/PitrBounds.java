package io.neo4jrestore.runner.pitr;

import io.neo4jrestore.api.model.PitrConfig;
import io.neo4jrestore.api.model.RecoveryPointStatus;
import io.neo4jrestore.api.validation.Durations;
import java.time.Duration;
import java.time.Instant;

/**
 * The bounds a PITR restore is checked against before anything changes. Pure: times in, a refusal
 * (naming the bound crossed) or the recovery point measurement out.
 *
 * <ul>
 *   <li>{@code pointInTime} after now: refused (the future);
 *   <li>before now minus {@code logRetention} (default 7d): refused, the logs for it are expired;
 *   <li>before the oldest full backup: refused by {@link PitrChain#select};
 *   <li>after the newest log the chain reaches: the gap (point minus newest log) is measured
 *       against {@code recoveryPointObjective} (default 1m). Within it, the restore goes on and
 *       replays every log there is; beyond it, refused. Without {@code pointInTime} the point is
 *       now, and a missed objective is reported but not refused (the newest state there is is
 *       wanted).
 * </ul>
 */
public final class PitrBounds {
  private PitrBounds() {}

  /** The checks that need no listing: the future and the retention window. */
  public static void checkRequested(Instant point, Instant now, PitrConfig pitr)
      throws PitrChain.Refused {
    if (point.isAfter(now)) {
      throw new PitrChain.Refused(
          io.neo4jrestore.api.Reasons.POINT_IN_TIME_OUT_OF_RANGE,
          "pointInTime "
              + point
              + " is in the future (now "
              + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              + "); choose a time that has passed");
    }
    Duration retention = duration("spec.source.pitr.logRetention", retention(pitr));
    // checked now, so that measuring it after the listing cannot fail
    duration("spec.source.pitr.recoveryPointObjective", objective(pitr));
    Instant oldest = now.minus(retention);
    if (point.isBefore(oldest)) {
      throw new PitrChain.Refused(
          io.neo4jrestore.api.Reasons.POINT_IN_TIME_OUT_OF_RANGE,
          "pointInTime "
              + point
              + " is older than logRetention "
              + retention(pitr)
              + " (the oldest time it keeps logs for is "
              + oldest.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              + "); choose a later pointInTime, or raise pitr.logRetention if the logs are kept"
              + " longer");
    }
  }

  /** The gap between the newest log the chain reaches and the point, against the objective. */
  public static RecoveryPointStatus measure(Instant point, PitrChain chain, PitrConfig pitr) {
    Duration objective = Durations.parse(objective(pitr));
    Instant newest = chain.end();
    Duration gap = point.isAfter(newest) ? Duration.between(newest, point) : Duration.ZERO;
    return new RecoveryPointStatus(
        point.toString(),
        newest.toString(),
        Durations.format(gap),
        objective(pitr),
        gap.compareTo(objective) <= 0);
  }

  /**
   * Refuses a missed objective when {@code pointInTime} was given ({@code explicit}); without it
   * the point is now, and a missed objective is only reported.
   */
  public static void requireObjective(RecoveryPointStatus measured, boolean explicit)
      throws PitrChain.Refused {
    if (measured.met() || !explicit) {
      return;
    }
    throw new PitrChain.Refused(
        io.neo4jrestore.api.Reasons.POINT_IN_TIME_OUT_OF_RANGE,
        "pointInTime "
            + measured.requested()
            + " is "
            + measured.gap()
            + " after the newest log ("
            + measured.newestLogTime()
            + "), beyond recoveryPointObjective "
            + measured.objective()
            + "; choose a pointInTime at or before "
            + measured.newestLogTime()
            + ", or check that logs are still being shipped to pitr.logStorage");
  }

  /** A well-formed duration too long for a {@link Duration} is refused as an invalid spec. */
  private static Duration duration(String field, String text) throws PitrChain.Refused {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new PitrChain.Refused(
          io.neo4jrestore.api.Reasons.INVALID_SPEC, field + ": " + e.getMessage());
    }
  }

  static String retention(PitrConfig pitr) {
    return pitr.logRetention() == null ? PitrConfig.DEFAULT_LOG_RETENTION : pitr.logRetention();
  }

  static String objective(PitrConfig pitr) {
    return pitr.recoveryPointObjective() == null
        ? PitrConfig.DEFAULT_RECOVERY_POINT_OBJECTIVE
        : pitr.recoveryPointObjective();
  }
}

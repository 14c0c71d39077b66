package io.neo4jrestore.runner.pitr;

import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.model.ResolvedSource.Artifact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the exact artifacts that reach a point in time, from everything {@code neo4j-admin backup
 * inspect} listed for one database (base backups and differential artifacts together). Pure.
 *
 * <p>An artifact taken at time t holds the transactions committed up to t. So the chain is: the
 * newest <em>full</em> artifact taken at or before the point, then the differential artifacts after
 * it in order, up to and including the first one taken at or after the point (or all of them when
 * none is: the logs end before the point, which {@link PitrBounds} judges against the recovery
 * point objective). Consecutive artifacts must continue each other's transactions ({@code lowest <=
 * previous highest + 1}); a gap is refused when integrity is validated.
 *
 * @param artifacts the chain, oldest first: a full artifact, then differentials
 */
public record PitrChain(List<Artifact> artifacts) {

  /** Why no chain can be used; the message names the bound or the gap. */
  public static final class Refused extends Exception {
    private final String reason;

    Refused(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    /** {@link Reasons#POINT_IN_TIME_OUT_OF_RANGE} or {@link Reasons#LOG_INTEGRITY_FAILED}. */
    public String reason() {
      return reason;
    }
  }

  /** Time the chain ends at: its last artifact's, the newest log it can replay. */
  public Instant end() {
    return Instant.parse(artifacts.get(artifacts.size() - 1).createdAt());
  }

  /** Time the chain starts at: its full artifact's. */
  public Instant start() {
    return Instant.parse(artifacts.get(0).createdAt());
  }

  /**
   * The chain reaching {@code point}.
   *
   * @param listed every artifact of the database, in any order
   * @param where the folders listed, for messages
   * @param validateContinuity refuse a transaction gap (and artifacts without a range)
   */
  public static PitrChain select(
      List<Artifact> listed, Instant point, String where, boolean validateContinuity)
      throws Refused {
    if (listed.isEmpty()) {
      throw new Refused(
          Reasons.SOURCE_NOT_FOUND,
          "no backup artifact of the database in "
              + where
              + "; check pitr.baseBackup and logStorage");
    }
    for (Artifact a : listed) {
      if (a.createdAt() == null || a.full() == null) {
        throw new Refused(
            Reasons.SOURCE_NOT_FOUND,
            "neo4j-admin backup inspect gave no time or full/differential for "
                + a.path()
                + "; the chain cannot be placed in time");
      }
    }
    List<Artifact> ordered =
        listed.stream()
            .sorted(
                Comparator.comparing((Artifact a) -> Instant.parse(a.createdAt()))
                    .thenComparing(
                        Artifact::lowestTransactionId,
                        Comparator.nullsFirst(Comparator.naturalOrder())))
            .toList();
    int base = -1;
    for (int i = 0; i < ordered.size(); i++) {
      Artifact a = ordered.get(i);
      if (a.full() && !Instant.parse(a.createdAt()).isAfter(point)) {
        base = i;
      }
    }
    if (base < 0) {
      String oldestFull =
          ordered.stream().filter(Artifact::full).map(Artifact::createdAt).findFirst().orElse(null);
      throw new Refused(
          Reasons.POINT_IN_TIME_OUT_OF_RANGE,
          oldestFull == null
              ? "no full backup of the database in " + where + " to start a chain from"
              : "pointInTime "
                  + point
                  + " is before the oldest full backup ("
                  + oldestFull
                  + ") in "
                  + where
                  + "; choose a later pointInTime or an older base backup");
    }
    List<Artifact> chain = new ArrayList<>();
    chain.add(ordered.get(base));
    if (Instant.parse(ordered.get(base).createdAt()).isBefore(point)) {
      for (int i = base + 1; i < ordered.size(); i++) {
        Artifact a = ordered.get(i);
        if (a.full()) {
          break; // a later full (after the point) starts another chain: its diffs are not ours
        }
        chain.add(a);
        if (!Instant.parse(a.createdAt()).isBefore(point)) {
          break;
        }
      }
    }
    if (validateContinuity) {
      checkContinuity(chain);
    }
    return new PitrChain(List.copyOf(chain));
  }

  private static void checkContinuity(List<Artifact> chain) throws Refused {
    for (Artifact a : chain) {
      if (a.lowestTransactionId() == null || a.highestTransactionId() == null) {
        throw new Refused(
            Reasons.LOG_INTEGRITY_FAILED,
            "artifact "
                + a.path()
                + " has no transaction range, so the chain's continuity cannot be checked; set"
                + " pitr.validateLogIntegrity: false to restore without that check");
      }
    }
    for (int i = 1; i < chain.size(); i++) {
      Artifact prev = chain.get(i - 1);
      Artifact next = chain.get(i);
      if (next.lowestTransactionId() > prev.highestTransactionId() + 1) {
        throw new Refused(
            Reasons.LOG_INTEGRITY_FAILED,
            "transaction gap in the chain: "
                + prev.path()
                + " ends at transaction "
                + prev.highestTransactionId()
                + " but "
                + next.path()
                + " starts at "
                + next.lowestTransactionId()
                + " (transactions "
                + (prev.highestTransactionId() + 1)
                + ".."
                + (next.lowestTransactionId() - 1)
                + " are missing); restore the missing differential artifact or choose a pointInTime"
                + " before "
                + next.createdAt());
      }
    }
  }
}

package io.neo4jrestore.plugin.restore;

import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.model.DrillRecord;
import io.neo4jrestore.api.model.DrillSpec;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.validation.Cron;
import io.neo4jrestore.api.validation.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code get}, {@code describe} and {@code watch} word a restore drill ({@code spec.drill},
 * {@code status.drills}). Never the statements: a failed assertion is named by its 0-based index,
 * as the status names it. Pure.
 */
public final class Drills {
  private Drills() {}

  public static boolean isDrill(Neo4jRestore r) {
    return r.spec() != null && r.spec().drill() != null;
  }

  /**
   * A drill's spec in one line: how many assertions, how many records kept, when it runs, and where
   * its server is made when that is another namespace.
   */
  public static String spec(DrillSpec d) {
    return d.assertionsOrEmpty().size()
        + " assertion(s), keeps "
        + d.keepOrDefault()
        + " record(s)"
        + (d.schedule() == null ? ", not scheduled" : ", schedule " + d.schedule() + " (UTC)")
        + (d.namespace() == null ? "" : ", server in namespace " + d.namespace());
  }

  /** {@code 2/2}, or {@code 0/2 (#0 failed)}: how many assertions held, of how many. */
  public static String assertions(DrillRecord d) {
    return (d.assertionsPassed() == null ? "?" : d.assertionsPassed())
        + "/"
        + (d.assertions() == null ? "?" : d.assertions())
        + (d.failedAssertion() == null ? "" : " (#" + d.failedAssertion() + " failed)");
  }

  /** The newest record ({@code status.drills} is newest first), if any. */
  public static Optional<DrillRecord> last(Neo4jRestore r) {
    if (r.status() == null || r.status().drills() == null || r.status().drills().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(r.status().drills().get(0));
  }

  /** The record of the current attempt: the runner stamps it with the attempt's start time. */
  public static Optional<DrillRecord> ofCurrentAttempt(Neo4jRestore r) {
    return last(r)
        .filter(
            d ->
                Restores.statusIsCurrent(r)
                    && Ages.instant(d.startTime()) != null
                    && Objects.equals(
                        Ages.instant(d.startTime()), Ages.instant(r.status().startTime())));
  }

  /**
   * The {@code get} column: {@code Passed (2d ago)}, {@code Failed at assertion #1 (5m ago)},
   * {@code Failed: JobFailed (5m ago)}; {@code <none>} before the first drill ended; empty for a
   * restore that is not a drill. The age is of the drill's end.
   */
  public static String lastColumn(Neo4jRestore r, Instant now) {
    if (!isDrill(r)) {
      return "";
    }
    return last(r).map(d -> verdict(d) + " (" + ended(d, now) + ")").orElse("<none>");
  }

  /** {@code Passed}, {@code Failed at assertion #k} or {@code Failed: REASON}. */
  static String verdict(DrillRecord d) {
    if (DrillRecord.PASSED.equals(d.outcome())) {
      return DrillRecord.PASSED;
    }
    if (d.failedAssertion() != null) {
      return "Failed at assertion #" + d.failedAssertion();
    }
    String outcome = d.outcome() == null ? "?" : d.outcome();
    return d.reason() == null ? outcome : outcome + ": " + d.reason();
  }

  private static String ended(DrillRecord d, Instant now) {
    Instant start = Ages.instant(d.startTime());
    if (start == null) {
      return "<unknown>";
    }
    Instant end = start;
    if (d.duration() != null && Durations.isValid(d.duration())) {
      end = start.plus(Durations.parse(d.duration()));
    }
    return Ages.human(Duration.between(end, now)) + " ago";
  }

  /** The {@code get -o wide} schedule column: the schedule, {@code <none>}, or empty. */
  public static String scheduleColumn(Neo4jRestore r) {
    if (!isDrill(r)) {
      return "";
    }
    String schedule = r.spec().drill().schedule();
    return schedule == null ? "<none>" : schedule;
  }

  /**
   * The {@code get -o wide} next-drill column, as the dispatcher decides: {@code due} when the
   * schedule fired after the last attempt started and that attempt has ended (the dispatcher starts
   * it within a minute or two), else {@code in 5d} until the next fire time; {@code <none>} without
   * a schedule (or with one that never fires), empty for a restore that is not a drill.
   */
  public static String nextColumn(Neo4jRestore r, Instant now) {
    if (!isDrill(r)) {
      return "";
    }
    String schedule = r.spec().drill().schedule();
    if (schedule == null || !Cron.isValid(schedule)) {
      return "<none>";
    }
    Cron cron = Cron.parse(schedule);
    String phase = Restores.phase(r);
    if (Phases.isTerminal(phase)) {
      String since = r.status().startTime();
      Instant after = Ages.instant(since == null ? r.metadata().creationTimestamp() : since);
      if (cron.firedSince(after, now).isPresent()) {
        return "due";
      }
    }
    return cron.next(now).map(t -> "in " + Ages.human(Duration.between(now, t))).orElse("<none>");
  }

  /**
   * The line {@code watch} ends a drill with: {@code drill Passed: assertions held 2/2, restore
   * 4m02s, backup age 1h58m, cleanup done}.
   */
  public static String outcomeLine(DrillRecord d) {
    List<String> parts = new ArrayList<>();
    parts.add("assertions held " + assertions(d));
    if (d.restoreDuration() != null) {
      parts.add("restore " + d.restoreDuration());
    }
    if (d.backupAge() != null) {
      parts.add("backup age " + d.backupAge());
    }
    if (d.cleanup() != null) {
      parts.add("cleanup " + d.cleanup());
    }
    return "drill " + verdict(d) + ": " + String.join(", ", parts);
  }
}

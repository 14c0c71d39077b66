package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.runner.status.StatusDraft;
import java.time.Duration;
import java.time.Instant;

/** Step 13: Completed, Ready, the duration; the restore's outcome for this generation. */
final class FinishStep implements Step {
  @Override
  public String name() {
    return Steps.FINISH;
  }

  @Override
  public boolean announce(RunContext c) {
    return false; // the runner's last write, Completed, follows at once
  }

  @Override
  public String execute(RunContext c) throws Exception {
    StatusDraft s = measure(c);
    String db = c.restore().spec().databaseName();
    s.condition(
        Conditions.READY,
        Conditions.TRUE,
        Reasons.SUCCEEDED,
        "database " + db + " restored and online",
        c.generation(),
        c.now());
    s.condition(
        Conditions.RECONCILING,
        Conditions.FALSE,
        Reasons.SUCCEEDED,
        "restore completed",
        c.generation(),
        c.now());
    s.finish(
        Phases.COMPLETED,
        "database " + db + " restored into " + c.target().name() + " and online",
        c.now());
    return "completed in " + s.stats().duration();
  }

  /** The attempt's duration and error count, into {@code status.stats}. */
  static StatusDraft measure(RunContext c) {
    StatusDraft s = c.status();
    Instant started = Instant.parse(s.startTime());
    s.stats(Stats.withDuration(s.stats(), Duration.between(started, c.now())));
    s.stats(Stats.withErrorCount(s.stats(), s.errorCount())); // counted: 0 is a measurement
    return s;
  }
}

package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.DrillRecord;
import io.neo4jrestore.api.model.StepStatus;
import io.neo4jrestore.runner.status.StatusDraft;

/**
 * Drill step: the drill passed. {@code status.drills} gets its record, {@code DrillPassed=True},
 * {@code Ready=True}, and a Normal event says it.
 */
final class FinishDrillStep implements Step {
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
    StatusDraft s = FinishStep.measure(c);
    StepStatus cleanup = s.step(Steps.CLEAN_UP_DRILL);
    String db = c.restore().spec().databaseName();
    int n = c.restore().spec().drill().assertionsOrEmpty().size();
    String message =
        "drill passed: the backup of "
            + db
            + " restored into a throw-away server and "
            + n
            + " assertion(s) held";
    DrillRecord record =
        DrillOutcome.record(
            c,
            Reasons.DRILL_PASSED,
            message,
            null,
            cleanup == null ? null : cleanup.message().replaceFirst("^cleanup ", ""));
    s.condition(
        Conditions.READY, Conditions.TRUE, Reasons.DRILL_PASSED, message, c.generation(), c.now());
    s.condition(
        Conditions.RECONCILING,
        Conditions.FALSE,
        Reasons.DRILL_PASSED,
        "drill completed",
        c.generation(),
        c.now());
    s.finish(Phases.COMPLETED, message + " in " + record.duration(), c.now());
    c.event("Normal", Reasons.DRILL_PASSED, message + " in " + record.duration());
    return "drill passed in " + record.duration();
  }
}

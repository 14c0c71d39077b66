package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;

/**
 * Drill step: everything the drill created is deleted ({@link DrillOutcome#cleanUp}). On a failure
 * the runner does the same before it writes {@code Failed}; after a runner's death the next runner
 * pod, or the dispatcher's compensation, does.
 */
final class CleanUpDrillStep implements Step {
  @Override
  public String name() {
    return Steps.CLEAN_UP_DRILL;
  }

  @Override
  public String execute(RunContext c) throws Exception {
    c.closeDatabase(); // the Bolt connection to the server about to go
    String cleanup = DrillOutcome.cleanUp(c, line -> c.log().println(line));
    if (!"done".equals(cleanup)) {
      c.event("Warning", Reasons.DRILL_CLEANUP_FAILED, cleanup);
    }
    return "cleanup " + cleanup;
  }
}

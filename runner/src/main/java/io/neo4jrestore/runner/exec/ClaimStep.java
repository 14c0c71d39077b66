package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.AttemptStatus;
import io.neo4jrestore.runner.status.StatusDraft;

/**
 * Step 3: Pending -> Running for this generation, written with the read resourceVersion, with the
 * plan the attempt follows ({@link ClaimedPlan}).
 */
final class ClaimStep implements Step {
  @Override
  public String name() {
    return Steps.CLAIM;
  }

  @Override
  public boolean announce(RunContext c) {
    return false; // the claim is its own write
  }

  @Override
  public String execute(RunContext c) throws Exception {
    StatusDraft s = c.status();
    AttemptStatus previous = s.attempt();
    boolean resumed =
        previous != null
            && previous.generation() != null
            && previous.generation() == c.generation();
    int resumes =
        resumed && previous.resumes() != null
            ? previous.resumes() + (c.runnerPod().equals(previous.runnerPod()) ? 0 : 1)
            : 0;
    if (resumed && !c.runnerPod().equals(previous.runnerPod())) {
      s.countError(); // the runner pod that held the attempt died and was replaced
    }
    s.attempt(
        new AttemptStatus(
            c.generation(),
            // a resumed attempt keeps its token: it is part of every Job name of the attempt
            resumed
                ? previous.retryToken()
                : c.restore().metadata().annotation(io.neo4jrestore.api.Annotations.RETRY),
            c.runnerJob(),
            c.runnerPod(),
            resumes,
            resumed ? previous.claimedAt() : StatusDraft.time(c.now()),
            // a resumed attempt follows the plan it claimed (Runner took it from there)
            resumed
                ? previous.plan()
                : ClaimedPlan.of(
                    c.restore().spec(),
                    c.target().kind().kind(),
                    c.bounds(),
                    c.restore().metadata().uid())));
    s.claim(c.generation(), c.now());
    s.phase(
        Phases.RUNNING,
        "restoring " + c.restore().spec().databaseName() + " into " + c.target().name());
    s.condition(
        Conditions.RECONCILING,
        Conditions.TRUE,
        Reasons.RUNNING,
        "a runner is restoring generation " + c.generation(),
        c.generation(),
        c.now());
    s.condition(
        Conditions.READY,
        Conditions.FALSE,
        Reasons.RUNNING,
        "restore in progress",
        c.generation(),
        c.now());
    s.condition(Conditions.STALLED, Conditions.FALSE, Reasons.RUNNING, "", c.generation(), c.now());
    c.save(); // the claim, with the steps before it
    return resumed ? "resumed by " + c.runnerPod() : "claimed by " + c.runnerPod();
  }
}

package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.lock.Holder;
import io.neo4jrestore.runner.lock.LeaseRecord;
import io.neo4jrestore.runner.lock.TargetLock;
import io.neo4jrestore.runner.status.StatusDraft;
import io.neo4jrestore.runner.target.Target;

/**
 * Step 2: one restore per target. Takes the target's Lease before the resource is claimed; while
 * another restore holds it, the resource stays {@code Pending} and says who holds it; after {@link
 * io.neo4jrestore.runner.lock.LockSettings#maxWait()} it fails with {@code LockTimeout}, before
 * anything changed. A resumed runner takes its own restore's Lease back.
 */
final class LockTargetStep implements Step {
  @Override
  public String name() {
    return Steps.LOCK_TARGET;
  }

  @Override
  public boolean announce(RunContext c) {
    return false; // it writes itself when it has to wait
  }

  @Override
  public String execute(RunContext c) throws Exception {
    Target t = c.target();
    String lease = ResourceNames.targetLease(t.kind().kind(), t.name());
    TargetLock lock =
        new TargetLock(
            c.cluster().leases(t.namespace()),
            c.cluster().holderProbe(t.namespace()),
            c.clock(),
            c.sleeper(),
            c.lockSettings(),
            lease,
            new Holder(c.name(), c.restore().metadata().uid(), c.runnerPod()),
            c.log());
    try {
      lock.acquire((holder, record) -> waiting(c, t, lease, holder, record));
    } catch (TargetLock.TimeoutException e) {
      throw new RestoreFailure(
          Reasons.LOCK_TIMEOUT,
          t.kind().kind()
              + " "
              + t.namespace()
              + "/"
              + t.name()
              + " is being restored by "
              + e.holder()
              + " (Lease "
              + lease
              + "); waited "
              + c.lockSettings().maxWait().toSeconds()
              + "s and changed nothing. When that restore has ended, retry with: "
              + c.retryCommand());
    }
    c.holdLock(lock);
    return "holding Lease " + t.namespace() + "/" + lease;
  }

  private static void waiting(
      RunContext c, Target t, String lease, Holder holder, LeaseRecord record) throws Exception {
    String message =
        "waiting for "
            + t.kind().kind()
            + " "
            + t.name()
            + ": "
            + holder
            + " holds Lease "
            + lease
            + (record.acquired() == null ? "" : " since " + StatusDraft.time(record.acquired()))
            + "; giving up after "
            + c.lockSettings().maxWait().toSeconds()
            + "s";
    if (!Phases.RUNNING.equals(c.status().phase())) {
      c.status().phase(Phases.PENDING, message);
      c.status()
          .condition(
              Conditions.RECONCILING,
              Conditions.TRUE,
              Reasons.WAITING_FOR_LOCK,
              message,
              c.generation(),
              c.now());
    }
    c.status().stepRunning(Steps.LOCK_TARGET, message, c.now());
    c.save();
    c.event("Normal", Reasons.WAITING_FOR_LOCK, message);
  }
}

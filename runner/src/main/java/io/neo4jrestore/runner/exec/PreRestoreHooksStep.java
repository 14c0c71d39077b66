package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.RestoreHooks;

/**
 * Step: {@code options.preRestore} against the live target, before anything is stopped. A failure
 * leaves the target as it was (nothing has changed yet).
 */
final class PreRestoreHooksStep implements Step {
  @Override
  public String name() {
    return Steps.PRE_RESTORE_HOOKS;
  }

  @Override
  public boolean applies(RunContext c) {
    return HookRunner.hasHooks(HookRunner.Phase.PRE.of(c));
  }

  @Override
  public String skipReason(RunContext c) {
    return HookRunner.Phase.PRE.none();
  }

  @Override
  public boolean outcomeEvent(RunContext c) {
    return true;
  }

  @Override
  public String execute(RunContext c) throws Exception {
    RestoreHooks hooks = HookRunner.Phase.PRE.of(c);
    String db = c.restore().spec().databaseName();
    // statements on the restored database need it to exist; administration statements do not
    boolean exists = !HookRunner.statements(hooks).isEmpty() && c.database().exists(db);
    return new HookRunner(
            c,
            HookRunner.Phase.PRE,
            Reasons.PRE_RESTORE_HOOK_FAILED,
            "nothing was changed on the target; fix spec.options.preRestore (or the hook's"
                + " image) and the new generation is restored")
        .run(hooks, exists);
  }
}

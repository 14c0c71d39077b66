package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;

/**
 * Step: {@code options.postRestore} once the restored database is online. A failure ends the
 * restore {@code Failed} ({@code PostRestoreHookFailed}) but undoes nothing: the data is restored
 * and online.
 */
final class PostRestoreHooksStep implements Step {
  @Override
  public String name() {
    return Steps.POST_RESTORE_HOOKS;
  }

  @Override
  public boolean applies(RunContext c) {
    return HookRunner.hasHooks(HookRunner.Phase.POST.of(c));
  }

  @Override
  public String skipReason(RunContext c) {
    return HookRunner.Phase.POST.none();
  }

  @Override
  public boolean outcomeEvent(RunContext c) {
    return true;
  }

  @Override
  public String execute(RunContext c) throws Exception {
    String db = c.restore().spec().databaseName();
    return new HookRunner(
            c,
            HookRunner.Phase.POST,
            Reasons.POST_RESTORE_HOOK_FAILED,
            "the data is restored and database "
                + db
                + " is online (nothing was undone); fix the hook and run it by hand")
        .run(HookRunner.Phase.POST.of(c), true);
  }
}

package io.neo4jrestore.runner.exec;

/**
 * One named, idempotent step of a restore. A resumed runner calls {@link #execute} again for the
 * step in progress, so a step checks what is already done before it changes anything.
 */
public interface Step {
  /** The name shown in status, events and logs (a {@link io.neo4jrestore.api.Steps} constant). */
  String name();

  /** False when the plan does not need this step (it is then recorded as Skipped). */
  default boolean applies(RunContext context) {
    return true;
  }

  /** Why the step is skipped, for the status entry. */
  default String skipReason(RunContext context) {
    return "not needed";
  }

  /** Does the work; returns a short outcome message for the step entry. */
  String execute(RunContext context) throws Exception;
}

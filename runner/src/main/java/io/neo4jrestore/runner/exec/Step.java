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

  /**
   * Whether the runner writes status (this step Running, and what the steps before left unwritten)
   * before the step runs. Steps that only read need not: the next write carries them. Steps that
   * write their undo data before their first change need not either: that write carries it. Every
   * other step (it changes something, or waits) is announced, so that status shows what runs.
   */
  default boolean announce(RunContext context) {
    return true;
  }

  /**
   * Whether the step's outcome is recorded as an Event (reason: the step's name). Steps that record
   * their own Events for what they change, and steps that only read, do not.
   */
  default boolean outcomeEvent(RunContext context) {
    return false;
  }

  /** Does the work; returns a short outcome message for the step entry. */
  String execute(RunContext context) throws Exception;
}

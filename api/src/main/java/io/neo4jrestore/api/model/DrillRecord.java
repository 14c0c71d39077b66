package io.neo4jrestore.api.model;

/**
 * One drill as {@code status.drills[]} records it (newest first, at most {@code spec.drill.keep}).
 * Statements never appear here: a failed assertion is named by its index.
 *
 * @param startTime when the drill's runner began (RFC 3339)
 * @param duration how long the drill took until its outcome, cleanup excluded (e.g. {@code 4m12s})
 * @param restoreDuration how long the restore Job into the throw-away server took, when it ran
 * @param backupAge how old the restored backup was at the start, when its creation time is known
 * @param assertions how many assertions the spec holds
 * @param assertionsPassed how many passed before the first failure (all of them on success)
 * @param failedAssertion the 0-based index of the assertion that failed, or null
 * @param outcome {@code Passed} or {@code Failed}
 * @param reason a CamelCase reason ({@code DrillPassed}, {@code AssertionFailed}, or the failure's)
 * @param message what happened, and what to do next on failure
 * @param cleanup {@code done}, or what could not be deleted (the dispatcher or the next drill
 *     retries)
 */
public record DrillRecord(
    String startTime,
    String duration,
    String restoreDuration,
    String backupAge,
    Integer assertions,
    Integer assertionsPassed,
    Integer failedAssertion,
    String outcome,
    String reason,
    String message,
    String cleanup) {
  public static final String PASSED = "Passed";
  public static final String FAILED = "Failed";

  /**
   * Whether this drill's cleanup failed and left its server behind ({@code cleanup} starts with
   * {@code failed}): the dispatcher deletes it once the attempt has ended (docs/drills.md).
   */
  public boolean leftItsServer() {
    return cleanupFailed(cleanup);
  }

  /** Whether a {@code cleanup} text says the cleanup failed (it starts with {@code failed}). */
  public static boolean cleanupFailed(String cleanup) {
    return cleanup != null && cleanup.startsWith("failed");
  }

  /** The same record with {@code cleanup}. */
  public DrillRecord withCleanup(String how) {
    return new DrillRecord(
        startTime,
        duration,
        restoreDuration,
        backupAge,
        assertions,
        assertionsPassed,
        failedAssertion,
        outcome,
        reason,
        message,
        how);
  }
}

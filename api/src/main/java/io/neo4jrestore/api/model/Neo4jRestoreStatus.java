package io.neo4jrestore.api.model;

import java.util.List;

/**
 * What the runner observed and did. Written only by the runner (and by the dispatcher when it
 * compensates for a lost runner), always through the status subresource.
 *
 * <p>The first eight fields are the reference's; the rest are this implementation's own and are
 * declared in the CRD so the API server does not prune them:
 *
 * @param attempt which attempt (generation, retry token, runner Job) this status describes
 * @param target what the target resolved to (kind, StatefulSet, Neo4j version)
 * @param steps one entry per runner step, in order, with timing and outcome
 * @param resolvedSource the pinned artifacts, so a resumed runner restores exactly what was planned
 * @param undo everything needed to put the target back, written before each mutating call
 * @param hooks one entry per hook (Cypher statement or Job) with its outcome
 * @param recoveryPoint PITR: newest log time and the gap against the recovery point objective
 * @param plan what a restore of this spec would do, found without changing anything (a plan-only
 *     resource's runner writes it; docs/plan.md)
 * @param drills restore drills ({@code spec.drill}), newest first, at most {@code drill.keep}
 */
public record Neo4jRestoreStatus(
    List<Condition> conditions,
    String phase,
    String message,
    String startTime,
    String completionTime,
    RestoreStats stats,
    RestoreBackupInfo backupInfo,
    Long observedGeneration,
    AttemptStatus attempt,
    TargetStatus target,
    List<StepStatus> steps,
    ResolvedSource resolvedSource,
    UndoRecord undo,
    List<HookOutcome> hooks,
    RecoveryPointStatus recoveryPoint,
    RestorePlan plan,
    // --- restore drills (issue #18) ---
    List<DrillRecord> drills) {

  /** An empty status (every field absent). */
  public static Neo4jRestoreStatus empty() {
    return new Neo4jRestoreStatus(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null);
  }

  /** The condition of that type, or null. */
  public Condition condition(String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.type())).findFirst().orElse(null);
  }
}

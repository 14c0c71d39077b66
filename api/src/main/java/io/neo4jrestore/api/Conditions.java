package io.neo4jrestore.api;

/** Condition types on {@code status.conditions}. */
public final class Conditions {
  /** True once the restore completed and the database is online. */
  public static final String READY = "Ready";

  /** True once the restore Job exists. */
  public static final String JOB_CREATED = "JobCreated";

  /** True while the target is scaled down for an offline restore. */
  public static final String CLUSTER_STOPPED = "ClusterStopped";

  /** Whether the backup artifacts were inspected and found usable. */
  public static final String BACKUP_VERIFIED = "BackupVerified";

  /** kstatus: True while a runner is working on the current generation. */
  public static final String RECONCILING = "Reconciling";

  /** kstatus: True when the restore failed and will not progress without a change. */
  public static final String STALLED = "Stalled";

  /** PITR: whether the newest log is within the recovery point objective. */
  public static final String RECOVERY_POINT_OBJECTIVE_MET = "RecoveryPointObjectiveMet";

  /**
   * After an offline restore's scale-up: True when every data volume (PVC) recorded before the
   * scale-down is the same claim (same UID) and Bound; False ({@code DataVolumeReplaced}) when one
   * is gone, new or not Bound, in which case the database is not brought up.
   */
  public static final String DATA_VOLUMES_INTACT = "DataVolumesIntact";

  /** True when compensation after a failure could not put the target back. */
  public static final String COMPENSATION_FAILED = "CompensationFailed";

  /**
   * On a plan (docs/plan.md): True with reason {@code WouldStart}, False with {@code WouldRefuse};
   * for the generation the plan was made of.
   */
  public static final String PLANNED = "Planned";

  // --- restore drills (issue #18) ---

  /**
   * A drill ({@code spec.drill}): True ({@code DrillPassed}) when the last drill restored the
   * backup into its throw-away server and every assertion held; False with the failure's reason
   * otherwise. Argo CD, Flux and alerting read it beside kstatus' Ready and Stalled.
   */
  public static final String DRILL_PASSED = "DrillPassed";

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private Conditions() {}
}

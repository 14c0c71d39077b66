package io.neo4jrestore.api;

/** CamelCase condition reasons. One constant per distinct cause, shared by plugin and runner. */
public final class Reasons {
  public static final String QUEUED = "Queued";
  public static final String WAITING_FOR_LOCK = "WaitingForLock";
  public static final String LOCK_TIMEOUT = "LockTimeout";
  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String DATABASE_ONLINE = "DatabaseOnline";
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String TARGET_NOT_FOUND = "TargetNotFound";
  public static final String TARGET_AMBIGUOUS = "TargetAmbiguous";
  public static final String UNSUPPORTED_VERSION = "UnsupportedVersion";

  /**
   * The Neo4j operator's resources are served in a form this runner has no cited facts for (another
   * API version, or the rewrite that serves kind {@code Neo4j} in group {@code neo4j.com}):
   * docs/compat.md.
   */
  public static final String UNSUPPORTED_OPERATOR = "UnsupportedOperator";

  public static final String CREDENTIALS_MISSING = "CredentialsMissing";
  public static final String CLAIMED_BY_OPERATOR = "ClaimedByOperator";
  public static final String SOURCE_NOT_FOUND = "SourceNotFound";
  public static final String DATABASE_EXISTS = "DatabaseExists";
  public static final String JOB_CREATED = "JobCreated";
  public static final String JOB_FAILED = "JobFailed";
  public static final String SCALED_DOWN = "ScaledDown";
  public static final String SCALED_UP = "ScaledUp";
  public static final String NOT_REQUESTED = "NotRequested";
  public static final String VERIFIED = "Verified";
  public static final String VERIFICATION_FAILED = "VerificationFailed";
  public static final String BRING_UP_FAILED = "BringUpFailed";
  public static final String PRE_RESTORE_HOOK_FAILED = "PreRestoreHookFailed";
  public static final String POST_RESTORE_HOOK_FAILED = "PostRestoreHookFailed";
  public static final String RESTORE_INCOMPLETE = "RestoreIncomplete";
  public static final String CANCELLED = "Cancelled";
  public static final String RUNNER_LOST = "RunnerLost";

  /**
   * The spec was edited while the attempt ran, in a field the plan keeps only as a digest (hook
   * statements or Jobs, additional arguments, the source): the resumed runner cannot know the
   * claimed value, so it ends the attempt: at once while the restore has not run, else (the
   * restored database brought up) before the first step that reads the changed field. The edit is
   * the next attempt.
   */
  public static final String PLAN_CHANGED = "PlanChanged";

  /**
   * A restore pinned to a plan ({@code create --from-plan}) found the facts it depends on (target,
   * StatefulSet, source, spec) changed since the plan: refused before its first change on the
   * target; the message names what changed. Plan again.
   */
  public static final String PLAN_OUTDATED = "PlanOutdated";

  /** Condition {@code Planned}: the plan says the restore would start. */
  public static final String WOULD_START = "WouldStart";

  /** Condition {@code Planned}: the plan says the restore would be refused (see its refusals). */
  public static final String WOULD_REFUSE = "WouldRefuse";

  /**
   * A plan's refusal: the runner's ServiceAccount may not make a call the restore needs (a
   * SelfSubjectAccessReview answered no). The restore would fail when it first needs the call.
   */
  public static final String PERMISSION_MISSING = "PermissionMissing";

  public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
  public static final String COMPENSATION_FAILED = "CompensationFailed";
  public static final String OBJECTIVE_MET = "ObjectiveMet";
  public static final String OBJECTIVE_MISSED = "ObjectiveMissed";
  public static final String INTERNAL_ERROR = "InternalError";

  /**
   * A Warning event (not a failure): a field that is accepted but has no effect here, or a setting
   * the runner cannot verify (docs/reference.md says which).
   */
  public static final String CONFIGURATION_WARNING = "ConfigurationWarning";

  /**
   * An offline restore ({@code stopCluster: true}) refused before anything changed: the target's
   * StatefulSet has {@code persistentVolumeClaimRetentionPolicy.whenScaled: Delete}, so scaling it
   * to 0 would make Kubernetes delete its data volumes.
   */
  public static final String UNSAFE_SCALE_DOWN = "UnsafeScaleDown";

  /**
   * A data volume of the target is not the one recorded before the scale-down (gone, a new UID, or
   * not Bound): the database is not brought up on it.
   */
  public static final String DATA_VOLUME_REPLACED = "DataVolumeReplaced";

  /** Every data volume recorded before the scale-down is the same claim (UID) and Bound. */
  public static final String DATA_VOLUMES_UNCHANGED = "DataVolumesUnchanged";

  /** PITR: pointInTime is in the future, older than logRetention, or outside the chain. */
  public static final String POINT_IN_TIME_OUT_OF_RANGE = "PointInTimeOutOfRange";

  /** PITR: the chain has a transaction gap or an artifact failed its checksum. */
  public static final String LOG_INTEGRITY_FAILED = "LogIntegrityFailed";

  private Reasons() {}

  // --- restore drills (issue #18) ---

  /** A drill restored the backup and every assertion held. */
  public static final String DRILL_PASSED = "DrillPassed";

  /** A drill's assertion returned something other than one row with a single {@code true}. */
  public static final String ASSERTION_FAILED = "AssertionFailed";

  /**
   * A drill's throw-away server did not become ready in time, or stopped answering Bolt while the
   * assertions ran.
   */
  public static final String DRILL_SERVER_NOT_READY = "DrillServerNotReady";

  /** Event (Warning): something a drill created could not be deleted; the message says how. */
  public static final String DRILL_CLEANUP_FAILED = "DrillCleanupFailed";

  /** Event: the dispatcher deleted what a drill whose own cleanup failed left. */
  public static final String DRILL_CLEANED_UP = "DrillCleanedUp";
}

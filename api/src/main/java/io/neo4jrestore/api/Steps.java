package io.neo4jrestore.api;

import java.util.List;

/** The runner's step names, in execution order, as shown in status, events and logs. */
public final class Steps {
  public static final String RESOLVE_TARGET = "ResolveTarget";
  public static final String LOCK_TARGET = "LockTarget";
  public static final String CLAIM = "Claim";
  public static final String RESOLVE_SOURCE = "ResolveSource";
  public static final String VERIFY_BACKUP = "VerifyBackup";
  public static final String PRE_RESTORE_HOOKS = "PreRestoreHooks";
  public static final String PREPARE_DATABASE = "PrepareDatabase";
  public static final String STOP_CLUSTER = "StopCluster";
  public static final String RESTORE = "Restore";
  public static final String START_CLUSTER = "StartCluster";
  public static final String BRING_UP_DATABASE = "BringUpDatabase";
  public static final String POST_RESTORE_HOOKS = "PostRestoreHooks";
  public static final String FINISH = "Finish";

  public static final List<String> ORDER =
      List.of(
          RESOLVE_TARGET,
          LOCK_TARGET,
          CLAIM,
          RESOLVE_SOURCE,
          VERIFY_BACKUP,
          PRE_RESTORE_HOOKS,
          PREPARE_DATABASE,
          STOP_CLUSTER,
          RESTORE,
          START_CLUSTER,
          BRING_UP_DATABASE,
          POST_RESTORE_HOOKS,
          FINISH);

  // --- restore drills (issue #18): the drill's own steps, in order ---

  public static final String CREATE_DRILL_SERVER = "CreateDrillServer";
  public static final String START_DRILL_SERVER = "StartDrillServer";
  public static final String RUN_ASSERTIONS = "RunAssertions";
  public static final String CLEAN_UP_DRILL = "CleanUpDrill";

  /** A drill's steps: resolve (read only), claim, resolve the source, then its own. */
  public static final List<String> DRILL_ORDER =
      List.of(
          RESOLVE_TARGET,
          CLAIM,
          RESOLVE_SOURCE,
          VERIFY_BACKUP,
          CREATE_DRILL_SERVER,
          RESTORE,
          START_DRILL_SERVER,
          BRING_UP_DATABASE,
          RUN_ASSERTIONS,
          CLEAN_UP_DRILL,
          FINISH);

  /** States of a step entry. */
  public static final String PENDING = "Pending";

  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  public static final String SKIPPED = "Skipped";

  private Steps() {}
}

package io.neo4jrestore.api;

/** Annotations this product reads or writes, and the ones of the Neo4j operator it honours. */
public final class Annotations {
  private static final String PREFIX = Labels.PREFIX;

  /** On a Neo4jRestore: any value asks the runner to stop at the next safe point and compensate. */
  public static final String CANCEL = PREFIX + "cancel";

  /**
   * On a Neo4jRestore: a new value (a token) asks for a new attempt of a failed generation.
   * Retrying is an explicit change, never a status reset.
   */
  public static final String RETRY = PREFIX + "retry";

  /**
   * On a Neo4jRestore: "true" makes it a plan (docs/plan.md). Its runner runs only the read-only
   * steps and the checks the restore would make before its first change, writes {@code
   * status.plan}, leaves the phase {@code Pending} and changes nothing; the dispatcher never starts
   * it. {@code create --from-plan} removes it to turn the plan into the restore.
   */
  public static final String PLAN_ONLY = PREFIX + "plan-only";

  /**
   * On a Neo4jRestore: the digest of the plan ({@code status.plan.digest}) the restore was reviewed
   * at ({@code create --from-plan}). Before its first change the runner computes the facts again;
   * when their digest differs the restore ends {@code Failed} / {@code PlanOutdated}.
   */
  public static final String FROM_PLAN = PREFIX + "from-plan";

  /** On a target: the restore (namespace/name/uid) currently holding it. Write-if-absent mirror. */
  public static final String UNDO_OWNER = PREFIX + "undo-owner";

  /** On a target: the replica count before this product scaled it down. Write-if-absent mirror. */
  public static final String UNDO_ORIGINAL_REPLICAS = PREFIX + "original-replicas";

  /**
   * On a target: the database this product stopped and must start again. Write-if-absent mirror.
   */
  public static final String UNDO_STOPPED_DATABASE = PREFIX + "stopped-database";

  /**
   * On a target: the data volumes (PVCs) of its StatefulSet recorded before the scale-down, as
   * {@code name=uid} pairs separated by commas. Write-if-absent mirror of {@code
   * status.undo.dataVolumes}.
   */
  public static final String UNDO_DATA_VOLUMES = PREFIX + "data-volumes";

  /**
   * On the CRD: marks it as installed by this product, so {@code install} never overwrites a CRD of
   * the same name that the Neo4j operator installed.
   */
  public static final String CRD_OWNER = PREFIX + "crd-owner";

  /** On a target: pauses the Neo4j operator's replica reconciliation (newer operators only). */
  public static final String OPERATOR_RESTORE_IN_PROGRESS = "neo4j.com/restore-in-progress";

  /** The Neo4j operator's own restore controller claims a Neo4jRestore with this finalizer. */
  public static final String OPERATOR_RESTORE_FINALIZER = "neo4j.com/restore-finalizer";

  private Annotations() {}
}

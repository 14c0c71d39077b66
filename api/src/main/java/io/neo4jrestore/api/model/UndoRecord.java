package io.neo4jrestore.api.model;

import java.util.List;

/**
 * Everything needed to put the target back, written before the mutating call it undoes, and
 * mirrored onto the target as write-if-absent annotations.
 *
 * @param originalReplicas the StatefulSet's replicas before scale-down (from the target's spec or
 *     the recorded annotation, never from a StatefulSet already at 0)
 * @param pauseAnnotationSet the operator's pause annotation was set by this restore
 * @param scaledDown the StatefulSet was scaled to 0 by this restore
 * @param databaseExisted the database existed before the restore
 * @param databaseStopped the database was stopped by this restore
 * @param storeMayBeIncomplete the restore Job started writing and did not finish
 * @param restoreJob the restore Job's name
 * @param jobs every Job this attempt created (verify, hooks, restore)
 * @param serviceAccount a ServiceAccount this attempt created (workload identity autoCreate)
 * @param compensation outcome of the compensating steps after a failure
 * @param dataVolumes the target's data volumes (PVC names and UIDs) before the scale-down, checked
 *     after the scale-up
 */
public record UndoRecord(
    Integer originalReplicas,
    Boolean pauseAnnotationSet,
    Boolean scaledDown,
    Boolean databaseExisted,
    Boolean databaseStopped,
    Boolean storeMayBeIncomplete,
    String restoreJob,
    List<String> jobs,
    String serviceAccount,
    String compensation,
    List<DataVolume> dataVolumes) {

  public UndoRecord withOriginalReplicas(Integer v) {
    return new UndoRecord(
        v,
        pauseAnnotationSet,
        scaledDown,
        databaseExisted,
        databaseStopped,
        storeMayBeIncomplete,
        restoreJob,
        jobs,
        serviceAccount,
        compensation,
        dataVolumes);
  }

  public UndoRecord withPauseAnnotationSet(Boolean v) {
    return new UndoRecord(
        originalReplicas,
        v,
        scaledDown,
        databaseExisted,
        databaseStopped,
        storeMayBeIncomplete,
        restoreJob,
        jobs,
        serviceAccount,
        compensation,
        dataVolumes);
  }

  public UndoRecord withScaledDown(Boolean v) {
    return new UndoRecord(
        originalReplicas,
        pauseAnnotationSet,
        v,
        databaseExisted,
        databaseStopped,
        storeMayBeIncomplete,
        restoreJob,
        jobs,
        serviceAccount,
        compensation,
        dataVolumes);
  }

  public UndoRecord withDatabaseExisted(Boolean v) {
    return new UndoRecord(
        originalReplicas,
        pauseAnnotationSet,
        scaledDown,
        v,
        databaseStopped,
        storeMayBeIncomplete,
        restoreJob,
        jobs,
        serviceAccount,
        compensation,
        dataVolumes);
  }

  public UndoRecord withDatabaseStopped(Boolean v) {
    return new UndoRecord(
        originalReplicas,
        pauseAnnotationSet,
        scaledDown,
        databaseExisted,
        v,
        storeMayBeIncomplete,
        restoreJob,
        jobs,
        serviceAccount,
        compensation,
        dataVolumes);
  }

  public UndoRecord withStoreMayBeIncomplete(Boolean v) {
    return new UndoRecord(
        originalReplicas,
        pauseAnnotationSet,
        scaledDown,
        databaseExisted,
        databaseStopped,
        v,
        restoreJob,
        jobs,
        serviceAccount,
        compensation,
        dataVolumes);
  }

  public UndoRecord withRestoreJob(String v) {
    return new UndoRecord(
        originalReplicas,
        pauseAnnotationSet,
        scaledDown,
        databaseExisted,
        databaseStopped,
        storeMayBeIncomplete,
        v,
        jobs,
        serviceAccount,
        compensation,
        dataVolumes);
  }

  public UndoRecord withServiceAccount(String v) {
    return new UndoRecord(
        originalReplicas,
        pauseAnnotationSet,
        scaledDown,
        databaseExisted,
        databaseStopped,
        storeMayBeIncomplete,
        restoreJob,
        jobs,
        v,
        compensation,
        dataVolumes);
  }

  public UndoRecord withCompensation(String v) {
    return new UndoRecord(
        originalReplicas,
        pauseAnnotationSet,
        scaledDown,
        databaseExisted,
        databaseStopped,
        storeMayBeIncomplete,
        restoreJob,
        jobs,
        serviceAccount,
        v,
        dataVolumes);
  }

  public UndoRecord withDataVolumes(List<DataVolume> v) {
    return new UndoRecord(
        originalReplicas,
        pauseAnnotationSet,
        scaledDown,
        databaseExisted,
        databaseStopped,
        storeMayBeIncomplete,
        restoreJob,
        jobs,
        serviceAccount,
        compensation,
        v == null ? null : List.copyOf(v));
  }

  public boolean is(Boolean flag) {
    return Boolean.TRUE.equals(flag);
  }
}

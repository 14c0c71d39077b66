package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.DataVolume;
import io.neo4jrestore.api.model.UndoRecord;
import io.neo4jrestore.runner.target.Target;
import io.neo4jrestore.runner.target.TargetWorkload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step 8 (offline only): refuse a scale-down that would delete the data volumes (read again here,
 * just before it), record replicas and the data volumes' UIDs, pause the operator, scale to 0,
 * check it stays at 0, wait for the pods to go. Every undo fact is written (status, and the
 * target's annotations if absent) before the call it undoes.
 */
final class StopClusterStep implements Step {
  @Override
  public String name() {
    return Steps.STOP_CLUSTER;
  }

  @Override
  public boolean applies(RunContext c) {
    return c.restore().spec().stopClusterOrDefault();
  }

  @Override
  public String skipReason(RunContext c) {
    return "online restore (spec.stopCluster is false)";
  }

  @Override
  public String execute(RunContext c) throws Exception {
    UndoRecord undo = c.status().undo();
    if (undo.originalReplicas() == null) {
      // read again just before the scale-down: the policy may have been set back since step 1
      refuseUnsafeScaleDown(c);
    }
    Target t = c.target();
    if (undo.originalReplicas() == null) {
      int replicas = originalReplicas(c, t);
      List<DataVolume> volumes = recordDataVolumes(c, t, replicas);
      c.status().undo(undo = undo.withOriginalReplicas(replicas).withDataVolumes(volumes));
      Map<String, String> mirror = new LinkedHashMap<>();
      Map<String, String> existing = c.cluster().targetAnnotations(t);
      if (!existing.containsKey(Annotations.UNDO_ORIGINAL_REPLICAS)) {
        mirror.put(Annotations.UNDO_ORIGINAL_REPLICAS, Integer.toString(replicas));
      }
      if (!volumes.isEmpty() && !existing.containsKey(Annotations.UNDO_DATA_VOLUMES)) {
        mirror.put(Annotations.UNDO_DATA_VOLUMES, DataVolumes.mirror(volumes));
      }
      if (!existing.containsKey(Annotations.UNDO_OWNER)) {
        mirror.put(
            Annotations.UNDO_OWNER,
            c.namespace() + "/" + c.name() + "/" + c.restore().metadata().uid());
      }
      if (undo.is(undo.databaseStopped())
          && !existing.containsKey(Annotations.UNDO_STOPPED_DATABASE)) {
        mirror.put(Annotations.UNDO_STOPPED_DATABASE, c.restore().spec().databaseName());
      }
      c.status().undo(undo = undo.withPauseAnnotationSet(true).withScaledDown(true));
      c.save();
      mirror.put(Annotations.OPERATOR_RESTORE_IN_PROGRESS, c.name());
      c.cluster().annotateTarget(t, mirror);
    }
    c.cluster().scale(t.namespace(), t.statefulSet(), 0);
    c.status()
        .condition(
            Conditions.CLUSTER_STOPPED,
            Conditions.TRUE,
            Reasons.SCALED_DOWN,
            "StatefulSet " + t.statefulSet() + " scaled from " + undo.originalReplicas() + " to 0",
            c.generation(),
            c.now());
    c.save();
    c.event(
        "Normal",
        "ScaledDown",
        "scaled StatefulSet " + t.statefulSet() + " to 0 (was " + undo.originalReplicas() + ")");
    c.waitFor(
        "the pods of StatefulSet " + t.statefulSet() + " to terminate",
        c.bounds().scaleDown(),
        () -> c.cluster().pods(t.namespace(), podSelector(c, t)).isEmpty(),
        Reasons.DEADLINE_EXCEEDED);
    // an operator without the pause annotation re-asserts replicas: it must stay at 0
    Instant until = c.now().plus(c.settings().stayDown());
    c.waitFor(
        "the StatefulSet to stay at 0",
        c.settings().stayDown().plusSeconds(5),
        () -> {
          V1StatefulSet sts = c.cluster().statefulSet(t.namespace(), t.statefulSet()).orElseThrow();
          Integer replicas = sts.getSpec().getReplicas();
          if (replicas != null && replicas > 0) {
            throw new RestoreFailure(
                Reasons.JOB_FAILED,
                "StatefulSet "
                    + t.statefulSet()
                    + " was scaled back to "
                    + replicas
                    + " by someone else (an operator without the "
                    + Annotations.OPERATOR_RESTORE_IN_PROGRESS
                    + " pause annotation?); an offline restore is not possible: use spec.stopCluster: false or upgrade the operator");
          }
          return !c.now().isBefore(until);
        },
        Reasons.DEADLINE_EXCEEDED);
    return "scaled " + t.statefulSet() + " from " + undo.originalReplicas() + " to 0";
  }

  /**
   * The StatefulSet as it is now, refused ({@code UnsafeScaleDown}) when its scale-down would
   * delete its data volumes; the target with what it read.
   */
  private static void refuseUnsafeScaleDown(RunContext c) throws Exception {
    Target t = c.target();
    V1StatefulSet sts = c.cluster().statefulSet(t.namespace(), t.statefulSet()).orElseThrow();
    t = t.withWorkload(TargetWorkload.of(sts));
    c.target(t);
    Optional<RestoreFailure> refused = ScaleDownGuard.refusal(t, c.name());
    if (refused.isPresent()) {
      throw refused.get();
    }
  }

  /**
   * The name and UID of every claim the StatefulSet's pods have (its claim templates, the first
   * {@code replicas} ordinals), to be compared after the scale-up. A claim that is missing or being
   * deleted already is refused before anything is scaled: its identity cannot be vouched for.
   */
  private static List<DataVolume> recordDataVolumes(RunContext c, Target t, int replicas)
      throws Exception {
    List<V1PersistentVolumeClaim> claims = new ArrayList<>();
    for (String name : t.workload().claimNames(t.statefulSet(), replicas)) {
      Optional<V1PersistentVolumeClaim> claim = c.cluster().pvc(t.namespace(), name);
      if (claim.isEmpty() || claim.get().getMetadata().getDeletionTimestamp() != null) {
        throw new RestoreFailure(
            Reasons.UNSAFE_SCALE_DOWN,
            "PVC "
                + t.namespace()
                + "/"
                + name
                + " of StatefulSet "
                + t.statefulSet()
                + (claim.isEmpty() ? " does not exist" : " is being deleted")
                + " before the scale-down, so the restore could not tell afterwards whether the"
                + " servers came back on their own data; nothing was scaled. Check the"
                + " StatefulSet's volumes (kubectl -n "
                + t.namespace()
                + " get pvc), then retry");
      }
      claims.add(claim.get());
    }
    return DataVolumes.of(claims);
  }

  /** From the target's spec or the recorded annotation, never from a StatefulSet already at 0. */
  static int originalReplicas(RunContext c, Target t) throws Exception {
    String recorded = c.cluster().targetAnnotations(t).get(Annotations.UNDO_ORIGINAL_REPLICAS);
    if (recorded != null) {
      return Integer.parseInt(recorded);
    }
    return t.servers();
  }

  static String podSelector(RunContext c, Target t) throws Exception {
    V1StatefulSet sts = c.cluster().statefulSet(t.namespace(), t.statefulSet()).orElseThrow();
    Map<String, String> labels = sts.getSpec().getSelector().getMatchLabels();
    StringBuilder sb = new StringBuilder();
    labels.forEach(
        (k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return sb.toString();
  }
}

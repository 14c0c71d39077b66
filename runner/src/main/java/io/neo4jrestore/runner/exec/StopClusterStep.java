package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.DataVolume;
import io.neo4jrestore.api.model.UndoRecord;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.kube.Watched;
import io.neo4jrestore.runner.kube.Watches;
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

  /** Its undo data is written before it scales; a resumed run has it already: announced then. */
  @Override
  public boolean announce(RunContext c) {
    return c.status().undo().originalReplicas() != null;
  }

  @Override
  public String execute(RunContext c) throws Exception {
    try (Watches watches = c.watches()) {
      Target target = c.target();
      // listed now, and followed from here on: the read just before the scale-down (the policy may
      // have been set back since step 1), then what the waits look at
      Watched<V1StatefulSet> sts = watches.statefulSet(target.namespace(), target.statefulSet());
      if (c.status().undo().originalReplicas() == null) {
        refuseUnsafeScaleDown(c, sts.only().orElseThrow());
        recordAndPause(c, c.target());
      }
      Target t = c.target();
      int original = c.status().undo().originalReplicas();
      c.cluster().scale(t.namespace(), t.statefulSet(), 0);
      Watched<V1Pod> pods = watches.pods(t.namespace(), podSelector(sts.only().orElseThrow()));
      c.waitFor(
          "the pods of StatefulSet " + t.statefulSet() + " to terminate",
          c.bounds().scaleDown(),
          watches,
          () -> pods.items().isEmpty(),
          Reasons.DEADLINE_EXCEEDED);
      // written with the next write (the restore Job's name, before the Job is created)
      c.status()
          .condition(
              Conditions.CLUSTER_STOPPED,
              Conditions.TRUE,
              Reasons.SCALED_DOWN,
              "StatefulSet " + t.statefulSet() + " scaled from " + original + " to 0",
              c.generation(),
              c.now());
      c.event(
          "Normal",
          "ScaledDown",
          "scaled StatefulSet "
              + t.statefulSet()
              + " to 0 (was "
              + original
              + "); its pods are gone");
      // an operator without the pause annotation re-asserts replicas: it must stay at 0. The watch
      // began before the scale-down: it must have shown 0 before anything else counts
      Instant until = c.now().plus(c.settings().stayDown());
      boolean[] seenAtZero = {false};
      c.waitFor(
          "the StatefulSet to stay at 0",
          c.settings().stayDown().plusSeconds(5),
          watches,
          () -> {
            Integer replicas = sts.only().orElseThrow().getSpec().getReplicas();
            if (replicas != null && replicas == 0) {
              seenAtZero[0] = true;
            } else if (seenAtZero[0]) {
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
            return seenAtZero[0] && !c.now().isBefore(until);
          },
          Reasons.DEADLINE_EXCEEDED);
      return "scaled " + t.statefulSet() + " from " + original + " to 0";
    }
  }

  /**
   * Records the replicas and the data volumes (status, and the target's annotations where absent),
   * written before the target is paused and scaled.
   */
  private static void recordAndPause(RunContext c, Target t) throws Exception {
    UndoRecord undo = c.status().undo();
    Map<String, String> existing = c.cluster().annotations(t.path());
    int replicas = originalReplicas(existing, t);
    List<DataVolume> volumes = recordDataVolumes(c, t, replicas);
    c.status().undo(undo = undo.withOriginalReplicas(replicas).withDataVolumes(volumes));
    Map<String, String> mirror = new LinkedHashMap<>();
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
    c.status().undo(undo.withPauseAnnotationSet(true).withScaledDown(true));
    c.save();
    mirror.put(Annotations.OPERATOR_RESTORE_IN_PROGRESS, c.name());
    c.cluster().annotate(t.path(), mirror);
  }

  /**
   * The StatefulSet as it is now, refused ({@code UnsafeScaleDown}) when its scale-down would
   * delete its data volumes; the target with what it read.
   */
  private static void refuseUnsafeScaleDown(RunContext c, V1StatefulSet sts) throws Exception {
    Target t = c.target().withWorkload(TargetWorkload.of(sts));
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
    List<String> names = t.workload().claimNames(t.statefulSet(), replicas);
    Map<String, V1PersistentVolumeClaim> existing = c.cluster().pvcs(t.namespace(), names);
    for (String name : names) {
      Optional<V1PersistentVolumeClaim> claim = Optional.ofNullable(existing.get(name));
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
    return originalReplicas(c.cluster().annotations(t.path()), t);
  }

  private static int originalReplicas(Map<String, String> annotations, Target t) {
    String recorded = annotations.get(Annotations.UNDO_ORIGINAL_REPLICAS);
    if (recorded != null) {
      return Integer.parseInt(recorded);
    }
    return t.servers();
  }

  static String podSelector(V1StatefulSet sts) {
    Map<String, String> labels = sts.getSpec().getSelector().getMatchLabels();
    StringBuilder sb = new StringBuilder();
    labels.forEach(
        (k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return sb.toString();
  }
}

package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.UndoRecord;
import io.neo4jrestore.runner.kube.Watched;
import io.neo4jrestore.runner.kube.Watches;
import io.neo4jrestore.runner.target.Target;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Step 8 (offline only): record replicas, pause the operator, scale to 0, check it stays at 0, wait
 * for the pods to go. Every undo fact is written (status, and the target's annotations if absent)
 * before the call it undoes.
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
    Target t = c.target();
    UndoRecord undo = c.status().undo();
    if (undo.originalReplicas() == null) {
      Map<String, String> existing = c.cluster().targetAnnotations(t);
      int replicas = originalReplicas(existing, t);
      c.status().undo(undo = undo.withOriginalReplicas(replicas));
      Map<String, String> mirror = new LinkedHashMap<>();
      if (!existing.containsKey(Annotations.UNDO_ORIGINAL_REPLICAS)) {
        mirror.put(Annotations.UNDO_ORIGINAL_REPLICAS, Integer.toString(replicas));
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
    try (Watches watches = c.watches()) {
      Watched<V1StatefulSet> sts = watches.statefulSet(t.namespace(), t.statefulSet());
      Watched<V1Pod> pods = watches.pods(t.namespace(), podSelector(sts.only().orElseThrow()));
      c.waitFor(
          "the pods of StatefulSet " + t.statefulSet() + " to terminate",
          c.settings().scaleDown(),
          watches,
          () -> pods.items().isEmpty(),
          Reasons.DEADLINE_EXCEEDED);
      // written with the next write (the restore Job's name, before the Job is created)
      c.status()
          .condition(
              Conditions.CLUSTER_STOPPED,
              Conditions.TRUE,
              Reasons.SCALED_DOWN,
              "StatefulSet "
                  + t.statefulSet()
                  + " scaled from "
                  + undo.originalReplicas()
                  + " to 0",
              c.generation(),
              c.now());
      c.event(
          "Normal",
          "ScaledDown",
          "scaled StatefulSet "
              + t.statefulSet()
              + " to 0 (was "
              + undo.originalReplicas()
              + "); its pods are gone");
      // an operator without the pause annotation re-asserts replicas: it must stay at 0
      Instant until = c.now().plus(c.settings().stayDown());
      c.waitFor(
          "the StatefulSet to stay at 0",
          c.settings().stayDown().plusSeconds(5),
          watches,
          () -> {
            Integer replicas = sts.only().orElseThrow().getSpec().getReplicas();
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
    }
    return "scaled " + t.statefulSet() + " from " + undo.originalReplicas() + " to 0";
  }

  /** From the target's spec or the recorded annotation, never from a StatefulSet already at 0. */
  static int originalReplicas(RunContext c, Target t) throws Exception {
    return originalReplicas(c.cluster().targetAnnotations(t), t);
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

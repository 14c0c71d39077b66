package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.UndoRecord;
import io.neo4jrestore.runner.kube.Watched;
import io.neo4jrestore.runner.kube.Watches;
import io.neo4jrestore.runner.target.Target;
import java.util.HashMap;
import java.util.Map;

/**
 * Step 10, and the first compensating action on every failure path after step 8: scale back to the
 * recorded replicas, wait until they are Ready, lift the operator's pause. A restore never leaves a
 * target scaled down.
 */
final class StartClusterStep implements Step {
  @Override
  public String name() {
    return Steps.START_CLUSTER;
  }

  @Override
  public boolean applies(RunContext c) {
    UndoRecord undo = c.status().undo();
    return undo.is(undo.scaledDown()) || undo.is(undo.pauseAnnotationSet());
  }

  @Override
  public String skipReason(RunContext c) {
    return "the target was not scaled down";
  }

  @Override
  public String execute(RunContext c) throws Exception {
    Target t = c.target();
    UndoRecord undo = c.status().undo();
    int replicas =
        undo.originalReplicas() != null
            ? undo.originalReplicas()
            : StopClusterStep.originalReplicas(c, t);
    if (undo.is(undo.scaledDown())) {
      c.cluster().scale(t.namespace(), t.statefulSet(), replicas);
      c.event(
          "Normal", "ScaledUp", "scaled StatefulSet " + t.statefulSet() + " back to " + replicas);
      try (Watches watches = c.watches()) {
        Watched<V1StatefulSet> watched = watches.statefulSet(t.namespace(), t.statefulSet());
        c.waitFor(
            replicas + " ready replicas of StatefulSet " + t.statefulSet(),
            c.settings().scaleUp(),
            watches,
            () -> {
              V1StatefulSet sts = watched.only().orElseThrow();
              Integer ready = sts.getStatus() == null ? null : sts.getStatus().getReadyReplicas();
              return ready != null && ready >= replicas;
            },
            Reasons.DEADLINE_EXCEEDED);
      }
      c.status().undo(undo = undo.withScaledDown(false));
    }
    Map<String, String> remove = new HashMap<>();
    remove.put(Annotations.OPERATOR_RESTORE_IN_PROGRESS, null);
    remove.put(Annotations.UNDO_ORIGINAL_REPLICAS, null);
    remove.put(Annotations.UNDO_OWNER, null);
    c.cluster().annotateTarget(t, remove);
    c.status().undo(undo.withPauseAnnotationSet(false));
    c.status()
        .condition(
            Conditions.CLUSTER_STOPPED,
            Conditions.FALSE,
            Reasons.SCALED_UP,
            "StatefulSet " + t.statefulSet() + " is back at " + replicas + " ready replicas",
            c.generation(),
            c.now());
    // written with the next step's write (or the final one)
    return t.statefulSet() + " back at " + replicas + " ready replicas";
  }
}

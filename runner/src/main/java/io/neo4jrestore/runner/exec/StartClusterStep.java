package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 10, and the first compensating action on every failure path after step 8: scale back to the
 * recorded replicas, wait until they are Ready, check that they came back on the very data volumes
 * recorded before the scale-down, lift the operator's pause. A restore never leaves a target scaled
 * down, and never brings a database up on a replaced volume: a changed volume fails the step with
 * {@code DataVolumeReplaced} ({@code DataVolumesIntact=False}), after the target is back up.
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
    List<DataVolume> recorded = recordedVolumes(c, t);
    if (undo.is(undo.scaledDown())) {
      c.cluster().scale(t.namespace(), t.statefulSet(), replicas);
      c.event(
          "Normal", "ScaledUp", "scaled StatefulSet " + t.statefulSet() + " back to " + replicas);
      try (Watches watches = c.watches()) {
        Watched<V1StatefulSet> watched = watches.statefulSet(t.namespace(), t.statefulSet());
        c.waitFor(
            replicas + " ready replicas of StatefulSet " + t.statefulSet(),
            c.bounds().scaleUp(),
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
    List<String> changes = changes(c, t, recorded);
    if (!changes.isEmpty()) {
      // written first: whatever happens next, nothing brings the database up on these volumes
      c.status()
          .condition(
              Conditions.DATA_VOLUMES_INTACT,
              Conditions.FALSE,
              Reasons.DATA_VOLUME_REPLACED,
              String.join("; ", changes),
              c.generation(),
              c.now());
      c.save();
    } else if (!recorded.isEmpty()) {
      c.status()
          .condition(
              Conditions.DATA_VOLUMES_INTACT,
              Conditions.TRUE,
              Reasons.DATA_VOLUMES_UNCHANGED,
              recorded.size()
                  + " data volume(s) of "
                  + t.statefulSet()
                  + " are the same claims, Bound",
              c.generation(),
              c.now());
    }
    Map<String, String> remove = new HashMap<>();
    remove.put(Annotations.OPERATOR_RESTORE_IN_PROGRESS, null);
    remove.put(Annotations.UNDO_ORIGINAL_REPLICAS, null);
    remove.put(Annotations.UNDO_OWNER, null);
    remove.put(Annotations.UNDO_DATA_VOLUMES, null);
    c.cluster().annotate(t.path(), remove);
    c.status().undo(undo.withPauseAnnotationSet(false));
    c.status()
        .condition(
            Conditions.CLUSTER_STOPPED,
            Conditions.FALSE,
            Reasons.SCALED_UP,
            "StatefulSet " + t.statefulSet() + " is back at " + replicas + " ready replicas",
            c.generation(),
            c.now());
    // written with the next step's write (or the final one; on a refusal, with Failed)
    if (!changes.isEmpty()) {
      String message = replacedMessage(c, t, replicas, changes);
      c.event("Warning", Reasons.DATA_VOLUME_REPLACED, message);
      throw new RestoreFailure(Reasons.DATA_VOLUME_REPLACED, message);
    }
    return t.statefulSet()
        + " back at "
        + replicas
        + " ready replicas"
        + (recorded.isEmpty() ? "" : " on the same " + recorded.size() + " data volume(s)");
  }

  /** The volumes recorded before the scale-down: status, else the target's mirror annotation. */
  private static List<DataVolume> recordedVolumes(RunContext c, Target t) throws Exception {
    List<DataVolume> recorded = c.status().undo().dataVolumes();
    if (recorded != null && !recorded.isEmpty()) {
      return recorded;
    }
    return DataVolumes.parseMirror(
        c.cluster().annotations(t.path()).get(Annotations.UNDO_DATA_VOLUMES));
  }

  private static List<String> changes(RunContext c, Target t, List<DataVolume> recorded)
      throws Exception {
    if (recorded.isEmpty()) {
      return List.of();
    }
    Map<String, V1PersistentVolumeClaim> now =
        c.cluster().pvcs(t.namespace(), recorded.stream().map(DataVolume::name).toList());
    return DataVolumes.changes(t.namespace(), recorded, now);
  }

  /** What changed, that the database was not brought up on it, and what to do next. */
  private static String replacedMessage(
      RunContext c, Target t, int replicas, List<String> changes) {
    String ns = t.namespace();
    return "the data volumes of StatefulSet "
        + ns
        + "/"
        + t.statefulSet()
        + " changed while it was scaled down: "
        + String.join("; ", changes)
        + ". Database "
        + c.restore().spec().databaseName()
        + " is NOT brought up on them. The StatefulSet is back at "
        + replicas
        + " replicas on these volumes; what was on the old ones is gone unless their"
        + " PersistentVolumes were retained (kubectl get pv: a Released volume with reclaim"
        + " policy Retain can be bound again). Find out what deleted them (kubectl -n "
        + ns
        + " get events; the StatefulSet's persistentVolumeClaimRetentionPolicy), check the"
        + " servers (SHOW SERVERS: a server whose volume is new starts with an empty system"
        + " database), then restore again: "
        + c.retryCommand();
  }
}

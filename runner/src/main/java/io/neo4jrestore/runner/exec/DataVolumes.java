package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.neo4jrestore.api.model.DataVolume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The identity of the target's data volumes across an offline restore (pure): the claims recorded
 * before the scale-down must be the very same claims (same UID), Bound, after the scale-up. A claim
 * deleted and created again under its name is a new, empty volume, and a database must never be
 * brought up on one silently.
 */
final class DataVolumes {
  private DataVolumes() {}

  /** The recorded claims as they are now. */
  static List<DataVolume> of(List<V1PersistentVolumeClaim> claims) {
    List<DataVolume> volumes = new ArrayList<>();
    for (V1PersistentVolumeClaim c : claims) {
      volumes.add(
          new DataVolume(
              c.getMetadata().getName(),
              c.getMetadata().getUid(),
              c.getSpec() == null ? null : c.getSpec().getVolumeName()));
    }
    return volumes;
  }

  /**
   * What changed, one sentence per claim, in the recorded order; empty when every recorded claim is
   * the same claim and Bound. {@code now} holds the claims that exist, by name.
   */
  static List<String> changes(
      String namespace, List<DataVolume> recorded, Map<String, V1PersistentVolumeClaim> now) {
    List<String> changes = new ArrayList<>();
    for (DataVolume was : recorded) {
      String pvc = "PVC " + namespace + "/" + was.name();
      V1PersistentVolumeClaim is = now.get(was.name());
      if (is == null) {
        changes.add(
            pvc + " is gone (it was UID " + was.uid() + ", " + volume(was.volumeName()) + ")");
      } else if (!was.uid().equals(is.getMetadata().getUid())) {
        changes.add(
            pvc
                + " was replaced: UID "
                + was.uid()
                + " ("
                + volume(was.volumeName())
                + ") before the scale-down, UID "
                + is.getMetadata().getUid()
                + " ("
                + volume(is.getSpec() == null ? null : is.getSpec().getVolumeName())
                + ") now, a new volume");
      } else if (is.getMetadata().getDeletionTimestamp() != null) {
        changes.add(pvc + " is being deleted");
      } else {
        String phase = is.getStatus() == null ? null : is.getStatus().getPhase();
        if (!"Bound".equals(phase)) {
          changes.add(pvc + " is " + (phase == null ? "in no phase" : phase) + ", not Bound");
        }
      }
    }
    return changes;
  }

  private static String volume(String name) {
    return "volume " + (name == null ? "not bound yet" : name);
  }

  /** The write-if-absent annotation mirror: {@code name=uid} pairs, comma-separated. */
  static String mirror(List<DataVolume> volumes) {
    List<String> pairs = new ArrayList<>();
    volumes.forEach(v -> pairs.add(v.name() + "=" + v.uid()));
    return String.join(",", pairs);
  }

  /** The mirror read back (volume names unknown); empty when absent or unreadable. */
  static List<DataVolume> parseMirror(String mirror) {
    if (mirror == null || mirror.isBlank()) {
      return List.of();
    }
    List<DataVolume> volumes = new ArrayList<>();
    for (String pair : mirror.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        return List.of();
      }
      volumes.add(
          new DataVolume(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim(), null));
    }
    return volumes;
  }
}

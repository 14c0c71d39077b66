package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.target.Target;
import java.util.Optional;

/**
 * An offline restore scales the target's StatefulSet to 0. With {@code
 * persistentVolumeClaimRetentionPolicy.whenScaled: Delete} the StatefulSet controller then deletes
 * the claims of every removed pod (Kubernetes 1.32+, unconditionally from 1.35): every data volume,
 * {@code system} included, and the scale-up afterwards gets new, empty ones. Such a restore is
 * refused before anything changes (pure: the policy was read with the target).
 */
final class ScaleDownGuard {
  private ScaleDownGuard() {}

  /** The refusal of an offline restore into {@code t}, or empty when scaling it down is safe. */
  static Optional<RestoreFailure> refusal(Target t, String restore) {
    if (!t.workload().deletesClaimsWhenScaled()) {
      return Optional.empty();
    }
    String ns = t.namespace();
    String sts = t.statefulSet();
    return Optional.of(
        new RestoreFailure(
            Reasons.UNSAFE_SCALE_DOWN,
            "StatefulSet "
                + ns
                + "/"
                + sts
                + " has spec.persistentVolumeClaimRetentionPolicy.whenScaled: "
                + t.workload().whenScaled()
                + ": scaling it to 0 for an offline restore (spec.stopCluster: true) would make"
                + " Kubernetes delete its data volumes ("
                + String.join(", ", t.workload().claimNames(sts, t.servers()))
                + "), the system database included; nothing was changed. Restore online"
                + " instead (spec.stopCluster: false: kubectl -n "
                + ns
                + " patch neo4jrestore "
                + restore
                + " --type=merge -p '{\"spec\":{\"stopCluster\":false}}'), or change the policy"
                + " yourself: kubectl -n "
                + ns
                + " patch statefulset "
                + sts
                + " --type=merge -p"
                + " '{\"spec\":{\"persistentVolumeClaimRetentionPolicy\":{\"whenScaled\":\"Retain\"}}}'"
                + " and retry: "
                + RunContext.retryCommand(restore, ns)
                + ". An operator that owns the StatefulSet may set the"
                + " policy back (the Neo4j operator re-applies whenScaled: Delete to its cluster"
                + " StatefulSet on every reconcile); then only the online restore is safe."));
  }
}

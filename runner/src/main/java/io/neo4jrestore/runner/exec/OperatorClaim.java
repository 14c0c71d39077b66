package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1Job;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.runner.common.RestoreFailure;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Neo4j operator runs its own restore controller for a CRD of the same name: it adds the
 * finalizer {@code neo4j.com/restore-finalizer} to a {@code Neo4jRestore} and creates a Job {@code
 * <restore>-restore} for it (both operator lines, docs/compat.md). If it has claimed this resource,
 * two restores would write the same database; the runner refuses instead. Checked before the first
 * step and again right before the restore Job is created.
 */
final class OperatorClaim {
  private OperatorClaim() {}

  static void check(RunContext c) throws Exception {
    List<String> finalizers = c.restore().metadata().finalizers();
    if (finalizers != null && finalizers.contains(Annotations.OPERATOR_RESTORE_FINALIZER)) {
      throw new RestoreFailure(
          Reasons.CLAIMED_BY_OPERATOR,
          "the resource carries the Neo4j operator's finalizer "
              + Annotations.OPERATOR_RESTORE_FINALIZER
              + ": its own restore controller handles it; neo4j-restore leaves it alone. To"
              + " restore with neo4j-restore, stop the operator's restore controller (or remove"
              + " this CRD from its watch), delete this resource and create it again");
    }
    String operatorJob = c.name() + "-restore";
    Optional<V1Job> job = c.cluster().job(c.namespace(), operatorJob);
    if (job.isEmpty()) {
      return;
    }
    Map<String, String> labels = job.get().getMetadata().getLabels();
    if (labels == null || !Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY))) {
      throw new RestoreFailure(
          Reasons.CLAIMED_BY_OPERATOR,
          "Job "
              + c.namespace()
              + "/"
              + operatorJob
              + " exists and was not created by neo4j-restore: the Neo4j operator's restore"
              + " controller is restoring this resource. neo4j-restore changed nothing; let the"
              + " operator's restore finish (kubectl -n "
              + c.namespace()
              + " logs job/"
              + operatorJob
              + "), or stop its restore controller, delete the Job and retry");
    }
  }
}

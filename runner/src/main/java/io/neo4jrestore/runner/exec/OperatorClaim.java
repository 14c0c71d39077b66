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
 * two restores would write the same database; the runner refuses instead. Both are checked before
 * the first step. Right before the restore Job is created only the finalizer is checked again, on
 * the resource as the status write just before it returned: the operator's reconcile adds its
 * finalizer (and requeues) before it does anything else, so its Job cannot exist without it
 * (docs/compat.md, section 4), and the second Job read would cost a request per restore for
 * nothing.
 */
final class OperatorClaim {
  private OperatorClaim() {}

  /** Before the first step: the finalizer and the operator's Job. */
  static void check(RunContext c) throws Exception {
    checkFinalizer(c);
    checkJob(c);
  }

  /** Right before the restore Job: {@code c.restore()} is as fresh as the last status write. */
  static void checkFinalizer(RunContext c) {
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
  }

  private static void checkJob(RunContext c) throws Exception {
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

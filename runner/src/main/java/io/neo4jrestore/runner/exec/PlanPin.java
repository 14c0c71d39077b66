package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.model.RestorePlan;
import io.neo4jrestore.runner.common.RestoreFailure;
import java.util.List;
import java.util.Map;

/**
 * A restore pinned to the plan it was reviewed at ({@link Annotations#FROM_PLAN}, set by {@code
 * create --from-plan}) runs only while the world is as planned: after the source is pinned and
 * before the first step that can change anything (the verification Job, the hooks, the database,
 * the StatefulSet), the facts are computed again and compared with {@code status.plan}; any
 * difference ends the restore {@code Failed} / {@code PlanOutdated}, naming each change.
 */
final class PlanPin {
  private PlanPin() {}

  static void check(RunContext c) throws Exception {
    String reviewed = c.restore().metadata().annotation(Annotations.FROM_PLAN);
    if (reviewed == null) {
      return;
    }
    RestorePlan plan = c.status().plan();
    String again =
        "; nothing on the target was changed. Plan again (kubectl neo4j-restore plan -f ...),"
            + " review it, and create the restore from the new plan";
    if (plan == null || plan.facts() == null) {
      throw new RestoreFailure(
          Reasons.PLAN_OUTDATED,
          "pinned to plan "
              + reviewed
              + " ("
              + Annotations.FROM_PLAN
              + ") but status.plan holds no plan"
              + again);
    }
    if (!reviewed.equals(plan.digest())) {
      throw new RestoreFailure(
          Reasons.PLAN_OUTDATED,
          "pinned to plan "
              + reviewed
              + " but status.plan is plan "
              + plan.digest()
              + ": the plan was made again after the review"
              + again);
    }
    Integer replicas =
        c.cluster()
            .statefulSet(c.namespace(), c.target().statefulSet())
            .map(s -> s.getSpec() == null ? null : s.getSpec().getReplicas())
            .orElse(null);
    Map<String, String> now =
        PlanFacts.of(c.generation(), c.target(), replicas, c.status().resolvedSource());
    List<String> changed =
        PlanFacts.changes(plan.facts(), PlanFacts.knownAtPlan(plan.facts(), now));
    if (!changed.isEmpty()) {
      throw new RestoreFailure(
          Reasons.PLAN_OUTDATED,
          "the world changed since plan "
              + reviewed
              + " (made "
              + plan.plannedAt()
              + "): "
              + String.join("; ", changed)
              + again);
    }
  }
}

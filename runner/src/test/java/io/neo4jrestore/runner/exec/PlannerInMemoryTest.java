package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.model.RestorePlan;
import org.junit.jupiter.api.Test;

/** The planner in memory, for what {@code PlanIT} does not cover: the plan of a drill. */
class PlannerInMemoryTest extends InMemorySteps {
  @Test
  void a_drill_is_not_planned_and_nothing_is_read_or_changed() throws Exception {
    RunContext c = context(restore(S3, "force: true", "drill: {assertions: [\"RETURN true\"]}"));
    Since since = since();

    RestorePlan plan = new Planner(System.out).build(c);

    assertFalse(plan.wouldStart());
    assertEquals(Reasons.INVALID_SPEC, plan.refusals().get(0).reason());
    assertTrue(plan.refusals().get(0).message().contains("spec.drill"), plan.toString());
    changesNothing(since.calls()).never("statefulSet ");
  }
}

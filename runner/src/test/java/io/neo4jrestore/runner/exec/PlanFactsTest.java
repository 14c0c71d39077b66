package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PlanFactsTest {
  private static Map<String, String> facts(String replicas, String image) {
    Map<String, String> f = new TreeMap<>();
    f.put("spec.generation", "1");
    f.put("statefulSet.replicas", replicas);
    f.put("target.image", image);
    return f;
  }

  @Test
  void the_digest_depends_on_every_fact_and_not_on_their_order() {
    String d = PlanFacts.digest(facts("3", "neo4j:2025.04.0-enterprise"));
    assertEquals(
        d, PlanFacts.digest(new java.util.HashMap<>(facts("3", "neo4j:2025.04.0-enterprise"))));
    assertNotEquals(d, PlanFacts.digest(facts("2", "neo4j:2025.04.0-enterprise")));
    assertNotEquals(d, PlanFacts.digest(facts("3", "neo4j:2025.05.0-enterprise")));
    assertEquals(64, d.length());
  }

  @Test
  void changes_name_each_fact_with_its_planned_and_current_value() {
    Map<String, String> now = facts("2", "neo4j:2025.05.0-enterprise");
    now.put("source.restoreUntil", "2025-01-20 02:30:00");
    assertEquals(
        List.of(
            "source.restoreUntil: (none) at the plan, 2025-01-20 02:30:00 now",
            "statefulSet.replicas: 3 at the plan, 2 now",
            "target.image: neo4j:2025.04.0-enterprise at the plan, neo4j:2025.05.0-enterprise now"),
        PlanFacts.changes(facts("3", "neo4j:2025.04.0-enterprise"), now));
    assertEquals(List.of(), PlanFacts.changes(now, new TreeMap<>(now)));
  }

  @Test
  void a_source_the_plan_could_not_resolve_is_not_compared_but_a_resolved_one_is() {
    Map<String, String> unresolved = facts("3", "neo4j:2025.04.0-enterprise");
    Map<String, String> now = facts("3", "neo4j:2025.04.0-enterprise");
    now.put("source.location", "s3://b/chain");
    assertEquals(List.of(), PlanFacts.changes(unresolved, PlanFacts.knownAtPlan(unresolved, now)));

    Map<String, String> resolved = new TreeMap<>(unresolved);
    resolved.put("source.location", "s3://b/other");
    assertEquals(
        List.of("source.location: s3://b/other at the plan, s3://b/chain now"),
        PlanFacts.changes(resolved, PlanFacts.knownAtPlan(resolved, now)));
  }
}

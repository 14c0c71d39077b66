package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.json.ApiMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunnerRoleTest {
  private static JsonNode review(String rulesJson) throws Exception {
    return ApiMapper.json().readTree("{\"resourceRules\":" + rulesJson + "}");
  }

  @Test
  void the_shipped_role_grants_what_a_restore_calls() {
    List<RunnerRole.Grant> grants = RunnerRole.shipped();
    assertTrue(
        grants.contains(new RunnerRole.Grant("apps", "statefulsets/scale", "patch")),
        grants.toString());
    assertTrue(grants.contains(new RunnerRole.Grant("batch", "jobs", "create")), grants.toString());
    assertTrue(
        grants.contains(new RunnerRole.Grant("coordination.k8s.io", "leases", "update")),
        grants.toString());
  }

  @Test
  void a_plan_does_not_ask_a_restore_for_the_drill_finalizer_which_only_a_drill_elsewhere_needs() {
    assertTrue(RunnerRole.shipped().contains(RunnerRole.DRILL_FINALIZER));
    assertTrue(!RunnerRole.forRestores().contains(RunnerRole.DRILL_FINALIZER));
    assertEquals(RunnerRole.shipped().size() - 1, RunnerRole.forRestores().size());
  }

  @Test
  void the_drill_role_is_read_from_its_own_manifest() {
    List<RunnerRole.Grant> grants =
        RunnerRole.shipped(DrillNamespace.RESOURCE, DrillNamespace.ROLE);
    assertTrue(grants.contains(new RunnerRole.Grant("", "secrets", "create")), grants.toString());
    assertTrue(
        grants.contains(new RunnerRole.Grant("apps", "statefulsets", "delete")), grants.toString());
    assertTrue(!grants.contains(new RunnerRole.Grant("", "pods/log", "get")), grants.toString());
  }

  @Test
  void a_wildcard_rule_covers_every_grant() throws Exception {
    assertEquals(
        List.of(),
        RunnerRole.missing(
            RunnerRole.shipped(),
            review("[{\"verbs\":[\"*\"],\"apiGroups\":[\"*\"],\"resources\":[\"*\"]}]")));
  }

  @Test
  void what_the_rules_do_not_cover_is_missing_and_resource_names_cover_nothing() throws Exception {
    List<RunnerRole.Grant> needed =
        List.of(
            new RunnerRole.Grant("apps", "statefulsets/scale", "patch"),
            new RunnerRole.Grant("batch", "jobs", "create"),
            new RunnerRole.Grant("", "secrets", "get"));
    JsonNode rules =
        review(
            "[{\"verbs\":[\"patch\"],\"apiGroups\":[\"apps\"],\"resources\":[\"statefulsets/*\"]},"
                + "{\"verbs\":[\"get\"],\"apiGroups\":[\"\"],\"resources\":[\"secrets\"],"
                + "\"resourceNames\":[\"one\"]}]");
    assertEquals(
        List.of(
            new RunnerRole.Grant("batch", "jobs", "create"),
            new RunnerRole.Grant("", "secrets", "get")),
        RunnerRole.missing(needed, rules));
    assertEquals("create batch/jobs", needed.get(1).toString());
    assertEquals("get secrets", needed.get(2).toString());
  }
}

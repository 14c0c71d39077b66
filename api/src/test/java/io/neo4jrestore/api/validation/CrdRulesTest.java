package io.neo4jrestore.api.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.TestResources;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ties the CRD's CEL rules to the Java validator through the invalid corpus. */
class CrdRulesTest {

  private static void collectRules(JsonNode node, List<JsonNode> out) {
    if (node.isObject()) {
      node.path("x-kubernetes-validations").forEach(out::add);
      node.fields().forEachRemaining(f -> collectRules(f.getValue(), out));
    } else if (node.isArray()) {
      node.forEach(n -> collectRules(n, out));
    }
  }

  @Test
  void every_cel_rule_is_exercised_by_the_invalid_corpus() {
    List<JsonNode> rules = new ArrayList<>();
    collectRules(SchemaValidator.schema(), rules);
    List<String> expected =
        TestResources.invalid().stream().map(f -> TestResources.expectation(f).message()).toList();
    List<String> uncovered = new ArrayList<>();
    for (JsonNode rule : rules) {
      String message = rule.path("message").asText();
      if (rule.path("rule").asText().equals("self == oldSelf")) {
        continue; // update-only: covered by immutable_fields_refuse_changes
      }
      if (expected.stream().noneMatch(message::startsWith)) {
        uncovered.add(message);
      }
    }
    assertTrue(uncovered.isEmpty(), "CRD rules without an invalid example: " + uncovered);
    assertTrue(rules.size() > 30, "found " + rules.size() + " rules");
  }

  @Test
  void every_rule_message_names_a_field() {
    List<JsonNode> rules = new ArrayList<>();
    collectRules(SchemaValidator.schema(), rules);
    for (JsonNode rule : rules) {
      String message = rule.path("message").asText();
      assertTrue(
          message.matches("^[a-zA-Z.]+ .*"), "a rule message starts with the field: " + message);
    }
  }

  @Test
  void immutable_fields_refuse_changes() throws Exception {
    String text = TestResources.read(TestResources.examples().get(0));
    Neo4jRestore old = ApiMapper.yaml().readValue(text, Neo4jRestore.class);
    JsonNode tree = ApiMapper.yaml().readTree(text);
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("spec"))
        .put("targetCluster", "other-cluster")
        .put("databaseName", "otherdb");
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/spec/source"))
        .put("backupPath", "/elsewhere");
    Neo4jRestore updated = ApiMapper.yaml().treeToValue(tree, Neo4jRestore.class);
    List<String> fields =
        RestoreValidator.validateUpdate(old, updated).stream().map(Violation::toString).toList();
    assertEquals(
        List.of(
            "spec.targetCluster: targetCluster is immutable; create a new Neo4jRestore to restore"
                + " into another target",
            "spec.databaseName: databaseName is immutable; create a new Neo4jRestore to restore"
                + " another database",
            "spec.source: source is immutable; create a new Neo4jRestore to restore from another"
                + " source"),
        fields);
    assertTrue(RestoreValidator.validateUpdate(old, old).isEmpty());
    assertFalse(fields.isEmpty());
  }

  @Test
  void the_three_storage_locations_share_one_schema() {
    JsonNode spec = SchemaValidator.schema().at("/properties/spec/properties/source");
    JsonNode a = spec.at("/properties/storage");
    JsonNode b = spec.at("/properties/pitr/properties/logStorage");
    JsonNode c = spec.at("/properties/pitr/properties/baseBackup/properties/storage");
    assertEquals(a, b);
    assertEquals(a, c);
    JsonNode options =
        SchemaValidator.schema().at("/properties/spec/properties/options/properties");
    JsonNode pre = options.get("preRestore").deepCopy();
    JsonNode post = options.get("postRestore").deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) pre).remove("description");
    ((com.fasterxml.jackson.databind.node.ObjectNode) post).remove("description");
    assertEquals(pre, post);
  }
}

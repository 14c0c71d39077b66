package io.neo4jrestore.api.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Reads a Neo4jRestore document (YAML or JSON) the way the API server would judge it: schema first
 * (types, unknown fields, enums), then the CRD's cross-field rules. Nothing is sent anywhere.
 */
public final class RestoreDocuments {
  private RestoreDocuments() {}

  /** The outcome: the resource when it parsed, and every violation (empty when valid). */
  public record Checked(Neo4jRestore restore, List<Violation> violations) {
    public boolean valid() {
      return violations.isEmpty();
    }
  }

  /** Parses and checks one document. Syntax errors throw IllegalArgumentException. */
  public static Checked check(String text) {
    JsonNode tree;
    try {
      tree = ApiMapper.yaml().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid YAML or JSON: " + e.getOriginalMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException(
          "expected a Neo4jRestore object, found "
              + (tree == null ? "nothing" : tree.getNodeType()));
    }
    List<Violation> schemaViolations = SchemaValidator.validate(tree);
    Neo4jRestore restore;
    try {
      restore = ApiMapper.yaml().treeToValue(tree, Neo4jRestore.class);
    } catch (JsonProcessingException e) {
      // only reachable when the schema check already named the field
      return new Checked(null, schemaViolations);
    }
    LinkedHashSet<Violation> all = new LinkedHashSet<>(schemaViolations);
    if (schemaViolations.isEmpty()) {
      all.addAll(RestoreValidator.validate(restore));
    }
    return new Checked(restore, new ArrayList<>(all));
  }
}

package io.neo4jrestore.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.Neo4jRestoreStatus;
import io.neo4jrestore.api.validation.SchemaValidator;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Fails when the CRD's schema and the Java model disagree on any property's name or type. */
class CrdModelConsistencyTest {

  private final List<String> mismatches = new ArrayList<>();
  private int compared;

  @Test
  void spec_schema_and_model_agree() {
    compare("spec", SchemaValidator.schema().at("/properties/spec"), Neo4jRestoreSpec.class);
    assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    assertTrue(compared > 60, "compared " + compared + " spec properties");
  }

  @Test
  void status_schema_and_model_agree() {
    compare("status", SchemaValidator.schema().at("/properties/status"), Neo4jRestoreStatus.class);
    assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    assertTrue(compared > 60, "compared " + compared + " status properties");
  }

  @Test
  void top_level_properties_agree() {
    TreeSet<String> schema = new TreeSet<>();
    SchemaValidator.schema().path("properties").fieldNames().forEachRemaining(schema::add);
    TreeSet<String> model = new TreeSet<>();
    for (RecordComponent c : Neo4jRestore.class.getRecordComponents()) {
      model.add(c.getName());
    }
    assertEquals(schema, model);
  }

  @Test
  void the_checker_notices_a_difference() {
    // a schema with one extra and one mistyped property must be reported
    JsonNode spec = SchemaValidator.schema().at("/properties/spec").deepCopy();
    com.fasterxml.jackson.databind.node.ObjectNode props =
        (com.fasterxml.jackson.databind.node.ObjectNode) spec.get("properties");
    props.putObject("extra").put("type", "string");
    ((com.fasterxml.jackson.databind.node.ObjectNode) props.get("force")).put("type", "string");
    compare("spec", spec, Neo4jRestoreSpec.class);
    assertEquals(2, mismatches.size(), mismatches.toString());
  }

  private void compare(String path, JsonNode schema, Class<?> type) {
    if (!"object".equals(schema.path("type").asText())) {
      mismatches.add(
          path + ": schema type " + schema.path("type") + ", model " + type.getSimpleName());
      return;
    }
    TreeSet<String> inSchema = new TreeSet<>();
    schema.path("properties").fieldNames().forEachRemaining(inSchema::add);
    TreeSet<String> inModel = new TreeSet<>();
    for (RecordComponent c : type.getRecordComponents()) {
      inModel.add(c.getName());
    }
    for (String name : inSchema) {
      if (!inModel.contains(name)) {
        mismatches.add(path + "." + name + ": in the CRD, not in " + type.getSimpleName());
      }
    }
    for (RecordComponent c : type.getRecordComponents()) {
      JsonNode child = schema.path("properties").get(c.getName());
      if (child == null) {
        mismatches.add(
            path + "." + c.getName() + ": in " + type.getSimpleName() + ", not in the CRD");
      } else {
        compareType(path + "." + c.getName(), child, c.getGenericType());
      }
    }
  }

  private void compareType(String path, JsonNode schema, Type type) {
    compared++;
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (List.class.isAssignableFrom(raw)) {
        expect(path, schema, "array", raw);
        compareType(path + "[]", schema.path("items"), p.getActualTypeArguments()[0]);
      } else if (Map.class.isAssignableFrom(raw)) {
        expect(path, schema, "object", raw);
        compareType(
            path + "{}", schema.path("additionalProperties"), p.getActualTypeArguments()[1]);
      } else {
        mismatches.add(path + ": unsupported model type " + p);
      }
      return;
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      if (!schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
        expect(path, schema, "string", c);
      }
    } else if (c == Boolean.class) {
      expect(path, schema, "boolean", c);
    } else if (c == Integer.class) {
      expect(path, schema, "integer", c);
      expectFormat(path, schema, "int32");
    } else if (c == Long.class) {
      expect(path, schema, "integer", c);
      expectFormat(path, schema, "int64");
    } else if (c.isRecord()) {
      compare(path, schema, c);
    } else {
      mismatches.add(path + ": unsupported model type " + c.getName());
    }
  }

  private void expect(String path, JsonNode schema, String schemaType, Class<?> modelType) {
    if (!schemaType.equals(schema.path("type").asText())) {
      mismatches.add(
          path + ": CRD type " + schema.path("type") + ", model " + modelType.getSimpleName());
    }
  }

  private void expectFormat(String path, JsonNode schema, String format) {
    if (!format.equals(schema.path("format").asText())) {
      mismatches.add(path + ": CRD format " + schema.path("format") + ", model wants " + format);
    }
  }
}

package io.neo4jrestore.plugin.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.json.ApiMapper;
import org.junit.jupiter.api.Test;

class ObjectPrinterTest {
  @Test
  void yaml_quotes_what_a_yaml_reader_would_take_for_a_timestamp_number_or_boolean()
      throws Exception {
    JsonNode node =
        ApiMapper.json()
            .readTree(
                "{\"pointInTime\":\"2025-01-20T03:30:00+01:00\",\"num\":\"123\",\"b\":\"true\","
                    + "\"plain\":\"movies\",\"int\":3}");
    String yaml = ObjectPrinter.yaml(node);
    assertTrue(yaml.contains("pointInTime: \"2025-01-20T03:30:00+01:00\"\n"), yaml);
    assertTrue(yaml.contains("num: \"123\"\n"), yaml);
    assertTrue(yaml.contains("b: \"true\"\n"), yaml);
    assertTrue(yaml.contains("plain: movies\n"), yaml);
    assertTrue(yaml.contains("int: 3\n"), yaml);
    assertEquals(node, ApiMapper.yaml().readTree(yaml));
  }

  @Test
  void name_and_list_look_like_kubectls() throws Exception {
    JsonNode r = ApiMapper.json().readTree("{\"metadata\":{\"name\":\"a\",\"managedFields\":[]}}");
    assertEquals("neo4jrestore.neo4j.neo4j.com/a\n", ObjectPrinter.name(r));
    JsonNode list = ObjectPrinter.list(java.util.List.of(r));
    assertEquals("List", list.path("kind").asText());
    assertTrue(list.at("/items/0/metadata/managedFields").isMissingNode());
  }
}

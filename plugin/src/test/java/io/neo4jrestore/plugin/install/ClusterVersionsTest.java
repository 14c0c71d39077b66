package io.neo4jrestore.plugin.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.json.ApiMapper;
import org.junit.jupiter.api.Test;

class ClusterVersionsTest {
  @Test
  void the_fingerprint_ignores_key_order_but_not_content() {
    JsonNode a = ApiMapper.json().createObjectNode().put("a", 1).put("b", 2);
    JsonNode b = ApiMapper.json().createObjectNode().put("b", 2).put("a", 1);
    JsonNode c = ApiMapper.json().createObjectNode().put("b", 2).put("a", 3);
    assertEquals(ClusterVersions.fingerprint(a), ClusterVersions.fingerprint(b));
    assertNotEquals(ClusterVersions.fingerprint(a), ClusterVersions.fingerprint(c));
  }

  @Test
  void the_shipped_schema_is_the_crds_first_version() {
    assertEquals("object", ClusterVersions.shippedSchema().path("type").asText());
  }
}

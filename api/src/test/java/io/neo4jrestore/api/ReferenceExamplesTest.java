package io.neo4jrestore.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.validation.RestoreDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReferenceExamplesTest {

  static List<Path> examples() {
    return TestResources.examples();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void every_reference_example_is_valid(Path file) {
    RestoreDocuments.Checked checked = RestoreDocuments.check(TestResources.read(file));
    assertTrue(checked.valid(), () -> file.getFileName() + " refused: " + checked.violations());
  }

  @ParameterizedTest
  @MethodSource("examples")
  void every_reference_example_round_trips_without_losing_a_field(Path file) throws Exception {
    String text = TestResources.read(file);
    JsonNode original = ApiMapper.yaml().readTree(text);
    Neo4jRestore model = ApiMapper.strictYaml().readValue(text, Neo4jRestore.class);
    JsonNode again = ApiMapper.yaml().readTree(ApiMapper.toYaml(model));
    assertEquals(original, again, () -> file.getFileName() + " changed in a round trip");
    assertEquals(original, ApiMapper.json().readTree(ApiMapper.toJson(model)));
  }

  @Test
  void the_corpus_holds_every_example_of_the_reference() throws Exception {
    Path reference = Path.of("../../shared/spec/neo4jrestore-api-reference.md");
    Assumptions.assumeTrue(Files.exists(reference), "the reference is beside the checkout in CI");
    Matcher m =
        Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(reference));
    List<JsonNode> inReference = new ArrayList<>();
    while (m.find()) {
      String block = m.group(1);
      if (block.startsWith("apiVersion")) {
        inReference.add(ApiMapper.yaml().readTree(block));
      }
    }
    List<JsonNode> inCorpus = new ArrayList<>();
    for (Path file : examples()) {
      if (!file.getFileName().toString().startsWith("source-")) {
        inCorpus.add(ApiMapper.yaml().readTree(TestResources.read(file)));
      }
    }
    assertEquals(inReference.size(), inCorpus.size(), "whole-resource examples");
    for (JsonNode example : inReference) {
      assertTrue(
          inCorpus.contains(example), "missing from the corpus: " + example.at("/metadata/name"));
    }
  }
}

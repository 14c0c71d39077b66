package io.neo4jrestore.api.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Jackson mappers for this product's own types. Absent values stay absent (nulls are not written),
 * so a model round-trips without gaining or losing fields.
 *
 * <p>{@link #strictYaml()} refuses unknown fields: the plugin uses it for user files so a typo is
 * an error, like {@code kubectl --validate=strict}. {@link #json()} ignores unknown fields: the
 * runner reads objects from API servers that may be newer than this code.
 */
public final class ApiMapper {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private static final ObjectMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                  .build())
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private static final ObjectMapper STRICT_YAML =
      YAML.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final ObjectMapper PRETTY_JSON =
      JSON.copy().enable(SerializationFeature.INDENT_OUTPUT);

  private ApiMapper() {}

  public static ObjectMapper json() {
    return JSON;
  }

  public static ObjectMapper prettyJson() {
    return PRETTY_JSON;
  }

  public static ObjectMapper yaml() {
    return YAML;
  }

  public static ObjectMapper strictYaml() {
    return STRICT_YAML;
  }

  /** Reads a resource from YAML or JSON text (JSON is YAML), ignoring unknown fields. */
  public static Neo4jRestore readRestore(String text) {
    try {
      return YAML.readValue(text, Neo4jRestore.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String toYaml(Object value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

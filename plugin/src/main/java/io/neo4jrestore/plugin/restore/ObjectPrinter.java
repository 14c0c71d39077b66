package io.neo4jrestore.plugin.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import io.neo4jrestore.api.json.ApiMapper;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;

/** {@code -o yaml|json|name} for one object or a list, the way kubectl prints them. */
public final class ObjectPrinter {
  /**
   * YAML like kubectl writes it: strings that a YAML 1.1 reader would take for a timestamp (such as
   * {@code pointInTime}) are quoted, so the output can be applied again as it is.
   */
  private static final ObjectMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                  .stringQuotingChecker(new TimestampQuoting())
                  .build())
          .build();

  private static final class TimestampQuoting extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;
    private static final Pattern TIMESTAMP = Pattern.compile("^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*");

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || TIMESTAMP.matcher(value).matches();
    }
  }

  private ObjectPrinter() {}

  public static String yaml(JsonNode node) {
    try {
      return YAML.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String json(JsonNode node) {
    try {
      return ApiMapper.prettyJson().writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code neo4jrestore.neo4j.neo4j.com/NAME}. */
  public static String name(JsonNode node) {
    return Restores.RESOURCE + "/" + node.path("metadata").path("name").asText() + "\n";
  }

  /** A {@code v1 List} of the items, as {@code kubectl get -o yaml} prints several objects. */
  public static JsonNode list(List<JsonNode> items) {
    ObjectNode list = ApiMapper.json().createObjectNode();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    ArrayNode array = list.putArray("items");
    items.forEach(i -> array.add(Restores.forOutput(i)));
    list.putObject("metadata").put("resourceVersion", "");
    return list;
  }
}

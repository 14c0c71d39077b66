package io.neo4jrestore.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a resource document against the CRD's own OpenAPI schema (read from the CRD shipped in
 * this jar): unknown fields, types, required fields, enums, lengths, item counts and ranges, with
 * the API server's wording. The CEL rules are {@link RestoreValidator}'s job.
 */
public final class SchemaValidator {
  private static volatile JsonNode schema;

  private final List<Violation> violations = new ArrayList<>();

  private SchemaValidator() {}

  /** The {@code openAPIV3Schema} of the served version of the shipped CRD. */
  public static JsonNode schema() {
    JsonNode s = schema;
    if (s == null) {
      try (InputStream in = SchemaValidator.class.getResourceAsStream(RestoreApi.CRD_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RestoreApi.CRD_RESOURCE + " is missing from the jar");
        }
        JsonNode crd = ApiMapper.yaml().readTree(in);
        s = crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
        schema = s;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return s;
  }

  /**
   * Violations of the schema for the {@code spec} of a resource document (metadata is the
   * server's).
   */
  public static List<Violation> validate(JsonNode document) {
    SchemaValidator v = new SchemaValidator();
    JsonNode root = schema();
    Iterator<Map.Entry<String, JsonNode>> fields = document.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode property = root.path("properties").get(f.getKey());
      if (property == null) {
        v.add(f.getKey(), "unknown field \"" + f.getKey() + "\"");
      } else if (f.getKey().equals("spec")) {
        v.check("spec", f.getValue(), property);
      }
    }
    if (!document.has("spec")) {
      v.add("spec", "Required value");
    }
    return List.copyOf(v.violations);
  }

  private void check(String path, JsonNode value, JsonNode s) {
    if (value.isNull()) {
      return; // the API server drops explicit nulls of optional fields
    }
    if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!value.isTextual() && !value.isIntegralNumber()) {
        wrongType(path, value, "integer or string");
      }
      return;
    }
    String type = s.path("type").asText("");
    switch (type) {
      case "object" -> object(path, value, s);
      case "array" -> array(path, value, s);
      case "string" -> string(path, value, s);
      case "boolean" -> {
        if (!value.isBoolean()) {
          wrongType(path, value, "boolean");
        }
      }
      case "integer" -> integer(path, value, s);
      default -> {}
    }
  }

  private void object(String path, JsonNode value, JsonNode s) {
    if (!value.isObject()) {
      wrongType(path, value, "object");
      return;
    }
    JsonNode properties = s.path("properties");
    JsonNode additional = s.get("additionalProperties");
    if (s.has("maxProperties") && value.size() > s.get("maxProperties").asInt()) {
      add(
          path,
          "Too many: "
              + value.size()
              + ": must have at most "
              + s.get("maxProperties").asInt()
              + " items");
    }
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String child = path + "." + f.getKey();
      JsonNode childSchema = properties.get(f.getKey());
      if (childSchema != null) {
        check(child, f.getValue(), childSchema);
      } else if (additional != null && additional.isObject()) {
        check(child, f.getValue(), additional);
      } else {
        add(child, "unknown field \"" + child + "\"");
      }
    }
    for (JsonNode required : s.path("required")) {
      JsonNode present = value.get(required.asText());
      if (present == null || present.isNull()) {
        add(path + "." + required.asText(), "Required value");
      }
    }
  }

  private void array(String path, JsonNode value, JsonNode s) {
    if (!value.isArray()) {
      wrongType(path, value, "array");
      return;
    }
    if (s.has("maxItems") && value.size() > s.get("maxItems").asInt()) {
      add(
          path,
          "Too many: "
              + value.size()
              + ": must have at most "
              + s.get("maxItems").asInt()
              + " items");
    }
    for (int i = 0; i < value.size(); i++) {
      check(path + "[" + i + "]", value.get(i), s.path("items"));
    }
  }

  private void string(String path, JsonNode value, JsonNode s) {
    if (!value.isTextual()) {
      wrongType(path, value, "string");
      return;
    }
    String text = value.asText();
    if (s.has("enum")) {
      List<String> allowed = new ArrayList<>();
      s.get("enum").forEach(e -> allowed.add(e.asText()));
      if (!allowed.contains(text)) {
        StringBuilder supported = new StringBuilder();
        for (String a : allowed) {
          supported.append(supported.length() == 0 ? "" : ", ").append('"').append(a).append('"');
        }
        add(path, "Unsupported value: \"" + text + "\": supported values: " + supported);
      }
    }
    int length = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (s.has("maxLength") && length > s.get("maxLength").asInt()) {
      add(path, "Too long: may not be more than " + s.get("maxLength").asInt() + " bytes");
    }
    if (s.has("minLength") && length < s.get("minLength").asInt()) {
      add(
          path,
          "Invalid value: \""
              + text
              + "\": "
              + path
              + " in body should be at least "
              + s.get("minLength").asInt()
              + " chars long");
    }
    if (s.has("pattern") && !asRe2(s.get("pattern").asText()).matcher(text).find()) {
      add(path, patternMessage(path, text, s.get("pattern").asText()));
    }
    if ("date-time".equals(s.path("format").asText()) && !isDateTime(text)) {
      add(
          path,
          "Invalid value: \""
              + text
              + "\": "
              + path
              + " in body must be of type date-time: \""
              + text
              + "\"");
    }
  }

  private void integer(String path, JsonNode value, JsonNode s) {
    if (!value.isIntegralNumber()) {
      wrongType(path, value, "integer");
      return;
    }
    long n = value.asLong();
    if (s.has("minimum") && n < s.get("minimum").asLong()) {
      add(
          path,
          "Invalid value: "
              + n
              + ": "
              + path
              + " in body should be greater than or equal to "
              + s.get("minimum").asLong());
    }
    if (s.has("maximum") && n > s.get("maximum").asLong()) {
      add(
          path,
          "Invalid value: "
              + n
              + ": "
              + path
              + " in body should be less than or equal to "
              + s.get("maximum").asLong());
    }
  }

  /**
   * A schema pattern as the API server (Go's RE2) reads it: a final {@code $} is the end of the
   * text only, whereas {@code java.util.regex} also matches it before a final line break.
   */
  static java.util.regex.Pattern asRe2(String pattern) {
    boolean endAnchor = pattern.endsWith("$") && !pattern.endsWith("\\$");
    return java.util.regex.Pattern.compile(
        endAnchor ? pattern.substring(0, pattern.length() - 1) + "\\z" : pattern);
  }

  /** The API server's wording for a {@code pattern} mismatch. */
  static String patternMessage(String path, String value, String pattern) {
    return "Invalid value: \"" + value + "\": " + path + " in body should match '" + pattern + "'";
  }

  /** The API server accepts RFC 3339 date-times; an offset is enforced by a separate rule. */
  private static boolean isDateTime(String text) {
    try {
      String t = text.toUpperCase(java.util.Locale.ROOT);
      if (t.matches(".*([Z]|[+-][0-9]{2}:[0-9]{2})$")) {
        java.time.OffsetDateTime.parse(t);
      } else {
        java.time.LocalDateTime.parse(t);
      }
      return true;
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  private void wrongType(String path, JsonNode value, String expected) {
    String actual =
        value.isTextual()
            ? "string"
            : value.isBoolean()
                ? "boolean"
                : value.isNumber() ? "number" : value.isArray() ? "array" : "object";
    add(
        path,
        "Invalid value: \""
            + actual
            + "\": "
            + path
            + " in body must be of type "
            + expected
            + ": \""
            + actual
            + "\"");
  }

  private void add(String field, String message) {
    violations.add(new Violation(field, message));
  }
}

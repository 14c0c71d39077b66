package io.neo4jrestore.runner.world;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The selectors the in-memory world understands: {@code fieldSelector=metadata.name=x} and label
 * selectors of equalities ({@code k=v,k2=v2}, also {@code k==v}). Anything else is refused, so a
 * test that needs more fails loudly instead of matching everything.
 */
final class Selectors {
  private Selectors() {}

  static boolean matches(JsonNode object, String fieldSelector, String labelSelector) {
    return fields(object, fieldSelector) && labels(object, labelSelector);
  }

  private static boolean fields(JsonNode object, String selector) {
    if (selector == null || selector.isEmpty()) {
      return true;
    }
    String prefix = "metadata.name=";
    if (!selector.startsWith(prefix) || selector.contains(",")) {
      throw new UnsupportedOperationException("field selector not supported: " + selector);
    }
    return object.at("/metadata/name").asText().equals(selector.substring(prefix.length()));
  }

  static boolean labels(JsonNode object, String selector) {
    if (selector == null || selector.isEmpty()) {
      return true;
    }
    JsonNode labels = object.at("/metadata/labels");
    for (String term : selector.split(",")) {
      String[] kv = term.replace("==", "=").split("=", 2);
      if (kv.length != 2 || kv[0].endsWith("!")) {
        throw new UnsupportedOperationException("label selector not supported: " + selector);
      }
      if (!kv[1].strip().equals(labels.path(kv[0].strip()).asText(null))) {
        return false;
      }
    }
    return true;
  }
}

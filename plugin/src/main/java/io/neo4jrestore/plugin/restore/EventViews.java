package io.neo4jrestore.plugin.restore;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading core/v1 Events (as the runner writes them) for tables and timelines. */
public final class EventViews {
  private EventViews() {}

  /** The event's time: lastTimestamp, eventTime, firstTimestamp or creation, as RFC 3339 text. */
  public static String time(JsonNode event) {
    for (String field : new String[] {"lastTimestamp", "eventTime", "firstTimestamp"}) {
      String v = event.path(field).asText("");
      if (!v.isEmpty() && !"null".equals(v)) {
        return v;
      }
    }
    return event.path("metadata").path("creationTimestamp").asText("");
  }

  /** Identity of one occurrence: the event object and its count (a repeated event counts up). */
  public static String key(JsonNode event) {
    return event.path("metadata").path("uid").asText(event.path("metadata").path("name").asText())
        + "#"
        + event.path("count").asInt(1);
  }

  public static String type(JsonNode event) {
    return event.path("type").asText("Normal");
  }

  public static String reason(JsonNode event) {
    return event.path("reason").asText("");
  }

  public static String message(JsonNode event) {
    return event.path("message").asText("");
  }
}

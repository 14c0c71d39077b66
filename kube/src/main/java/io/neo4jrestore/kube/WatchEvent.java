package io.neo4jrestore.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * One event of a watch stream: {@code ADDED}, {@code MODIFIED}, {@code DELETED}, {@code BOOKMARK}
 * or {@code ERROR} (whose object is a Status).
 */
public record WatchEvent(String type, JsonNode object) {
  /**
   * The server ended the watch because the resourceVersion asked for is too old (410 Gone as an
   * ERROR event): list again and watch from the list's resourceVersion.
   */
  public boolean isGone() {
    return "ERROR".equals(type) && object.path("code").asInt() == 410;
  }

  /** The object's {@code metadata.resourceVersion}, or "" (ERROR events have none). */
  public String resourceVersion() {
    return object.path("metadata").path("resourceVersion").asText("");
  }

  /** One line of a watch response ({@code {"type":...,"object":{...}}}). */
  public static WatchEvent parse(String line, ObjectMapper json) throws IOException {
    JsonNode event = json.readTree(line);
    if (event == null || !event.isObject() || !event.hasNonNull("type")) {
      throw new IOException("not a watch event: " + abbreviate(line));
    }
    return new WatchEvent(event.path("type").asText(), event.path("object"));
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}

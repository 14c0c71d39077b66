package io.neo4jrestore.plugin.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.Labels;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pure helpers of {@code logs}: the containers of a restore's pods, parsing, merging, output. */
public final class LogLines {
  private LogLines() {}

  /** One line of one container, with the time the kubelet stamped it. */
  public record Line(Instant time, String stamp, String source, String text) {}

  /** A container of one of the restore's pods, and its state as the pod's status says. */
  public record Container(String pod, String name, String source, State state, Instant created) {
    public String key() {
      return pod + "/" + name;
    }
  }

  /** Where a container is in its life. */
  public enum State {
    /** Not started yet (waiting, or no status): its log cannot be read yet. */
    WAITING,
    RUNNING,
    /** Ended (or its pod ended): its log is complete. */
    TERMINATED
  }

  /** The lines of a request, in the order they came; {@code previous} stamps an unstamped line. */
  public static Line parse(String raw, String source, Instant previous) {
    int space = raw.indexOf(' ');
    if (space > 0) {
      String stamp = raw.substring(0, space);
      try {
        return new Line(Instant.parse(stamp), stamp, source, raw.substring(space + 1));
      } catch (DateTimeParseException ignored) {
        // not stamped (should not happen with timestamps=true): keep it, at the previous time
      }
    }
    Instant t = previous == null ? Instant.EPOCH : previous;
    return new Line(t, t.toString(), source, raw);
  }

  /** Every container of these pods, oldest pod first, named by the pod's component label. */
  public static List<Container> containers(List<JsonNode> pods) {
    List<JsonNode> sorted = new ArrayList<>(pods);
    sorted.sort(
        Comparator.comparing((JsonNode p) -> p.at("/metadata/creationTimestamp").asText(""))
            .thenComparing(p -> p.at("/metadata/name").asText("")));
    Map<String, Integer> perComponent = new LinkedHashMap<>();
    for (JsonNode p : sorted) {
      perComponent.merge(component(p), 1, Integer::sum);
    }
    List<Container> out = new ArrayList<>();
    for (JsonNode p : sorted) {
      String pod = p.at("/metadata/name").asText();
      String component = component(p);
      // two pods of one kind (a replaced runner pod, a pre- and a post-hook): name the pod too
      String source = perComponent.get(component) > 1 ? component + " " + pod : component;
      JsonNode specContainers = p.at("/spec/containers");
      boolean several = specContainers.size() > 1;
      String podPhase = p.at("/status/phase").asText("");
      boolean podEnded = podPhase.equals("Succeeded") || podPhase.equals("Failed");
      Instant created = instant(p.at("/metadata/creationTimestamp").asText(""));
      for (JsonNode c : specContainers) {
        String name = c.path("name").asText();
        State state = state(p.at("/status/containerStatuses"), name, podEnded);
        out.add(new Container(pod, name, several ? source + "/" + name : source, state, created));
      }
    }
    return out;
  }

  private static String component(JsonNode pod) {
    String c = pod.at("/metadata/labels").path(Labels.COMPONENT).asText("");
    return c.isEmpty() ? pod.at("/metadata/name").asText() : c;
  }

  private static State state(JsonNode statuses, String container, boolean podEnded) {
    for (JsonNode s : statuses) {
      if (container.equals(s.path("name").asText())) {
        JsonNode state = s.path("state");
        if (state.has("terminated")) {
          return State.TERMINATED;
        }
        if (state.has("running")) {
          return podEnded ? State.TERMINATED : State.RUNNING;
        }
        // waiting, but it ran before (restarted): its log can be read
        if (s.path("lastState").has("terminated")) {
          return State.RUNNING;
        }
      }
    }
    return State.WAITING;
  }

  private static Instant instant(String s) {
    try {
      return s.isEmpty() ? Instant.EPOCH : Instant.parse(s);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /** Merged in time order; lines of one container keep their order (the sort is stable). */
  public static List<Line> merge(List<Line> lines) {
    List<Line> sorted = new ArrayList<>(lines);
    sorted.sort(Comparator.comparing(Line::time));
    return sorted;
  }

  /** The last {@code n} lines (all when n is null). */
  public static List<Line> tail(List<Line> lines, Integer n) {
    if (n == null || lines.size() <= n) {
      return lines;
    }
    return lines.subList(lines.size() - n, lines.size());
  }

  /** {@code [source] text}, or {@code [source] <timestamp> text}. */
  public static String format(Line line, boolean timestamps) {
    return "[" + line.source() + "] " + (timestamps ? line.stamp() + " " : "") + line.text();
  }

  /**
   * Which lines of one container were printed: the newest time and how many lines had it. After a
   * reconnect from that time (the API takes whole seconds), lines up to it come again; {@link
   * #replay()} then {@link #accept} skips exactly those.
   */
  public static final class Cursor {
    private Instant last;
    private int atLast;
    private int skipAtLast;

    public Instant last() {
      return last;
    }

    /** The next response starts again at or before {@link #last()}. */
    public void replay() {
      skipAtLast = atLast;
    }

    /** True when the line is new and is to be printed. */
    public boolean accept(Instant time) {
      if (last == null || time.isAfter(last)) {
        last = time;
        atLast = 1;
        skipAtLast = 0;
        return true;
      }
      if (time.isBefore(last)) {
        return false;
      }
      if (skipAtLast > 0) {
        skipAtLast--;
        return false;
      }
      atLast++;
      return true;
    }
  }
}

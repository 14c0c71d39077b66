package io.neo4jrestore.plugin.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.Condition;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreStatus;
import io.neo4jrestore.api.model.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns successive snapshots of a restore (and its Events) into timeline lines, each fact printed
 * exactly once: a step's transition to a state, a new progress text, a condition change, an Event,
 * a phase, and for a drill its record of the attempt after the terminal phase. Snapshots may repeat
 * (a re-list after 410 Gone, a reconnect) or skip states (a dropped watch): repeated facts are not
 * printed again, skipped ones are not invented. Pure: no clock, no I/O; the zone only formats
 * times.
 */
public final class Timeline {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final int STEP_WIDTH = width(Steps.ORDER);
  private static final int DRILL_STEP_WIDTH = width(Steps.DRILL_ORDER);

  private final ZoneId zone;
  private final Set<String> seen = new HashSet<>();

  public Timeline(ZoneId zone) {
    this.zone = zone;
  }

  private record Line(Instant at, int order, String text) {}

  /** The new lines for this snapshot; {@code now} stands in for facts without a time. */
  public List<String> update(Neo4jRestore r, List<JsonNode> events, Instant now) {
    List<Line> lines = new ArrayList<>();
    Neo4jRestoreStatus s = r.status();
    String attempt = attemptKey(r);
    String phase = Restores.phase(r);
    boolean terminalPhase = Phases.isTerminal(phase);
    if (!terminalPhase && seen.add("phase|" + attempt + "|" + phase)) {
      String message = s == null || s.message() == null ? "" : "  " + s.message();
      Instant at =
          phase.equals("Running") && s != null
              ? time(s.startTime(), now)
              : time(r.metadata() == null ? null : r.metadata().creationTimestamp(), now);
      lines.add(new Line(at, lines.size(), "phase " + phase + message));
    }
    if (s != null && s.steps() != null) {
      int width = Drills.isDrill(r) ? DRILL_STEP_WIDTH : STEP_WIDTH;
      for (StepStatus step : s.steps()) {
        step(lines, attempt, step, width, now);
      }
    }
    if (s != null && s.conditions() != null) {
      for (Condition c : s.conditions()) {
        String key =
            "condition|"
                + c.type()
                + "|"
                + c.status()
                + "|"
                + c.reason()
                + "|"
                + c.lastTransitionTime();
        if (seen.add(key)) {
          lines.add(
              new Line(
                  time(c.lastTransitionTime(), now),
                  lines.size(),
                  "condition "
                      + c.type()
                      + "="
                      + c.status()
                      + (c.reason() == null ? "" : "  " + c.reason())
                      + (c.message() == null || c.message().isEmpty() ? "" : ": " + c.message())));
        }
      }
    }
    for (JsonNode e : events) {
      if (seen.add("event|" + EventViews.key(e))) {
        lines.add(
            new Line(
                time(EventViews.time(e), now),
                lines.size(),
                "event "
                    + EventViews.type(e)
                    + " "
                    + EventViews.reason(e)
                    + ": "
                    + EventViews.message(e)));
      }
    }
    lines.sort(Comparator.comparing(Line::at).thenComparing(Line::order));
    List<String> out = new ArrayList<>();
    for (Line l : lines) {
      out.add(TIME.format(l.at().atZone(zone)) + "  " + l.text());
    }
    if (terminalPhase && seen.add("phase|" + attempt + "|" + phase)) {
      Instant at = time(s.completionTime(), now);
      out.add(
          TIME.format(at.atZone(zone))
              + "  phase "
              + phase
              + (s.message() == null || s.message().isEmpty() ? "" : "  " + s.message()));
      // a drill ends with its record: what held, how long the restore took, the cleanup
      Drills.ofCurrentAttempt(r)
          .ifPresent(d -> out.add(TIME.format(at.atZone(zone)) + "  " + Drills.outcomeLine(d)));
    }
    return out;
  }

  private void step(List<Line> lines, String attempt, StepStatus step, int width, Instant now) {
    String state = step.state() == null ? "Pending" : step.state();
    String name = pad(step.name(), width);
    if (!state.equals(Steps.PENDING)
        && seen.add("step|" + attempt + "|" + step.name() + "|" + state + "|" + step.startTime())) {
      boolean done = !state.equals(Steps.RUNNING);
      Instant at =
          done
              ? time(step.completionTime(), time(step.startTime(), now))
              : time(step.startTime(), now);
      String text = "step " + name + "  " + state;
      Duration elapsed = done ? Ages.between(step.startTime(), step.completionTime(), now) : null;
      if (elapsed != null && step.completionTime() != null) {
        text += " in " + Ages.elapsed(elapsed);
      }
      if (step.message() != null && !step.message().isEmpty()) {
        text += "  " + step.message();
      }
      lines.add(new Line(at, lines.size(), text));
    }
    if (step.progress() != null
        && !step.progress().isEmpty()
        && seen.add("progress|" + attempt + "|" + step.name() + "|" + step.progress())) {
      lines.add(new Line(now, lines.size(), "step " + name + "  " + step.progress()));
    }
  }

  private static int width(List<String> steps) {
    return steps.stream().mapToInt(String::length).max().orElse(16);
  }

  private static String pad(String name, int width) {
    String n = name == null ? "?" : name;
    return n.length() >= width ? n : n + " ".repeat(width - n.length());
  }

  private static Instant time(String rfc3339, Instant fallback) {
    Instant t = Ages.instant(rfc3339);
    return t == null ? fallback : t;
  }

  /** The attempt a snapshot belongs to: stable while one attempt runs (its status fills in). */
  private static String attemptKey(Neo4jRestore r) {
    Long g = r.metadata() == null ? null : r.metadata().generation();
    String retry = r.metadata() == null ? null : r.metadata().annotation(Annotations.RETRY);
    return g + "/" + (retry == null ? "" : retry);
  }
}

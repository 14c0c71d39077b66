package io.neo4jrestore.plugin.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.AttemptStatus;
import io.neo4jrestore.api.model.Condition;
import io.neo4jrestore.api.model.DrillRecord;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.Neo4jRestoreStatus;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.model.RestoreHooks;
import io.neo4jrestore.api.model.RestoreOptions;
import io.neo4jrestore.api.model.RestoreStats;
import io.neo4jrestore.api.model.StepStatus;
import io.neo4jrestore.api.model.TargetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code describe}: the spec in a few lines, the resolved source, the status, a table of steps with
 * elapsed times, the conditions, the drills kept and the plan when there are any, recent events,
 * and what to do next when it failed. Pure.
 */
public final class Describer {
  /** How many of the newest events are shown. */
  static final int EVENTS = 15;

  private Describer() {}

  public static String describe(Neo4jRestore r, List<JsonNode> events, Instant now) {
    StringBuilder b = new StringBuilder();
    var meta = r.metadata();
    Neo4jRestoreSpec spec = r.spec();
    Neo4jRestoreStatus s = r.status();
    field(b, "Name", meta.name());
    field(b, "Namespace", meta.namespace());
    field(
        b,
        "Created",
        meta.creationTimestamp() + " (" + Ages.since(meta.creationTimestamp(), now) + " ago)");
    field(b, "Generation", String.valueOf(meta.generation()));
    if (spec != null) {
      field(b, "Target", spec.targetCluster() + target(s));
      field(b, "Database", spec.databaseName());
      field(
          b,
          "Source",
          spec.source() == null
              ? ""
              : spec.source().type() + ": " + Restores.source(spec.source()));
      String options = options(spec);
      if (!options.isEmpty()) {
        field(b, "Options", options);
      }
      if (spec.drill() != null) {
        field(b, "Drill", Drills.spec(spec.drill()));
      }
    }
    if (s != null && s.resolvedSource() != null) {
      resolved(b, s.resolvedSource());
    }
    b.append('\n');
    field(b, "Phase", Restores.phaseColumn(r).isEmpty() ? "(not started)" : s.phase());
    if (s != null) {
      if (s.message() != null) {
        field(b, "Message", s.message());
      }
      if (s.startTime() != null) {
        field(b, "Started", s.startTime());
      }
      if (s.completionTime() != null) {
        field(b, "Completed", s.completionTime());
      }
      String stats = stats(r, now);
      if (!stats.isEmpty()) {
        field(b, "Stats", stats);
      }
      AttemptStatus a = s.attempt();
      if (a != null) {
        field(
            b,
            "Attempt",
            "generation "
                + a.generation()
                + (a.retryToken() == null ? "" : ", retry " + a.retryToken())
                + (a.runnerJob() == null ? "" : ", runner Job " + a.runnerJob())
                + (a.runnerPod() == null ? "" : " (pod " + a.runnerPod() + ")")
                + (a.resumes() == null || a.resumes() == 0
                    ? ""
                    : ", resumed " + a.resumes() + "x"));
      }
      if (!Restores.statusIsCurrent(r) && s.phase() != null) {
        b.append("  (this status is of an earlier attempt; a new one has not started yet)\n");
      }
    }
    steps(b, s, now);
    conditions(b, s, now);
    drills(b, s);
    plan(b, r);
    events(b, events, now);
    Outcome outcome = Outcome.of(r, now);
    if (outcome.state() == Outcome.State.FAILED) {
      b.append('\n');
      for (String next : outcome.next()) {
        field(b, "Next", next);
      }
    } else if (s == null || s.phase() == null) {
      b.append('\n');
      field(
          b,
          "Next",
          "waiting for its runner Job: `kubectl neo4j-restore create` starts it at once, the"
              + " dispatcher CronJob within a minute (kubectl get jobs -n "
              + meta.namespace()
              + " -l restore.neo4j.neo4j.com/restore="
              + meta.name()
              + ")");
    }
    return b.toString();
  }

  /** The drills status keeps, newest first ({@code status.drills}). */
  private static void drills(StringBuilder b, Neo4jRestoreStatus s) {
    if (s == null || s.drills() == null || s.drills().isEmpty()) {
      return;
    }
    b.append("\nDrills (newest first):\n");
    Table t =
        new Table(
            List.of(
                "STARTED",
                "OUTCOME",
                "DURATION",
                "RESTORE",
                "BACKUP AGE",
                "ASSERTIONS",
                "CLEANUP",
                "REASON"));
    for (DrillRecord d : s.drills()) {
      t.row(
          List.of(
              text(d.startTime()),
              text(d.outcome()),
              text(d.duration()),
              text(d.restoreDuration()),
              text(d.backupAge()),
              Drills.assertions(d),
              text(d.cleanup()),
              text(d.reason())));
    }
    indent(b, t.render());
  }

  /** The plan ({@code status.plan}) as {@code plan} prints it. */
  private static void plan(StringBuilder b, Neo4jRestore r) {
    if (r.status() == null || r.status().plan() == null) {
      return;
    }
    b.append("\nPlan:\n");
    indent(b, PlanPrinter.text(ApiMapper.json().valueToTree(r)).stripTrailing());
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  private static String target(Neo4jRestoreStatus s) {
    if (s == null || s.target() == null) {
      return "";
    }
    TargetStatus t = s.target();
    List<String> parts = new ArrayList<>();
    if (t.kind() != null) {
      parts.add(t.kind());
    }
    if (t.servers() != null) {
      parts.add(t.servers() + (t.servers() == 1 ? " server" : " servers"));
    }
    if (t.neo4jVersion() != null) {
      parts.add("Neo4j " + t.neo4jVersion());
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  private static String options(Neo4jRestoreSpec spec) {
    List<String> parts = new ArrayList<>();
    if (spec.forceOrDefault()) {
      parts.add("force");
    }
    if (spec.stopClusterOrDefault()) {
      parts.add("stopCluster");
    }
    if (spec.timeout() != null) {
      parts.add("timeout " + spec.timeout());
    }
    RestoreOptions o = spec.options();
    if (o != null) {
      if (Boolean.TRUE.equals(o.replaceExisting())) {
        parts.add("replaceExisting");
      }
      if (Boolean.TRUE.equals(o.verifyBackup())) {
        parts.add("verifyBackup");
      }
      if (o.additionalArgs() != null && !o.additionalArgs().isEmpty()) {
        parts.add("additionalArgs " + String.join(" ", o.additionalArgs()));
      }
      hooks(parts, "pre-restore", o.preRestore());
      hooks(parts, "post-restore", o.postRestore());
    }
    return String.join(", ", parts);
  }

  private static void hooks(List<String> parts, String when, RestoreHooks h) {
    if (h == null) {
      return;
    }
    int n = h.cypherStatements() == null ? 0 : h.cypherStatements().size();
    String text = when + ": " + n + " Cypher statement" + (n == 1 ? "" : "s");
    if (h.job() != null) {
      text += " + hook Job";
    }
    parts.add(text);
  }

  private static void resolved(StringBuilder b, ResolvedSource r) {
    String location =
        (r.storageType() == null ? "" : r.storageType() + " ")
            + (r.location() == null ? "" : r.location());
    if (r.pvcName() != null) {
      location += " (PVC " + r.pvcName() + ")";
    }
    if (r.restoreUntil() != null) {
      location += ", until " + r.restoreUntil() + " UTC";
    }
    field(b, "Resolved", location.trim());
    if (r.artifacts() != null) {
      for (ResolvedSource.Artifact a : r.artifacts()) {
        List<String> facts = new ArrayList<>();
        if (a.full() != null) {
          facts.add(a.full() ? "full" : "differential");
        }
        if (a.createdAt() != null) {
          facts.add(a.createdAt());
        }
        if (a.sizeBytes() != null) {
          facts.add(a.sizeBytes() + " bytes");
        }
        b.append("  - ")
            .append(a.path())
            .append(facts.isEmpty() ? "" : " (" + String.join(", ", facts) + ")")
            .append('\n');
      }
    }
  }

  private static String stats(Neo4jRestore r, Instant now) {
    RestoreStats st = r.status().stats();
    List<String> parts = new ArrayList<>();
    if (st != null) {
      if (st.duration() != null) {
        parts.add("duration " + st.duration());
      }
      if (st.dataSize() != null) {
        parts.add("data " + st.dataSize());
      }
      if (st.throughput() != null) {
        parts.add("throughput " + st.throughput());
      }
      if (st.fileCount() != null) {
        parts.add(st.fileCount() + " files");
      }
      if (st.errorCount() != null && st.errorCount() > 0) {
        parts.add(st.errorCount() + " errors");
      }
    } else if (r.status().startTime() != null && r.status().completionTime() == null) {
      Duration d = Ages.between(r.status().startTime(), null, now);
      parts.add("running for " + Ages.elapsed(d));
    }
    return String.join(", ", parts);
  }

  private static void steps(StringBuilder b, Neo4jRestoreStatus s, Instant now) {
    b.append("\nSteps:\n");
    if (s == null || s.steps() == null || s.steps().isEmpty()) {
      b.append("  (none yet)\n");
      return;
    }
    Table t = new Table(List.of("STEP", "STATE", "ELAPSED", "MESSAGE"));
    for (StepStatus step : s.steps()) {
      Duration d = Ages.between(step.startTime(), step.completionTime(), now);
      String message = step.message() == null ? "" : step.message();
      if (step.progress() != null && !step.progress().isEmpty()) {
        message = message.isEmpty() ? step.progress() : message + " (" + step.progress() + ")";
      }
      t.row(List.of(step.name(), step.state(), d == null ? "" : Ages.elapsed(d), message));
    }
    indent(b, t.render());
  }

  private static void conditions(StringBuilder b, Neo4jRestoreStatus s, Instant now) {
    b.append("\nConditions:\n");
    if (s == null || s.conditions() == null || s.conditions().isEmpty()) {
      b.append("  (none)\n");
      return;
    }
    Table t = new Table(List.of("TYPE", "STATUS", "REASON", "AGE", "MESSAGE"));
    for (Condition c : s.conditions()) {
      t.row(
          List.of(
              c.type(),
              c.status(),
              c.reason() == null ? "" : c.reason(),
              Ages.since(c.lastTransitionTime(), now),
              c.message() == null ? "" : c.message()));
    }
    indent(b, t.render());
  }

  private static void events(StringBuilder b, List<JsonNode> events, Instant now) {
    b.append("\nEvents:\n");
    if (events.isEmpty()) {
      b.append("  (none)\n");
      return;
    }
    Table t = new Table(List.of("LAST SEEN", "TYPE", "REASON", "MESSAGE"));
    List<JsonNode> recent =
        events.size() > EVENTS ? events.subList(events.size() - EVENTS, events.size()) : events;
    for (JsonNode e : recent) {
      int count = e.path("count").asInt(1);
      t.row(
          List.of(
              Ages.since(EventViews.time(e), now) + (count > 1 ? " (x" + count + ")" : ""),
              EventViews.type(e),
              EventViews.reason(e),
              EventViews.message(e)));
    }
    indent(b, t.render());
  }

  private static void indent(StringBuilder b, String table) {
    for (String line : table.split("\n")) {
      b.append("  ").append(line).append('\n');
    }
  }

  private static void field(StringBuilder b, String label, String value) {
    String l = label + ":";
    b.append(l).append(" ".repeat(Math.max(1, 12 - l.length()))).append(value).append('\n');
  }
}

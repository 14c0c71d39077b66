package io.neo4jrestore.plugin.restore;

import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.model.Condition;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.RestoreStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Where the current attempt of a restore stands, and what to tell the user about it. */
public record Outcome(State state, String summary, List<String> next) {
  public enum State {
    IN_PROGRESS,
    COMPLETED,
    FAILED
  }

  public boolean terminal() {
    return state != State.IN_PROGRESS;
  }

  /** The outcome of a restore as read now. */
  public static Outcome of(Neo4jRestore r, Instant now) {
    String ns = r.metadata().namespace();
    String name = r.metadata().name();
    String phase = Restores.phase(r);
    String id = "neo4jrestore " + ns + "/" + name;
    if (Phases.COMPLETED.equals(phase)) {
      return new Outcome(State.COMPLETED, id + " Completed" + stats(r, now), List.of());
    }
    if (Phases.FAILED.equals(phase)) {
      String reason = Restores.failureReason(r);
      String message = r.status().message() == null ? "" : r.status().message();
      return new Outcome(
          State.FAILED,
          id + " Failed" + (reason.isEmpty() ? "" : " (" + reason + ")") + ": " + message,
          nextAfterFailure(r, reason));
    }
    return new Outcome(State.IN_PROGRESS, id + " is " + phase, List.of());
  }

  private static String stats(Neo4jRestore r, Instant now) {
    RestoreStats s = r.status().stats();
    List<String> parts = new ArrayList<>();
    String duration = s == null ? null : s.duration();
    if (duration == null) {
      Duration d = Ages.between(r.status().startTime(), r.status().completionTime(), now);
      duration = d == null ? null : Ages.elapsed(d);
    }
    if (duration != null) {
      parts.add("in " + duration);
    }
    if (s != null && s.dataSize() != null) {
      parts.add(s.dataSize() + (s.throughput() == null ? "" : " at " + s.throughput()));
    }
    return parts.isEmpty() ? "" : " " + String.join(", ", parts);
  }

  /** The "what to do next" lines for a failed restore. */
  static List<String> nextAfterFailure(Neo4jRestore r, String reason) {
    String ns = r.metadata().namespace();
    String name = r.metadata().name();
    String retry =
        "kubectl annotate neo4jrestore "
            + name
            + " -n "
            + ns
            + " "
            + Annotations.RETRY
            + "=$(date +%s) --overwrite";
    List<String> next = new ArrayList<>();
    Condition compensation =
        r.status() == null ? null : r.status().condition(Conditions.COMPENSATION_FAILED);
    if (compensation != null && Conditions.TRUE.equals(compensation.status())) {
      next.add(
          "The target could not be put back: run the commands in the message above by hand"
              + " first.");
    }
    switch (reason) {
      case Reasons.INVALID_SPEC ->
          next.add(
              "Fix the resource: create a new Neo4jRestore (target, source and database are"
                  + " immutable), or edit the other fields (a spec change starts a new attempt).");
      case Reasons.DATABASE_EXISTS ->
          next.add(
              "The database exists: allow replacing it with force: true (or"
                  + " options.replaceExisting: true) in a new Neo4jRestore, or restore under"
                  + " another databaseName.");
      case Reasons.TARGET_NOT_FOUND, Reasons.TARGET_AMBIGUOUS ->
          next.add(
              "Check the target: kubectl get neo4jenterprisecluster,neo4jenterprisestandalone -n "
                  + ns
                  + "; then create a new Neo4jRestore naming the right one.");
      case Reasons.CANCELLED -> next.add("Cancelled as asked. To run it again: " + retry);
      default -> next.add("Fix the cause above, then start a new attempt: " + retry);
    }
    String job =
        r.status() == null || r.status().attempt() == null
            ? null
            : r.status().attempt().runnerJob();
    if (job != null && !job.isEmpty()) {
      next.add("Runner log: kubectl logs -n " + ns + " job/" + job);
    }
    return next;
  }
}

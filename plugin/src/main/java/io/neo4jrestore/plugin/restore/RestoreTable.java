package io.neo4jrestore.plugin.restore;

import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.model.Neo4jRestore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code get} table: NAME TARGET DATABASE PHASE DURATION AGE (NAMESPACE first with {@code -A};
 * SOURCE and MESSAGE added by {@code -o wide}), the CRD's printer columns. When a listed restore is
 * a drill, LAST DRILL follows PHASE, and {@code -o wide} adds SCHEDULE and NEXT DRILL before SOURCE
 * ({@link Drills}); a table without drills is unchanged.
 */
public final class RestoreTable {
  private RestoreTable() {}

  public static String render(
      List<Neo4jRestore> restores, boolean allNamespaces, boolean wide, Instant now) {
    List<String> headers = new ArrayList<>();
    if (allNamespaces) {
      headers.add("NAMESPACE");
    }
    boolean drills = restores.stream().anyMatch(Drills::isDrill);
    headers.addAll(List.of("NAME", "TARGET", "DATABASE", "PHASE"));
    if (drills) {
      headers.add("LAST DRILL");
    }
    headers.addAll(List.of("DURATION", "AGE"));
    if (wide && drills) {
      headers.addAll(List.of("SCHEDULE", "NEXT DRILL"));
    }
    if (wide) {
      headers.addAll(List.of("SOURCE", "MESSAGE"));
    }
    Table table = new Table(headers);
    for (Neo4jRestore r : restores) {
      List<String> row = new ArrayList<>();
      if (allNamespaces) {
        row.add(r.metadata().namespace());
      }
      row.add(r.metadata().name());
      row.add(r.spec() == null ? "" : r.spec().targetCluster());
      row.add(r.spec() == null ? "" : r.spec().databaseName());
      row.add(Restores.phaseColumn(r));
      if (drills) {
        row.add(Drills.lastColumn(r, now));
      }
      row.add(duration(r, now));
      row.add(Ages.since(r.metadata().creationTimestamp(), now));
      if (wide && drills) {
        row.add(Drills.scheduleColumn(r));
        row.add(Drills.nextColumn(r, now));
      }
      if (wide) {
        row.add(r.spec() == null || r.spec().source() == null ? "" : r.spec().source().type());
        row.add(r.status() == null ? "" : r.status().message());
      }
      table.row(row);
    }
    return table.render();
  }

  /** stats.duration once finished; while Running, the time since it started. */
  static String duration(Neo4jRestore r, Instant now) {
    if (r.status() == null) {
      return "";
    }
    if (r.status().stats() != null && r.status().stats().duration() != null) {
      return r.status().stats().duration();
    }
    if (Phases.RUNNING.equals(r.status().phase()) || r.status().completionTime() != null) {
      Duration d = Ages.between(r.status().startTime(), r.status().completionTime(), now);
      return d == null ? "" : Ages.human(d);
    }
    return "";
  }
}

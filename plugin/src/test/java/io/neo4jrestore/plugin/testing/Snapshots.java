package io.neo4jrestore.plugin.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.json.ApiMapper;

/** Restore objects in JSON form, with a status built step by step, for tests. */
public final class Snapshots {
  private final ObjectNode object;

  private Snapshots(ObjectNode object) {
    this.object = object;
  }

  public static Snapshots restore(String namespace, String name) {
    ObjectNode o = ApiMapper.json().createObjectNode();
    o.put("apiVersion", "neo4j.neo4j.com/v1alpha1");
    o.put("kind", "Neo4jRestore");
    ObjectNode meta = o.putObject("metadata");
    meta.put("name", name);
    meta.put("namespace", namespace);
    meta.put("uid", "uid-" + name);
    meta.put("generation", 1);
    meta.put("creationTimestamp", "2025-01-20T10:00:00Z");
    ObjectNode spec = o.putObject("spec");
    spec.put("targetCluster", "prod");
    spec.put("databaseName", "movies");
    ObjectNode source = spec.putObject("source");
    source.put("type", "backup");
    source.put("backupRef", "nightly");
    return new Snapshots(o);
  }

  private ObjectNode status() {
    return object.has("status") ? (ObjectNode) object.get("status") : object.putObject("status");
  }

  public Snapshots phase(String phase, String message) {
    status().put("phase", phase);
    if (message != null) {
      status().put("message", message);
    }
    status().put("observedGeneration", object.at("/metadata/generation").asLong());
    return this;
  }

  public Snapshots generation(long g) {
    ((ObjectNode) object.get("metadata")).put("generation", g);
    return this;
  }

  public Snapshots started(String time) {
    status().put("startTime", time);
    return this;
  }

  public Snapshots completed(String time) {
    status().put("completionTime", time);
    return this;
  }

  public Snapshots step(String name, String state, String start, String end, String message) {
    ArrayNode steps =
        status().has("steps") ? (ArrayNode) status().get("steps") : status().putArray("steps");
    ObjectNode step = null;
    for (JsonNode s : steps) {
      if (s.path("name").asText().equals(name)) {
        step = (ObjectNode) s;
      }
    }
    if (step == null) {
      step = steps.addObject();
      step.put("name", name);
    }
    step.put("state", state);
    if (start != null) {
      step.put("startTime", start);
    }
    if (end != null) {
      step.put("completionTime", end);
    }
    if (message != null) {
      step.put("message", message);
    }
    return this;
  }

  public Snapshots progress(String name, String progress) {
    for (JsonNode s : status().path("steps")) {
      if (s.path("name").asText().equals(name)) {
        ((ObjectNode) s).put("progress", progress);
      }
    }
    return this;
  }

  public Snapshots condition(String type, String status, String reason, String message, String at) {
    ArrayNode conditions =
        status().has("conditions")
            ? (ArrayNode) status().get("conditions")
            : status().putArray("conditions");
    for (int i = 0; i < conditions.size(); i++) {
      if (conditions.get(i).path("type").asText().equals(type)) {
        conditions.remove(i);
        break;
      }
    }
    ObjectNode c = conditions.addObject();
    c.put("type", type);
    c.put("status", status);
    c.put("reason", reason);
    c.put("message", message);
    c.put("lastTransitionTime", at);
    return this;
  }

  public Snapshots runnerJob(String job) {
    ObjectNode a = status().putObject("attempt");
    a.put("generation", object.at("/metadata/generation").asLong());
    a.put("runnerJob", job);
    return this;
  }

  public Snapshots duration(String duration) {
    status().putObject("stats").put("duration", duration);
    return this;
  }

  /** Makes it a drill ({@code spec.drill}) with {@code assertions} statements; schedule or null. */
  public Snapshots drill(int assertions, String schedule) {
    ObjectNode drill = ((ObjectNode) object.get("spec")).putObject("drill");
    ArrayNode list = drill.putArray("assertions");
    for (int i = 0; i < assertions; i++) {
      list.add("SECRET STATEMENT " + i + " RETURN true");
    }
    if (schedule != null) {
      drill.put("schedule", schedule);
    }
    return this;
  }

  /**
   * Puts a drill record first in {@code status.drills} (newest first).
   *
   * @param failedAssertion the failed one's index, or null
   */
  public Snapshots drillRecord(
      String start,
      String duration,
      String outcome,
      String reason,
      int assertions,
      int passed,
      Integer failedAssertion) {
    ArrayNode drills =
        status().has("drills") ? (ArrayNode) status().get("drills") : status().putArray("drills");
    ObjectNode d = drills.insertObject(0);
    d.put("startTime", start);
    d.put("duration", duration);
    d.put("restoreDuration", "2m10s");
    d.put("backupAge", "1h58m");
    d.put("assertions", assertions);
    d.put("assertionsPassed", passed);
    if (failedAssertion != null) {
      d.put("failedAssertion", failedAssertion);
    }
    d.put("outcome", outcome);
    d.put("reason", reason);
    d.put("message", "drill " + outcome.toLowerCase(java.util.Locale.ROOT));
    d.put("cleanup", "done");
    return this;
  }

  /** A copy of the current state (later changes do not affect it). */
  public ObjectNode snapshot() {
    return object.deepCopy();
  }

  public static ObjectNode event(
      String name, String type, String reason, String message, String time) {
    ObjectNode e = ApiMapper.json().createObjectNode();
    e.putObject("metadata").put("name", name).put("uid", "ev-" + name);
    e.put("type", type);
    e.put("reason", reason);
    e.put("message", message);
    e.put("lastTimestamp", time);
    e.put("count", 1);
    return e;
  }
}

package io.neo4jrestore.plugin.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.kube.ApiStatusException;
import io.neo4jrestore.kube.KubeException;
import io.neo4jrestore.plugin.logs.LogRequest;
import io.neo4jrestore.plugin.logs.LogStream;
import io.neo4jrestore.plugin.restore.RestoreCluster;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory {@link RestoreCluster} that records every call. Watches are scripted: each {@link
 * #watch} call takes the next script (events, or a failure); delivered objects become the stored
 * state, so a re-list sees what the watch showed last.
 */
public class FakeRestoreCluster implements RestoreCluster {
  public final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
  public final Map<String, ObjectNode> restores = new LinkedHashMap<>();
  public final Map<String, ObjectNode> jobs = new LinkedHashMap<>();
  public final Map<String, List<JsonNode>> events = new LinkedHashMap<>();
  public final List<String> warnings = new ArrayList<>();
  private final Deque<Object> watchScripts = new ArrayDeque<>();
  public RuntimeException failNextCreate;
  public RuntimeException failJobs;
  public boolean eventsForbidden;
  private long resourceVersion = 100;
  private int uids;

  private static String key(String ns, String name) {
    return ns + "/" + name;
  }

  /** Stores a restore as the server would have it (uid, generation, resourceVersion filled). */
  public ObjectNode put(JsonNode restore) {
    ObjectNode copy = restore.deepCopy();
    ObjectNode meta = (ObjectNode) copy.get("metadata");
    if (!meta.has("uid")) {
      meta.put("uid", "uid-" + (++uids));
    }
    if (!meta.has("generation")) {
      meta.put("generation", 1);
    }
    if (!meta.has("creationTimestamp")) {
      meta.put("creationTimestamp", "2025-01-20T10:00:00Z");
    }
    meta.put("resourceVersion", Long.toString(++resourceVersion));
    restores.put(key(meta.path("namespace").asText(), meta.path("name").asText()), copy);
    return copy;
  }

  /** The next watch delivers these events, then ends. */
  public FakeRestoreCluster thenWatch(Event... script) {
    watchScripts.add(List.of(script));
    return this;
  }

  /** The next watch call fails. */
  public FakeRestoreCluster thenWatchFails(RuntimeException e) {
    watchScripts.add(e);
    return this;
  }

  public static Event modified(JsonNode object) {
    return new Event("MODIFIED", object);
  }

  /** Not an event: the object changes on the server without this watch seeing it. */
  public static final String SERVER_WRITE = "SERVER_WRITE";

  public static Event serverWrite(JsonNode object) {
    return new Event(SERVER_WRITE, object);
  }

  public static Event bookmark(String rv) {
    ObjectNode o = ApiMapper.json().createObjectNode();
    o.putObject("metadata").put("resourceVersion", rv);
    return new Event("BOOKMARK", o);
  }

  public static Event gone() {
    ObjectNode status = ApiMapper.json().createObjectNode();
    status.put("kind", "Status");
    status.put("code", 410);
    status.put("reason", "Expired");
    status.put("message", "too old resource version: 1 (200)");
    return new Event("ERROR", status);
  }

  public static ApiStatusException httpGone() {
    return new ApiStatusException("HTTP 410 Gone", 410, "Expired", "too old", null, "");
  }

  public static ApiStatusException status(int code, String reason, String message) {
    ObjectNode status = ApiMapper.json().createObjectNode();
    status.put("kind", "Status");
    status.put("code", code);
    status.put("reason", reason);
    status.put("message", message);
    return new ApiStatusException(
        message + " (HTTP " + code + ")", code, reason, message, status, status.toString());
  }

  @Override
  public Optional<JsonNode> find(String namespace, String name) {
    calls.add("find " + namespace + "/" + name);
    return Optional.ofNullable(restores.get(key(namespace, name))).map(JsonNode::deepCopy);
  }

  @Override
  public Listing list(String namespace, String labelSelector, String fieldSelector) {
    calls.add("list " + namespace + " labels=" + labelSelector + " fields=" + fieldSelector);
    List<JsonNode> items = new ArrayList<>();
    for (ObjectNode r : restores.values()) {
      JsonNode meta = r.path("metadata");
      if (namespace != null && !namespace.equals(meta.path("namespace").asText())) {
        continue;
      }
      if (fieldSelector != null
          && fieldSelector.startsWith("metadata.name=")
          && !fieldSelector
              .substring("metadata.name=".length())
              .equals(meta.path("name").asText())) {
        continue;
      }
      if (labelSelector != null && !matches(labelSelector, meta.path("labels"))) {
        continue;
      }
      items.add(r.deepCopy());
    }
    return new Listing(items, Long.toString(resourceVersion));
  }

  private static boolean matches(String selector, JsonNode labels) {
    for (String term : selector.split(",")) {
      String[] kv = term.split("=", 2);
      if (!labels.path(kv[0]).asText("\u0000").equals(kv.length > 1 ? kv[1] : "")) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Created create(String namespace, ObjectNode restore, DryRun dryRun) {
    calls.add("create " + namespace + "/" + restore.at("/metadata/name").asText() + " " + dryRun);
    if (failNextCreate != null) {
      RuntimeException e = failNextCreate;
      failNextCreate = null;
      throw e;
    }
    if (dryRun == DryRun.SERVER) {
      ObjectNode copy = restore.deepCopy();
      ((ObjectNode) copy.get("metadata")).put("uid", "dry-run-uid");
      return new Created(copy, List.copyOf(warnings));
    }
    return new Created(put(restore), List.copyOf(warnings));
  }

  @Override
  public boolean createJob(String namespace, ObjectNode job) {
    String name = job.at("/metadata/name").asText();
    calls.add("createJob " + namespace + "/" + name);
    if (failJobs != null) {
      throw failJobs;
    }
    return jobs.putIfAbsent(key(namespace, name), job) == null;
  }

  @Override
  public boolean delete(String namespace, String name) {
    calls.add("delete " + namespace + "/" + name);
    return restores.remove(key(namespace, name)) != null;
  }

  @Override
  public JsonNode annotate(String namespace, String name, Map<String, String> annotations) {
    calls.add("annotate " + namespace + "/" + name + " " + annotations.keySet());
    ObjectNode r = restores.get(key(namespace, name));
    if (r == null) {
      throw status(404, "NotFound", "neo4jrestores.neo4j.neo4j.com \"" + name + "\" not found");
    }
    ObjectNode meta = (ObjectNode) r.get("metadata");
    ObjectNode a =
        meta.has("annotations")
            ? (ObjectNode) meta.get("annotations")
            : meta.putObject("annotations");
    annotations.forEach(
        (k, v) -> {
          if (v == null) {
            a.remove(k); // a merge patch's null removes the key
          } else {
            a.put(k, v);
          }
        });
    return put(r);
  }

  @Override
  public List<JsonNode> events(String namespace, String name, String uid) {
    calls.add("events " + namespace + "/" + name);
    if (eventsForbidden) {
      throw new KubeException("events is forbidden");
    }
    return events.getOrDefault(key(namespace, name), List.of());
  }

  @Override
  public Watch watch(String namespace, String name, String rv, Duration timeout) {
    calls.add("watch " + namespace + "/" + name + " from " + rv);
    Object script = watchScripts.poll();
    if (script == null) {
      throw new AssertionError("no watch scripted for call " + calls.size() + ": " + calls);
    }
    if (script instanceof RuntimeException e) {
      throw e;
    }
    @SuppressWarnings("unchecked")
    Deque<Event> pending = new ArrayDeque<>((List<Event>) script);
    return new Watch() {
      @Override
      public Event next() {
        Event e = pending.poll();
        while (e != null && e.type().equals(SERVER_WRITE)) {
          put(e.object()); // changed on the server, not delivered to this watch
          e = pending.poll();
        }
        if (e != null && (e.type().equals("ADDED") || e.type().equals("MODIFIED"))) {
          ObjectNode stored = put(e.object());
          return new Event(e.type(), stored.deepCopy());
        }
        return e;
      }

      @Override
      public void close() {}
    };
  }

  /** Each {@link #pods} call takes the next list; the last one stays. */
  public final Deque<List<JsonNode>> podLists = new ArrayDeque<>();

  /** Per {@code ns/pod/container}: each log request takes the next response; the last stays. */
  public final Map<String, Deque<List<String>>> logResponses = new LinkedHashMap<>();

  public FakeRestoreCluster thenPods(JsonNode... pods) {
    podLists.add(List.of(pods));
    return this;
  }

  public FakeRestoreCluster thenLog(String key, String... lines) {
    logResponses.computeIfAbsent(key, k -> new ArrayDeque<>()).add(List.of(lines));
    return this;
  }

  @Override
  public List<JsonNode> pods(String namespace, String labelSelector) {
    calls.add("pods " + namespace + " " + labelSelector);
    List<JsonNode> pods = podLists.size() > 1 ? podLists.poll() : podLists.peek();
    return pods == null ? List.of() : pods;
  }

  @Override
  public LogStream podLog(String namespace, String pod, String container, LogRequest request) {
    String key = namespace + "/" + pod + "/" + container;
    calls.add(
        "podLog "
            + key
            + (request.follow() ? " follow" : "")
            + (request.sinceTime() == null ? "" : " sinceTime=" + request.sinceTime())
            + (request.since() == null ? "" : " since=" + request.since())
            + (request.tailLines() == null ? "" : " tail=" + request.tailLines()));
    Deque<List<String>> responses = logResponses.get(key);
    if (responses == null || responses.isEmpty()) {
      throw status(400, "BadRequest", "container \"" + container + "\" is waiting to start");
    }
    List<String> lines = responses.size() > 1 ? responses.poll() : responses.peek();
    if (request.tailLines() != null && lines.size() > request.tailLines()) {
      lines = lines.subList(lines.size() - request.tailLines(), lines.size());
    }
    Deque<String> pending = new ArrayDeque<>(lines);
    return new LogStream() {
      @Override
      public String next() {
        return pending.poll();
      }

      @Override
      public void close() {
        calls.add("closed " + key);
      }
    };
  }

  /** Objects by REST path, for {@link #read} and {@link #apply}. */
  public final Map<String, JsonNode> objects = new LinkedHashMap<>();

  /** Namespaces that exist. */
  public final java.util.Set<String> namespaces = new java.util.LinkedHashSet<>(List.of("default"));

  @Override
  public Optional<JsonNode> read(String path) {
    calls.add("read " + path);
    if (path.startsWith("/api/v1/namespaces/") && path.indexOf('/', 19) < 0) {
      String ns = path.substring(19);
      if (!namespaces.contains(ns)) {
        return Optional.empty();
      }
      ObjectNode o = ApiMapper.json().createObjectNode();
      o.putObject("metadata").put("name", ns);
      return Optional.of(o);
    }
    return Optional.ofNullable(objects.get(path)).map(JsonNode::deepCopy);
  }

  @Override
  public JsonNode apply(String path, JsonNode object, DryRun dryRun) {
    calls.add("apply " + path + (dryRun == DryRun.SERVER ? " dry" : ""));
    ObjectNode stored = object.deepCopy();
    if ("CustomResourceDefinition".equals(object.path("kind").asText())) {
      ObjectNode c = stored.putObject("status").putArray("conditions").addObject();
      c.put("type", "Established").put("status", "True");
    }
    if (dryRun == DryRun.NONE) {
      objects.put(path, stored);
    }
    return stored;
  }

  @Override
  public String where() {
    return "the fake API server";
  }
}

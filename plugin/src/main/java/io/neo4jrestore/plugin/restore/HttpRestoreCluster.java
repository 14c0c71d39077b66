package io.neo4jrestore.plugin.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.kube.ApiPaths;
import io.neo4jrestore.kube.ApiStatusException;
import io.neo4jrestore.kube.KubeRest;
import io.neo4jrestore.plugin.ExitCode;
import io.neo4jrestore.plugin.PluginException;
import io.neo4jrestore.plugin.logs.LogRequest;
import io.neo4jrestore.plugin.logs.LogStream;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RestoreCluster} over the API server's REST paths ({@link KubeRest}), bodies as JSON trees.
 */
public final class HttpRestoreCluster implements RestoreCluster {
  private final KubeRest api;

  public HttpRestoreCluster(KubeRest api) {
    this.api = api;
  }

  static String collection(String namespace) {
    return ApiPaths.collection(RestoreApi.API_VERSION, namespace, RestoreApi.PLURAL);
  }

  @Override
  public String where() {
    return api.where();
  }

  @Override
  public Optional<JsonNode> find(String namespace, String name) {
    try {
      return Optional.ofNullable(api.get(collection(namespace) + "/" + name, Map.of()).body());
    } catch (ApiStatusException e) {
      if (e.isNotFound() && e.status() != null && !"".equals(e.reason())) {
        return Optional.empty();
      }
      throw crdHint(e);
    }
  }

  @Override
  public Listing list(String namespace, String labelSelector, String fieldSelector) {
    Map<String, String> query = new LinkedHashMap<>();
    if (labelSelector != null && !labelSelector.isBlank()) {
      query.put("labelSelector", labelSelector);
    }
    if (fieldSelector != null && !fieldSelector.isBlank()) {
      query.put("fieldSelector", fieldSelector);
    }
    JsonNode list;
    try {
      list = api.get(collection(namespace), query).body();
    } catch (ApiStatusException e) {
      throw crdHint(e);
    }
    List<JsonNode> items = new ArrayList<>();
    list.path("items").forEach(items::add);
    return new Listing(items, list.path("metadata").path("resourceVersion").asText(""));
  }

  @Override
  public Created create(String namespace, ObjectNode restore, DryRun dryRun) {
    Map<String, String> query = new LinkedHashMap<>();
    if (dryRun == DryRun.SERVER) {
      query.put("dryRun", "All");
    }
    query.put("fieldValidation", "Strict");
    String name = restore.path("metadata").path("name").asText();
    try {
      KubeRest.Reply reply = api.post(collection(namespace), query, restore);
      return new Created(reply.body(), reply.warnings());
    } catch (ApiStatusException e) {
      if (e.isAlreadyExists()) {
        throw new PluginException(
            ExitCode.API,
            "neo4jrestore \""
                + name
                + "\" already exists in namespace "
                + namespace
                + "; pick another name, or look at it with: kubectl neo4j-restore describe "
                + name
                + " -n "
                + namespace,
            e);
      }
      if (e.isInvalid()) {
        throw new PluginException(
            ExitCode.REFUSED,
            "the API server refused neo4jrestore \""
                + name
                + "\": "
                + e.statusMessage()
                + "\nnothing was created; fix the resource and run the command again",
            e);
      }
      throw crdHint(e);
    }
  }

  @Override
  public boolean createJob(String namespace, ObjectNode job) {
    try {
      api.post("/apis/batch/v1/namespaces/" + namespace + "/jobs", Map.of(), job);
      return true;
    } catch (ApiStatusException e) {
      if (e.isAlreadyExists()) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public boolean delete(String namespace, String name) {
    ObjectNode options = ApiMapper.json().createObjectNode();
    options.put("apiVersion", "v1");
    options.put("kind", "DeleteOptions");
    options.put("propagationPolicy", "Background");
    try {
      api.delete(collection(namespace) + "/" + name, Map.of(), options);
      return true;
    } catch (ApiStatusException e) {
      if (e.isNotFound() && e.status() != null) {
        return false;
      }
      throw crdHint(e);
    }
  }

  @Override
  public JsonNode annotate(String namespace, String name, Map<String, String> annotations) {
    ObjectNode patch = ApiMapper.json().createObjectNode();
    ObjectNode a = patch.putObject("metadata").putObject("annotations");
    annotations.forEach(a::put);
    return api.mergePatch(collection(namespace) + "/" + name, Map.of(), patch).body();
  }

  @Override
  public List<JsonNode> events(String namespace, String name, String uid) {
    String selector = "involvedObject.kind=" + RestoreApi.KIND + ",involvedObject.name=" + name;
    if (uid != null && !uid.isEmpty()) {
      selector += ",involvedObject.uid=" + uid;
    }
    JsonNode list =
        api.get("/api/v1/namespaces/" + namespace + "/events", Map.of("fieldSelector", selector))
            .body();
    List<JsonNode> items = new ArrayList<>();
    list.path("items").forEach(items::add);
    items.sort(Comparator.comparing(EventViews::time));
    return items;
  }

  @Override
  public Watch watch(String namespace, String name, String resourceVersion, Duration timeout) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("fieldSelector", "metadata.name=" + name);
    query.put("allowWatchBookmarks", "true");
    query.put("timeoutSeconds", Long.toString(Math.max(1, timeout.toSeconds())));
    if (resourceVersion != null && !resourceVersion.isEmpty()) {
      query.put("resourceVersion", resourceVersion);
    }
    KubeRest.WatchStream stream = api.watch(collection(namespace), query, timeout);
    return new Watch() {
      @Override
      public Event next() {
        io.neo4jrestore.kube.WatchEvent e = stream.next();
        return e == null ? null : new Event(e.type(), e.object());
      }

      @Override
      public void close() {
        stream.close();
      }
    };
  }

  @Override
  public List<JsonNode> pods(String namespace, String labelSelector) {
    JsonNode list =
        api.get("/api/v1/namespaces/" + namespace + "/pods", Map.of("labelSelector", labelSelector))
            .body();
    List<JsonNode> items = new ArrayList<>();
    list.path("items").forEach(items::add);
    return items;
  }

  @Override
  public LogStream podLog(String namespace, String pod, String container, LogRequest request) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("container", container);
    query.put("timestamps", "true");
    if (request.follow()) {
      query.put("follow", "true");
    }
    if (request.sinceTime() != null) {
      // the API takes whole seconds: round down, the caller skips what it has already seen
      query.put("sinceTime", request.sinceTime().truncatedTo(ChronoUnit.SECONDS).toString());
    } else if (request.since() != null) {
      query.put("sinceSeconds", Long.toString(Math.max(1, request.since().toSeconds())));
    }
    if (request.tailLines() != null) {
      query.put("tailLines", Integer.toString(request.tailLines()));
    }
    KubeRest.LineStream stream =
        api.text(
            "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log", query, request.follow());
    return new LogStream() {
      @Override
      public String next() throws IOException {
        return stream.next();
      }

      @Override
      public void close() {
        stream.close();
      }
    };
  }

  /** The field manager of everything {@code install} applies. */
  public static final String FIELD_MANAGER = "kubectl-neo4j-restore";

  @Override
  public Optional<JsonNode> read(String path) {
    try {
      return Optional.ofNullable(api.get(path, Map.of()).body());
    } catch (ApiStatusException e) {
      if (e.code() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public JsonNode apply(String path, JsonNode object, DryRun dryRun) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("fieldManager", FIELD_MANAGER);
    query.put("force", "true");
    query.put("fieldValidation", "Strict");
    if (dryRun == DryRun.SERVER) {
      query.put("dryRun", "All");
    }
    return api.apply(path, query, object).body();
  }

  private PluginException crdHint(ApiStatusException e) {
    if (e.code() == 404 && (e.status() == null || e.reason().isEmpty())) {
      return new PluginException(
          ExitCode.API,
          "the API server ("
              + api.where()
              + ") does not serve "
              + RestoreApi.CRD_NAME
              + "/"
              + RestoreApi.VERSION
              + ": the CRD is not installed; check with: kubectl get crd "
              + RestoreApi.CRD_NAME,
          e);
    }
    return new PluginException(ExitCode.API, e.getMessage(), e);
  }
}

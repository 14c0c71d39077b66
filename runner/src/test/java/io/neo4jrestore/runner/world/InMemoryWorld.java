package io.neo4jrestore.runner.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.common.Sleeper;
import io.neo4jrestore.runner.exec.RestoreJobFactory;
import io.neo4jrestore.runner.exec.RunContext;
import io.neo4jrestore.runner.exec.RunnerSettings;
import io.neo4jrestore.runner.job.RestoreJobs;
import io.neo4jrestore.runner.kube.ClusterOps;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.runner.kube.RestoreStore;
import io.neo4jrestore.runner.lock.LockSettings;
import io.neo4jrestore.runner.neo4j.DatabasePort;
import io.neo4jrestore.runner.neo4j.TestClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-memory Kubernetes API server for the runner's tests: objects as JSON trees keyed by API
 * path, with resourceVersions, UIDs and generations, behind the same ports as the real adapters
 * ({@link #cluster()}, {@link #restores}). Writes are followed at once by a StatefulSet controller
 * and kubelet (pods and claims of every StatefulSet, Ready at once) and by a Job controller whose
 * outcome the test scripts ({@link #jobs()}). Every port call is recorded ({@link #calls()}) for
 * {@link CallOrder}, and the next call of a kind can be made to fail ({@link #failNext}).
 *
 * <p>Not a real API server: no admission or validation, no watch (405: waits read every poll
 * interval), owner-reference garbage collection only through {@link #deleteWithDependents}, no
 * finalizers or deletion timestamps, no field selectors beyond {@code metadata.name}, label
 * selectors of equalities only.
 */
public final class InMemoryWorld {
  /** Where the world's timestamps start: the tests' {@link TestClock} start. */
  private static final Instant EPOCH = TestClock.START;

  private final TreeMap<String, ObjectNode> objects = new TreeMap<>();
  private final List<String> calls = new ArrayList<>();
  private final List<Fault> faults = new ArrayList<>();
  private final List<WorldEvent> events = new ArrayList<>();
  private final Map<String, String> logs = new HashMap<>();
  private final Map<String, String> served = new HashMap<>();
  private final Map<String, JsonNode> rules = new HashMap<>();
  private final WorldJobs jobs = new WorldJobs(this);
  private final WorldClusterOps cluster = new WorldClusterOps(this);
  private long resourceVersion = 1000;
  private long uids;
  private boolean reconciling;

  /** One event as recorded: about which object, of which type and reason. */
  public record WorldEvent(
      String namespace, String kind, String name, String type, String reason, String message) {}

  private record Fault(String method, String pathPrefix, int code) {}

  public InMemoryWorld() {
    LenientJson.install();
  }

  // --- the ports ---

  /** The cluster as the runner sees it. */
  public ClusterOps cluster() {
    return cluster;
  }

  /** The Neo4jRestore {@code namespace/name} as the runner reads and writes it. */
  public RestoreStore restores(String namespace, String name) {
    return new WorldRestoreStore(this, namespace, name);
  }

  /** The Job controller: how created Jobs end. */
  public WorldJobs jobs() {
    return jobs;
  }

  /**
   * A run's context for {@code restore}, built as {@code RunCommand.context} builds one: this
   * world's ports, production restore Jobs, {@code clock} as clock and sleeper, and waits that look
   * every millisecond. The clock moves when the calling thread sleeps or waits on a watch (by the
   * wait's step each time, so a wait for what never comes reaches its deadline); the lock's renewer
   * (another thread) really sleeps.
   */
  public RunContext context(Neo4jRestore restore, TestClock clock, DatabasePort database) {
    return context(restore, clock, database, new PrintStream(new ByteArrayOutputStream(), true));
  }

  /** The same, logging to {@code log}. */
  public RunContext context(
      Neo4jRestore restore, TestClock clock, DatabasePort database, PrintStream log) {
    return context(restore, clock, target -> database, log);
  }

  /** The same, with a Neo4j for each target (a drill's server is one of its own). */
  public RunContext context(
      Neo4jRestore restore,
      TestClock clock,
      java.util.function.Function<io.neo4jrestore.runner.target.Target, DatabasePort> databases,
      PrintStream log) {
    RestoreStore store = restores(restore.metadata().namespace(), restore.metadata().name());
    RestoreJobFactory factory = RestoreJobs::build;
    // the lock renews from its own thread: a TestClock there would spin (it never really sleeps)
    Thread run = Thread.currentThread();
    Sleeper sleeper =
        new Sleeper() {
          @Override
          public void sleep(Duration d) throws InterruptedException {
            if (Thread.currentThread() == run) {
              clock.sleep(d);
            } else {
              Thread.sleep(d.toMillis());
            }
          }

          /**
           * A watched wait passes time as a sleep does: it looks for a change for a moment, then
           * the clock moves by the wait's step, so that a wait on something that never comes
           * reaches its deadline (the world changes only when the test changes it).
           */
          @Override
          public void await(Pause pause, Duration max) throws InterruptedException {
            if (Thread.currentThread() != run) {
              pause.await(max);
              return;
            }
            pause.await(Duration.ofMillis(1));
            clock.sleep(max);
          }
        };
    return new RunContext(
            store,
            cluster,
            clock,
            sleeper,
            settings(),
            databases,
            factory,
            "runner-pod",
            "runner-job",
            restore)
        .lockSettings(
            new LockSettings(Duration.ofSeconds(3), Duration.ofSeconds(60), Duration.ofMillis(1)))
        .watching(true)
        .log(log);
  }

  /** Waits that look every millisecond; the StatefulSet need not stay down. */
  public static RunnerSettings settings() {
    return new RunnerSettings(
        Duration.ofMillis(1),
        Duration.ofSeconds(60),
        Duration.ZERO,
        Duration.ofSeconds(90),
        Duration.ofSeconds(10),
        Duration.ofHours(1),
        Duration.ofSeconds(5));
  }

  // --- what tests set up and look at ---

  /** Serves {@code plural} of {@code group} at {@code version} (discovery, as a CRD does). */
  public synchronized InMemoryWorld serve(String group, String version, String plural) {
    served.put(group + "/" + plural, version);
    return this;
  }

  /**
   * What the runner's identity may do in {@code namespace}, as a SelfSubjectRulesReview's status
   * answers ({@code resourceRules}); without it, the world cannot tell (empty).
   */
  public synchronized InMemoryWorld rules(String namespace, JsonNode review) {
    rules.put(namespace, review);
    return this;
  }

  synchronized Optional<JsonNode> rulesReview(String namespace) {
    return Optional.ofNullable(rules.get(namespace));
  }

  synchronized Optional<String> servedVersion(String group, String plural) {
    return Optional.ofNullable(served.get(group + "/" + plural));
  }

  /** Stores (creates or replaces) the object at {@code path}; the controllers follow. */
  public ObjectNode put(String path, JsonNode object) {
    ObjectNode stored;
    synchronized (this) {
      ObjectNode copy = (ObjectNode) object.deepCopy();
      stored = objects.containsKey(path) ? store(path, copy, true) : created(path, copy);
    }
    if (path.contains("/jobs/")) {
      jobs.created(path);
    }
    return stored;
  }

  public ObjectNode put(V1StatefulSet sts) {
    return put(path("/apis/apps/v1", "statefulsets", sts.getMetadata()), tree(sts));
  }

  public ObjectNode put(V1Pod pod) {
    return put(path("/api/v1", "pods", pod.getMetadata()), tree(pod));
  }

  public ObjectNode put(V1Secret secret) {
    return put(path("/api/v1", "secrets", secret.getMetadata()), tree(secret));
  }

  public ObjectNode put(V1PersistentVolumeClaim pvc) {
    return put(path("/api/v1", "persistentvolumeclaims", pvc.getMetadata()), tree(pvc));
  }

  public ObjectNode put(V1ServiceAccount sa) {
    return put(path("/api/v1", "serviceaccounts", sa.getMetadata()), tree(sa));
  }

  /** Stores the Job; the Job controller runs it as scripted. */
  public ObjectNode put(V1Job job) {
    return put(path("/apis/batch/v1", "jobs", job.getMetadata()), tree(job));
  }

  /** Stores the Neo4jRestore (in the namespace of its metadata). */
  public ObjectNode put(Neo4jRestore restore) {
    return put(
        RestoreApi.path(restore.metadata().namespace(), restore.metadata().name()),
        ApiMapper.json().valueToTree(restore));
  }

  /** The object at {@code path}, as stored (a copy). */
  public synchronized Optional<JsonNode> get(String path) {
    ObjectNode o = objects.get(path);
    return Optional.ofNullable(o == null ? null : o.deepCopy());
  }

  /** The object at {@code path} as a client-java model. */
  public <T> Optional<T> get(String path, Class<T> type) {
    return get(path).map(o -> typed(o, type));
  }

  /** The Neo4jRestore {@code namespace/name} as stored. */
  public Neo4jRestore restore(String namespace, String name) {
    JsonNode o = get(RestoreApi.path(namespace, name)).orElseThrow();
    try {
      return ApiMapper.json().treeToValue(o, Neo4jRestore.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deletes the object at once (no finalizers); its dependents stay. */
  public synchronized boolean delete(String path) {
    boolean gone = objects.remove(path) != null;
    if (gone) {
      resourceVersion++;
      reconcile();
    }
    return gone;
  }

  /**
   * Deletes the object and, as Kubernetes' garbage collector does after a delete with background
   * propagation, every object that names it (by UID) in its owner references, and theirs.
   */
  public synchronized boolean deleteWithDependents(String path) {
    ObjectNode o = objects.get(path);
    if (o == null) {
      return false;
    }
    String uid = o.at("/metadata/uid").asText();
    delete(path);
    for (var e : List.copyOf(objects.entrySet())) {
      for (JsonNode owner : e.getValue().at("/metadata/ownerReferences")) {
        if (uid.equals(owner.path("uid").asText())) {
          deleteWithDependents(e.getKey());
        }
      }
    }
    return true;
  }

  /** The names of the objects in {@code collection} (an API path), sorted. */
  public synchronized List<String> collectionNames(String collection) {
    return within(collection).stream().map(o -> o.at("/metadata/name").asText()).toList();
  }

  /** The events recorded, oldest first. */
  public synchronized List<WorldEvent> events() {
    return List.copyOf(events);
  }

  /** Records an event about an object (as a controller would, e.g. a Job's FailedCreate). */
  public synchronized void event(
      String namespace, String kind, String name, String type, String reason, String message) {
    events.add(new WorldEvent(namespace, kind, name, type, reason, message));
  }

  /** What {@code podLog} answers for a container of a pod. */
  public synchronized void podLog(String namespace, String pod, String container, String log) {
    logs.put(namespace + "/" + pod + "/" + container, log);
  }

  synchronized String log(String namespace, String pod, String container) {
    return logs.getOrDefault(namespace + "/" + pod + "/" + container, "");
  }

  /** Every port call so far, oldest first (see {@link CallOrder}). */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /**
   * The next call of {@code method} (a port method's name as in {@link #calls()}, e.g. {@code
   * scale}, {@code writeStatus}, {@code lease.replace}; {@code *}: any) on a path starting with
   * {@code pathPrefix} fails with HTTP {@code code}.
   */
  public synchronized InMemoryWorld failNext(String method, String pathPrefix, int code) {
    faults.add(new Fault(method, pathPrefix, code));
    return this;
  }

  /** How many faults armed with {@link #failNext} have not fired yet. */
  public synchronized int faultsLeft() {
    return faults.size();
  }

  /** The next status write fails with 409, as when someone else wrote the resource meanwhile. */
  public InMemoryWorld conflictNextStatusWrite() {
    return failNext("writeStatus", "", 409);
  }

  // --- the store, for the ports ---

  synchronized void record(String call) {
    calls.add(call);
  }

  /** Throws the first fault armed for this call, once. */
  synchronized void fault(String method, String path) throws ApiException {
    for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
      Fault f = it.next();
      if (("*".equals(f.method()) || f.method().equals(method))
          && path.startsWith(f.pathPrefix())) {
        it.remove();
        throw new ApiException(f.code(), "injected by the in-memory world: " + method);
      }
    }
  }

  synchronized Optional<ObjectNode> find(String path) {
    ObjectNode o = objects.get(path);
    return Optional.ofNullable(o == null ? null : o.deepCopy());
  }

  synchronized ObjectNode require(String path) throws ApiException {
    return find(path).orElseThrow(() -> notFound(path));
  }

  /** POST: a 409 when it exists. */
  synchronized ObjectNode create(String path, ObjectNode object) throws ApiException {
    if (objects.containsKey(path)) {
      throw new ApiException(409, "AlreadyExists: " + path);
    }
    return created(path, object.deepCopy());
  }

  /** PUT: a 404 when missing, a 409 when {@code metadata.resourceVersion} is set and stale. */
  synchronized ObjectNode replace(String path, ObjectNode object) throws ApiException {
    ObjectNode current = objects.get(path);
    if (current == null) {
      throw notFound(path);
    }
    String expected = object.at("/metadata/resourceVersion").asText("");
    if (!expected.isEmpty() && !expected.equals(version(current))) {
      throw conflict(path);
    }
    ObjectNode copy = object.deepCopy();
    copy.set("status", current.get("status"));
    return store(path, copy, true);
  }

  /**
   * A JSON merge patch (RFC 7386) of the object, or of its {@code /status} or {@code /scale}
   * subresource: a 404 when missing, a 409 when the patch carries a stale resourceVersion.
   */
  synchronized ObjectNode mergePatch(String path, ObjectNode patch) throws ApiException {
    String subresource = null;
    String object = path;
    for (String sub : List.of("/status", "/scale")) {
      if (path.endsWith(sub) && !objects.containsKey(path)) {
        subresource = sub;
        object = path.substring(0, path.length() - sub.length());
      }
    }
    ObjectNode current = objects.get(object);
    if (current == null) {
      throw notFound(object);
    }
    String expected = patch.at("/metadata/resourceVersion").asText("");
    if (!expected.isEmpty() && !expected.equals(version(current))) {
      throw conflict(object);
    }
    ObjectNode updated = current.deepCopy();
    if ("/status".equals(subresource)) {
      merge(updated, "status", patch.get("status"));
    } else if ("/scale".equals(subresource)) {
      ((ObjectNode) updated.with("spec"))
          .put("replicas", patch.at("/spec/replicas").asInt(current.at("/spec/replicas").asInt()));
    } else {
      ObjectNode body = patch.deepCopy();
      body.remove("status"); // the status subresource's
      if (body.get("metadata") instanceof ObjectNode meta) {
        meta.remove("resourceVersion");
      }
      mergeInto(updated, body);
    }
    return store(object, updated, true);
  }

  /**
   * Replaces the status of the object (its {@code /status} subresource) if it is still at {@code
   * expectedVersion}: a 404 when missing, a 409 when it changed.
   */
  synchronized ObjectNode writeStatus(String path, String expectedVersion, JsonNode status)
      throws ApiException {
    ObjectNode current = objects.get(path);
    if (current == null) {
      throw notFound(path);
    }
    if (expectedVersion != null && !expectedVersion.equals(version(current))) {
      throw conflict(path);
    }
    ObjectNode updated = current.deepCopy();
    updated.set("status", status.deepCopy());
    return store(path, updated, true);
  }

  /** A list as the API server answers it: {@code items} and the list's resourceVersion. */
  synchronized ObjectNode list(String collection, Map<String, String> query) {
    ObjectNode list = ApiMapper.json().createObjectNode();
    list.putObject("metadata").put("resourceVersion", Long.toString(resourceVersion));
    ArrayNode items = list.putArray("items");
    for (ObjectNode o : within(collection)) {
      if (Selectors.matches(o, query.get("fieldSelector"), query.get("labelSelector"))) {
        items.add(o.deepCopy());
      }
    }
    return list;
  }

  private List<ObjectNode> within(String collection) {
    List<ObjectNode> found = new ArrayList<>();
    String prefix = collection + "/";
    for (var e : objects.tailMap(prefix).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      if (e.getKey().indexOf('/', prefix.length()) < 0) {
        found.add(e.getValue());
      }
    }
    return found;
  }

  private ObjectNode created(String path, ObjectNode object) {
    ObjectNode meta = object.with("metadata");
    meta.put("name", path.substring(path.lastIndexOf('/') + 1));
    namespaceOf(path).ifPresent(ns -> meta.put("namespace", ns));
    meta.put("uid", String.format("00000000-0000-4000-8000-%012d", ++uids));
    meta.put("creationTimestamp", EPOCH.plusSeconds(uids).toString());
    meta.put("generation", 1);
    return store(path, object, false);
  }

  /** Stores with a new resourceVersion (a new generation when the spec changed). */
  private ObjectNode store(String path, ObjectNode object, boolean update) {
    ObjectNode before = objects.get(path);
    ObjectNode meta = object.with("metadata");
    if (update && before != null) {
      for (String kept : List.of("uid", "creationTimestamp", "generation", "name", "namespace")) {
        if (before.at("/metadata/" + kept).isValueNode()) {
          meta.set(kept, before.get("metadata").get(kept));
        }
      }
      if (!before.path("spec").equals(object.path("spec"))) {
        meta.put("generation", before.at("/metadata/generation").asLong(1) + 1);
      }
    }
    meta.put("resourceVersion", Long.toString(++resourceVersion));
    objects.put(path, object);
    reconcile();
    return object.deepCopy();
  }

  /** Writes as a controller does: the status (or anything), no conflict check, no new round. */
  synchronized void controllerWrite(String path, ObjectNode object) {
    boolean was = reconciling;
    reconciling = true;
    try {
      store(path, object, true);
    } finally {
      reconciling = was;
    }
  }

  synchronized void controllerCreate(String path, ObjectNode object) {
    boolean was = reconciling;
    reconciling = true;
    try {
      created(path, object);
    } finally {
      reconciling = was;
    }
  }

  synchronized void controllerDelete(String path) {
    objects.remove(path);
    resourceVersion++;
  }

  /** The StatefulSet controller and kubelet, after every write. */
  private void reconcile() {
    if (reconciling) {
      return;
    }
    reconciling = true;
    try {
      for (String path : List.copyOf(objects.keySet())) {
        if (path.startsWith("/apis/apps/v1/namespaces/") && path.contains("/statefulsets/")) {
          StatefulSets.reconcile(this, path, objects.get(path));
        }
      }
    } finally {
      reconciling = false;
    }
  }

  synchronized List<ObjectNode> collection(String collection) {
    return within(collection).stream().map(ObjectNode::deepCopy).toList();
  }

  // --- JSON ---

  /**
   * A client-java model as JSON, without empty maps and lists: the models start with empty ones
   * (e.g. a pod's {@code overhead}) that an API server would take as set.
   */
  public static ObjectNode tree(Object model) {
    try {
      ObjectNode tree = (ObjectNode) ApiMapper.json().readTree(JSON.getGson().toJson(model));
      prune(tree);
      return tree;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Removes empty objects and arrays, deepest first. */
  private static void prune(JsonNode node) {
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      JsonNode child = it.next();
      prune(child);
      if (child.isContainerNode() && child.isEmpty()) {
        it.remove();
      }
    }
  }

  /** JSON as a client-java model (the lenient Gson the runner installs). */
  public static <T> T typed(JsonNode json, Class<T> type) {
    return JSON.getGson().fromJson(json.toString(), type);
  }

  private static void merge(ObjectNode target, String field, JsonNode patch) {
    if (patch == null) {
      return;
    }
    if (patch.isNull()) {
      target.remove(field);
    } else if (patch.isObject() && target.get(field) instanceof ObjectNode existing) {
      mergeInto(existing, (ObjectNode) patch);
    } else if (patch.isObject()) {
      ObjectNode fresh = target.putObject(field);
      mergeInto(fresh, (ObjectNode) patch);
    } else {
      target.set(field, patch.deepCopy());
    }
  }

  private static void mergeInto(ObjectNode target, ObjectNode patch) {
    patch.fields().forEachRemaining(e -> merge(target, e.getKey(), e.getValue()));
  }

  static String version(JsonNode object) {
    return object.at("/metadata/resourceVersion").asText("");
  }

  static Optional<String> namespaceOf(String path) {
    String[] parts = path.split("/");
    for (int i = 0; i + 1 < parts.length; i++) {
      if ("namespaces".equals(parts[i]) && i + 2 < parts.length) {
        return Optional.of(parts[i + 1]);
      }
    }
    return Optional.empty();
  }

  static String path(
      String api, String plural, io.kubernetes.client.openapi.models.V1ObjectMeta m) {
    return api + "/namespaces/" + m.getNamespace() + "/" + plural + "/" + m.getName();
  }

  static ApiException notFound(String path) {
    return new ApiException(404, "NotFound: " + path);
  }

  static ApiException conflict(String path) {
    return new ApiException(
        409, "Conflict: " + path + ": the object has been modified; read it again");
  }
}

package io.neo4jrestore.runner.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.runner.kube.ClusterOps;
import io.neo4jrestore.runner.kube.KubeHolderProbe;
import io.neo4jrestore.runner.kube.Watches;
import io.neo4jrestore.runner.lock.HolderProbe;
import io.neo4jrestore.runner.lock.Leases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@link ClusterOps} on the in-memory world, with the API server's answers as {@link
 * io.neo4jrestore.runner.kube.KubeClusterOps} sees them. Every call is recorded, then may fail as
 * armed with {@link InMemoryWorld#failNext}.
 */
final class WorldClusterOps implements ClusterOps {
  private final InMemoryWorld world;
  private final WorldSource source;

  WorldClusterOps(InMemoryWorld world) {
    this.world = world;
    this.source = new WorldSource(world);
  }

  /** Records the call, then throws a fault armed for it. */
  private void call(String method, String path, String line) throws ApiException {
    world.record(line);
    world.fault(method, path);
  }

  @Override
  public Optional<String> servedVersion(String group, String plural) throws ApiException {
    call("servedVersion", "/apis/" + group, "servedVersion " + group + "/" + plural);
    return world.servedVersion(group, plural);
  }

  @Override
  public Optional<JsonNode> object(String path) throws ApiException {
    call("object", path, "object " + path);
    return world.find(path).map(o -> o);
  }

  @Override
  public void annotate(String path, Map<String, String> annotations) throws ApiException {
    call("annotate", path, "annotate " + path + " " + new TreeMap<>(nullable(annotations)));
    ObjectNode patch = ApiMapper.json().createObjectNode();
    ObjectNode a = patch.putObject("metadata").putObject("annotations");
    annotations.forEach((k, v) -> a.put(k, v)); // a null value is a JSON null: removed
    world.mergePatch(path, patch);
  }

  @Override
  public Optional<JsonNode> rulesReview(String namespace) throws ApiException {
    call("rulesReview", "/apis/authorization.k8s.io", "rulesReview " + namespace);
    return world.rulesReview(namespace);
  }

  @Override
  public boolean finalizer(String path, String name, boolean present) throws ApiException {
    call("finalizer", path, "finalizer " + path + " " + (present ? "+" : "-") + name);
    var object = world.get(path);
    if (object.isEmpty()) {
      return false;
    }
    var patch = io.neo4jrestore.runner.kube.Finalizers.patch(object.get(), name, present);
    if (patch.isPresent()) {
      world.mergePatch(path, patch.get());
    }
    return true;
  }

  @Override
  public Map<String, String> annotations(String path) throws ApiException {
    call("annotations", path, "annotations " + path);
    Map<String, String> found = new LinkedHashMap<>();
    world
        .require(path)
        .at("/metadata/annotations")
        .fields()
        .forEachRemaining(e -> found.put(e.getKey(), e.getValue().asText()));
    return found;
  }

  @Override
  public Optional<V1StatefulSet> statefulSet(String namespace, String name) throws ApiException {
    return read("statefulSet", apps(namespace, "statefulsets", name), V1StatefulSet.class);
  }

  @Override
  public void scale(String namespace, String statefulSet, int replicas) throws ApiException {
    String path = apps(namespace, "statefulsets", statefulSet);
    call("scale", path, "scale " + namespace + "/" + statefulSet + " " + replicas);
    ObjectNode patch = ApiMapper.json().createObjectNode();
    patch.putObject("spec").put("replicas", replicas);
    world.mergePatch(path + "/scale", patch);
  }

  @Override
  public List<V1Pod> pods(String namespace, String labelSelector) throws ApiException {
    String collection = core(namespace, "pods");
    call("pods", collection, "pods " + namespace + " " + labelSelector);
    List<V1Pod> pods = new ArrayList<>();
    world
        .list(collection, Map.of("labelSelector", labelSelector))
        .path("items")
        .forEach(p -> pods.add(InMemoryWorld.typed(p, V1Pod.class)));
    return pods;
  }

  @Override
  public Optional<V1Pod> pod(String namespace, String name) throws ApiException {
    return read("pod", core(namespace, "pods") + "/" + name, V1Pod.class);
  }

  @Override
  public String podLog(String namespace, String pod, String container) throws ApiException {
    String path = core(namespace, "pods") + "/" + pod;
    call("podLog", path, "podLog " + namespace + "/" + pod + "/" + container);
    world.require(path);
    return world.log(namespace, pod, container);
  }

  @Override
  public Optional<V1Job> job(String namespace, String name) throws ApiException {
    return read("job", jobs(namespace) + "/" + name, V1Job.class);
  }

  @Override
  public boolean createJob(String namespace, V1Job job) throws ApiException {
    String path = jobs(namespace) + "/" + job.getMetadata().getName();
    call("createJob", path, "createJob " + namespace + "/" + job.getMetadata().getName());
    if (!created(path, InMemoryWorld.tree(job))) {
      return false;
    }
    world.jobs().created(path);
    return true;
  }

  /** Creates the object: false when one of that name exists (the API server's 409). */
  private boolean created(String path, ObjectNode object) throws ApiException {
    try {
      world.create(path, object);
      return true;
    } catch (ApiException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void dryRunJob(String namespace, V1Job job) throws ApiException {
    String path = jobs(namespace) + "/" + job.getMetadata().getName();
    call("dryRunJob", path, "dryRunJob " + namespace + "/" + job.getMetadata().getName());
  }

  @Override
  public Optional<String> lastWarning(String namespace, String kind, String name)
      throws ApiException {
    call(
        "lastWarning",
        core(namespace, "events"),
        "lastWarning " + namespace + " " + kind + "/" + name);
    return world.events().stream()
        .filter(e -> e.namespace().equals(namespace) && e.kind().equals(kind))
        .filter(e -> e.name().equals(name) && "Warning".equals(e.type()))
        .reduce((a, b) -> b)
        .map(e -> e.reason() + ": " + e.message());
  }

  @Override
  public Optional<V1PersistentVolumeClaim> pvc(String namespace, String name) throws ApiException {
    return read(
        "pvc",
        core(namespace, "persistentvolumeclaims") + "/" + name,
        V1PersistentVolumeClaim.class);
  }

  @Override
  public Map<String, V1PersistentVolumeClaim> pvcs(String namespace, Collection<String> names)
      throws ApiException {
    String collection = core(namespace, "persistentvolumeclaims");
    call("pvcs", collection, "pvcs " + namespace + " " + names);
    Map<String, V1PersistentVolumeClaim> found = new LinkedHashMap<>();
    for (JsonNode claim : world.list(collection, Map.of()).path("items")) {
      String name = claim.at("/metadata/name").asText();
      if (names.contains(name)) {
        found.put(name, InMemoryWorld.typed(claim, V1PersistentVolumeClaim.class));
      }
    }
    return found;
  }

  @Override
  public Optional<V1Secret> secret(String namespace, String name) throws ApiException {
    return read("secret", core(namespace, "secrets") + "/" + name, V1Secret.class);
  }

  @Override
  public Optional<V1ServiceAccount> serviceAccount(String namespace, String name)
      throws ApiException {
    return read(
        "serviceAccount", core(namespace, "serviceaccounts") + "/" + name, V1ServiceAccount.class);
  }

  @Override
  public void ensureServiceAccount(String namespace, String name) throws ApiException {
    String path = core(namespace, "serviceaccounts") + "/" + name;
    call("ensureServiceAccount", path, "ensureServiceAccount " + namespace + "/" + name);
    V1ServiceAccount sa =
        new V1ServiceAccount()
            .metadata(
                new V1ObjectMeta()
                    .name(name)
                    .labels(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)))
            .automountServiceAccountToken(false);
    createIfAbsent(path, sa);
  }

  @Override
  public void createIdentityServiceAccount(
      String namespace,
      String name,
      Map<String, String> annotations,
      V1OwnerReference owner,
      boolean dryRun)
      throws ApiException {
    String path = core(namespace, "serviceaccounts") + "/" + name;
    call(
        "createIdentityServiceAccount",
        path,
        "createIdentityServiceAccount " + namespace + "/" + name + (dryRun ? " dryRun" : ""));
    if (dryRun) {
      return;
    }
    V1ServiceAccount sa =
        new V1ServiceAccount()
            .metadata(
                new V1ObjectMeta()
                    .name(name)
                    .annotations(annotations)
                    .labels(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE))
                    .ownerReferences(List.of(owner)));
    createIfAbsent(path, sa);
  }

  private void createIfAbsent(String path, Object model) throws ApiException {
    try {
      world.create(path, InMemoryWorld.tree(model));
    } catch (ApiException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  /** Reads that the in-memory world answers at once: the waits' watches fall back to lists. */
  @Override
  public Watches watches(Duration poll, boolean watching, Consumer<String> log) {
    return new Watches(source, poll, false, log);
  }

  @Override
  public Leases leases(String namespace) {
    return new WorldLeases(world, namespace);
  }

  @Override
  public HolderProbe holderProbe(String namespace) {
    return new KubeHolderProbe(source, namespace);
  }

  private <T> Optional<T> read(String method, String path, Class<T> type) throws ApiException {
    String[] parts = path.split("/");
    String ns = InMemoryWorld.namespaceOf(path).orElse("");
    call(method, path, method + " " + ns + "/" + parts[parts.length - 1]);
    return world.find(path).map(o -> InMemoryWorld.typed(o, type));
  }

  private static Map<String, String> nullable(Map<String, String> m) {
    Map<String, String> copy = new LinkedHashMap<>();
    m.forEach((k, v) -> copy.put(k, v == null ? "null" : v));
    return copy;
  }

  static String core(String namespace, String plural) {
    return "/api/v1/namespaces/" + namespace + "/" + plural;
  }

  static String apps(String namespace, String plural, String name) {
    return "/apis/apps/v1/namespaces/" + namespace + "/" + plural + "/" + name;
  }

  static String jobs(String namespace) {
    return "/apis/batch/v1/namespaces/" + namespace + "/jobs";
  }

  // --- restore drills (issue #18) ---

  @Override
  public Optional<io.kubernetes.client.openapi.models.V1Service> service(
      String namespace, String name) throws ApiException {
    return read(
        "service",
        core(namespace, "services") + "/" + name,
        io.kubernetes.client.openapi.models.V1Service.class);
  }

  @Override
  public boolean createObject(String collection, JsonNode object) throws ApiException {
    String path = collection + "/" + object.at("/metadata/name").asText();
    call("createObject", path, "createObject " + path);
    return created(path, (ObjectNode) object);
  }

  @Override
  public List<String> deleteLabelled(String collection, String labelSelector) throws ApiException {
    call("deleteLabelled", collection, "deleteLabelled " + collection + " " + labelSelector);
    List<String> deleted = new ArrayList<>();
    for (JsonNode item :
        world.list(collection, Map.of("labelSelector", labelSelector)).path("items")) {
      String name = item.at("/metadata/name").asText();
      if (world.deleteWithDependents(collection + "/" + name)) {
        deleted.add(name);
      }
    }
    return deleted;
  }
}

package io.neo4jrestore.runner.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.runner.lock.HolderProbe;
import io.neo4jrestore.runner.lock.Leases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** {@link ClusterOps} on a real API server: one request per call. */
public final class KubeClusterOps implements ClusterOps {
  private final RawApi raw;
  private final CoreV1Api core;
  private final AppsV1Api apps;
  private final BatchV1Api batch;

  public KubeClusterOps(RawApi raw) {
    this.raw = raw;
    this.core = new CoreV1Api(raw.client());
    this.apps = new AppsV1Api(raw.client());
    this.batch = new BatchV1Api(raw.client());
  }

  @Override
  public Optional<JsonNode> rulesReview(String namespace) throws ApiException {
    var body =
        io.neo4jrestore.api.json.ApiMapper.json()
            .createObjectNode()
            .put("apiVersion", "authorization.k8s.io/v1")
            .put("kind", "SelfSubjectRulesReview");
    body.putObject("spec").put("namespace", namespace);
    JsonNode answer =
        raw.post("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", body, Map.of());
    return Optional.ofNullable(answer).map(a -> a.path("status"));
  }

  @Override
  public Optional<String> servedVersion(String group, String plural) throws ApiException {
    return ServedVersions.versionServing(raw, group, plural);
  }

  @Override
  public Optional<JsonNode> object(String path) throws ApiException {
    return raw.find(path);
  }

  @Override
  public Watches watches(Duration poll, boolean watching, Consumer<String> log) {
    return new Watches(raw, poll, watching, log);
  }

  @Override
  public Leases leases(String namespace) {
    return new KubeLeases(raw, namespace);
  }

  @Override
  public HolderProbe holderProbe(String namespace) {
    return new KubeHolderProbe(raw, namespace);
  }

  @Override
  public Optional<V1StatefulSet> statefulSet(String namespace, String name) throws ApiException {
    return optional(() -> apps.readNamespacedStatefulSet(name, namespace).execute());
  }

  /** Sets the StatefulSet's replicas through its scale subresource. */
  @Override
  public void scale(String namespace, String statefulSet, int replicas) throws ApiException {
    ObjectNode patch = ApiMapper.json().createObjectNode();
    patch.putObject("spec").put("replicas", replicas);
    raw.mergePatch(
        "/apis/apps/v1/namespaces/" + namespace + "/statefulsets/" + statefulSet + "/scale", patch);
  }

  /**
   * Merges annotations onto the object at {@code path} (the target resource: {@code
   * Target.path()}); a null value removes the key.
   */
  @Override
  public void annotate(String path, Map<String, String> annotations) throws ApiException {
    ObjectNode patch = ApiMapper.json().createObjectNode();
    ObjectNode a = patch.putObject("metadata").putObject("annotations");
    annotations.forEach(
        (k, v) -> {
          if (v == null) {
            a.putNull(k);
          } else {
            a.put(k, v);
          }
        });
    raw.mergePatch(path, patch);
  }

  /**
   * Reads the object and writes its finalizers with its resourceVersion (a JSON merge patch
   * replaces the whole list, so the version makes a concurrent change a conflict: read again).
   */
  @Override
  public boolean finalizer(String path, String name, boolean present) throws ApiException {
    for (int attempt = 1; ; attempt++) {
      JsonNode object;
      try {
        object = raw.get(path);
      } catch (ApiException e) {
        if (e.getCode() == 404) {
          return false;
        }
        throw e;
      }
      var patch = Finalizers.patch(object, name, present);
      if (patch.isEmpty()) {
        return true;
      }
      ((ObjectNode) patch.get().get("metadata"))
          .put("resourceVersion", object.at("/metadata/resourceVersion").asText());
      try {
        raw.mergePatch(path, patch.get());
        return true;
      } catch (ApiException e) {
        if (e.getCode() == 404) {
          return false;
        }
        if (e.getCode() != 409 || attempt >= 5) {
          throw e;
        }
      }
    }
  }

  /**
   * The annotations of the object at {@code path} (the target resource's hold the write-if-absent
   * undo mirrors).
   */
  @Override
  public Map<String, String> annotations(String path) throws ApiException {
    var node = raw.get(path);
    @SuppressWarnings("unchecked")
    Map<String, String> annotations =
        ApiMapper.json().convertValue(node.at("/metadata/annotations"), Map.class);
    return annotations == null ? Map.of() : annotations;
  }

  @Override
  public List<V1Pod> pods(String namespace, String labelSelector) throws ApiException {
    return core.listNamespacedPod(namespace).labelSelector(labelSelector).execute().getItems();
  }

  @Override
  public Optional<V1Pod> pod(String namespace, String name) throws ApiException {
    return optional(() -> core.readNamespacedPod(name, namespace).execute());
  }

  @Override
  public Optional<V1Secret> secret(String namespace, String name) throws ApiException {
    return optional(() -> core.readNamespacedSecret(name, namespace).execute());
  }

  @Override
  public Optional<V1Job> job(String namespace, String name) throws ApiException {
    return optional(() -> batch.readNamespacedJob(name, namespace).execute());
  }

  /** Creates the Job; returns false when a Job of that name already exists (a resumed run). */
  @Override
  public boolean createJob(String namespace, V1Job job) throws ApiException {
    return created(() -> batch.createNamespacedJob(namespace, job).execute());
  }

  /** Runs a create: false when an object of that name exists already (409). */
  private static boolean created(Read<?> create) throws ApiException {
    try {
      create.get();
      return true;
    } catch (ApiException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Sends the Job as a server-side dry run: the API server validates and admits it without storing
   * it. An existing Job of that name (a resumed run) is not a refusal.
   */
  @Override
  public void dryRunJob(String namespace, V1Job job) throws ApiException {
    try {
      batch.createNamespacedJob(namespace, job).dryRun("All").execute();
    } catch (ApiException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  /**
   * Creates the ServiceAccount when it is missing: the restore and hook Jobs run as one without any
   * API permission, and a Job whose ServiceAccount does not exist never creates its pod.
   */
  @Override
  public void ensureServiceAccount(String namespace, String name) throws ApiException {
    try {
      core.readNamespacedServiceAccount(name, namespace).execute();
    } catch (ApiException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      try {
        core.createNamespacedServiceAccount(
                namespace,
                new io.kubernetes.client.openapi.models.V1ServiceAccount()
                    .metadata(
                        new io.kubernetes.client.openapi.models.V1ObjectMeta()
                            .name(name)
                            .labels(
                                Map.of(
                                    io.neo4jrestore.api.Labels.MANAGED_BY,
                                    io.neo4jrestore.api.Labels.MANAGED_BY_VALUE)))
                    .automountServiceAccountToken(false))
            .execute();
      } catch (ApiException created) {
        if (created.getCode() != 409) {
          throw created;
        }
      }
    }
  }

  /** The newest Warning event about an object (e.g. a Job that cannot create its pod). */
  @Override
  public Optional<String> lastWarning(String namespace, String kind, String name)
      throws ApiException {
    return core
        .listNamespacedEvent(namespace)
        .fieldSelector(
            "involvedObject.kind=" + kind + ",involvedObject.name=" + name + ",type=Warning")
        .execute()
        .getItems()
        .stream()
        .reduce((a, b) -> b)
        .map(e -> e.getReason() + ": " + e.getMessage());
  }

  @Override
  public Optional<io.kubernetes.client.openapi.models.V1ServiceAccount> serviceAccount(
      String namespace, String name) throws ApiException {
    return optional(() -> core.readNamespacedServiceAccount(name, namespace).execute());
  }

  @Override
  public Optional<io.kubernetes.client.openapi.models.V1PersistentVolumeClaim> pvc(
      String namespace, String name) throws ApiException {
    return optional(() -> core.readNamespacedPersistentVolumeClaim(name, namespace).execute());
  }

  /**
   * The claims of these names that exist, by name: one list of the namespace's claims (pages of
   * 500) instead of a read per claim; a single name is read by name.
   */
  @Override
  public Map<String, io.kubernetes.client.openapi.models.V1PersistentVolumeClaim> pvcs(
      String namespace, java.util.Collection<String> names) throws ApiException {
    Map<String, io.kubernetes.client.openapi.models.V1PersistentVolumeClaim> found =
        new java.util.LinkedHashMap<>();
    if (names.size() == 1) {
      String name = names.iterator().next();
      pvc(namespace, name).ifPresent(claim -> found.put(name, claim));
      return found;
    }
    String page = null;
    do {
      var list =
          core.listNamespacedPersistentVolumeClaim(namespace).limit(500)._continue(page).execute();
      for (var claim : list.getItems()) {
        if (names.contains(claim.getMetadata().getName())) {
          found.put(claim.getMetadata().getName(), claim);
        }
      }
      page = list.getMetadata() == null ? null : list.getMetadata().getContinue();
    } while (page != null && !page.isEmpty());
    return found;
  }

  @Override
  public void createIdentityServiceAccount(
      String namespace,
      String name,
      Map<String, String> annotations,
      io.kubernetes.client.openapi.models.V1OwnerReference owner,
      boolean dryRun)
      throws ApiException {
    var sa =
        new io.kubernetes.client.openapi.models.V1ServiceAccount()
            .metadata(
                new io.kubernetes.client.openapi.models.V1ObjectMeta()
                    .name(name)
                    .annotations(annotations)
                    .labels(
                        Map.of(
                            io.neo4jrestore.api.Labels.MANAGED_BY,
                            io.neo4jrestore.api.Labels.MANAGED_BY_VALUE))
                    .ownerReferences(java.util.List.of(owner)));
    try {
      var create = core.createNamespacedServiceAccount(namespace, sa);
      (dryRun ? create.dryRun("All") : create).execute();
    } catch (ApiException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  /** The log of a pod's container (as the kubelet serves it through the API server). */
  @Override
  public String podLog(String namespace, String pod, String container) throws ApiException {
    return core.readNamespacedPodLog(pod, namespace).container(container).execute();
  }

  /** A read that answers 404 for "not there". */
  @FunctionalInterface
  private interface Read<T> {
    T get() throws ApiException;
  }

  private static <T> Optional<T> optional(Read<T> read) throws ApiException {
    try {
      return Optional.of(read.get());
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  // --- restore drills (issue #18) ---

  @Override
  public Optional<io.kubernetes.client.openapi.models.V1Service> service(
      String namespace, String name) throws ApiException {
    return optional(() -> core.readNamespacedService(name, namespace).execute());
  }

  @Override
  public boolean createObject(String collection, JsonNode object) throws ApiException {
    return created(() -> raw.post(collection, object, Map.of()));
  }

  @Override
  public List<String> deleteLabelled(String collection, String labelSelector) throws ApiException {
    List<String> deleted = new java.util.ArrayList<>();
    for (JsonNode item :
        raw.list(collection, Map.of("labelSelector", labelSelector)).path("items")) {
      String name = item.at("/metadata/name").asText();
      try {
        raw.call(
            "DELETE",
            collection + "/" + name,
            null,
            RawApi.JSON,
            Map.of("propagationPolicy", "Background"));
        deleted.add(name);
      } catch (ApiException e) {
        if (e.getCode() != 404) {
          throw e;
        }
      }
    }
    return deleted;
  }
}

package io.neo4jrestore.runner.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimSpec;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import io.kubernetes.client.openapi.models.V1VolumeResourceRequirements;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreStatus;
import io.neo4jrestore.runner.kube.ClusterOps;
import io.neo4jrestore.runner.kube.RestoreStore;
import io.neo4jrestore.runner.kube.Watched;
import io.neo4jrestore.runner.kube.Watches;
import io.neo4jrestore.runner.lock.Holder;
import io.neo4jrestore.runner.lock.LeaseRecord;
import io.neo4jrestore.runner.lock.Leases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the runner relies on from its Kubernetes ports, run against both implementations: the
 * in-memory world ({@link InMemoryClusterOpsContractTest}) and the real API server ({@link
 * KubeClusterOpsContractIT}). Only what both do is asserted: nothing here depends on controllers or
 * kubelets (the world's are tested in {@link InMemoryWorldTest}).
 */
abstract class ClusterOpsContract {
  protected String ns;

  /** A fresh namespace for one test. */
  protected abstract String freshNamespace();

  protected abstract ClusterOps cluster();

  protected abstract RestoreStore restores(String namespace, String name);

  /** Creates an object as an administrator would ({@code collection}: its list's API path). */
  protected abstract void create(String collection, ObjectNode manifest) throws Exception;

  /** Deletes the object at {@code path} as an administrator would. */
  protected abstract void delete(String path) throws Exception;

  @BeforeEach
  void namespace() {
    ns = freshNamespace();
  }

  @Test
  void missing_objects_are_empty_not_errors() throws Exception {
    ClusterOps c = cluster();
    assertTrue(c.statefulSet(ns, "none").isEmpty());
    assertTrue(c.pod(ns, "none").isEmpty());
    assertTrue(c.job(ns, "none").isEmpty());
    assertTrue(c.pvc(ns, "none").isEmpty());
    assertFalse(c.pvcExists(ns, "none"));
    assertTrue(c.secret(ns, "none").isEmpty());
    assertTrue(c.serviceAccount(ns, "none").isEmpty());
    assertTrue(c.object(clusterPath("none")).isEmpty());
    assertTrue(restores(ns, "none").read().isEmpty());
  }

  @Test
  void writes_to_a_missing_object_answer_404() {
    assertEquals(404, code(() -> cluster().scale(ns, "none", 0)));
    assertEquals(404, code(() -> cluster().annotate(clusterPath("none"), Map.of("a", "1"))));
    assertEquals(404, code(() -> cluster().annotations(clusterPath("none"))));
  }

  @Test
  void creating_a_job_twice_is_true_then_false() throws Exception {
    assertTrue(cluster().createJob(ns, job("restore-1")));
    assertFalse(cluster().createJob(ns, job("restore-1")));
    assertEquals("restore-1", cluster().job(ns, "restore-1").orElseThrow().getMetadata().getName());
  }

  @Test
  void a_dry_run_stores_nothing_and_an_existing_job_is_not_a_refusal() throws Exception {
    cluster().dryRunJob(ns, job("dry"));
    assertTrue(cluster().job(ns, "dry").isEmpty());
    cluster().createJob(ns, job("resumed"));
    cluster().dryRunJob(ns, job("resumed"));
  }

  @Test
  void pods_are_found_by_equality_label_selectors() throws Exception {
    create(core("pods"), pod("a", Map.of("app", "db", "tier", "x")));
    create(core("pods"), pod("b", Map.of("app", "db", "tier", "y")));
    create(core("pods"), pod("c", Map.of("app", "web")));
    assertEquals(Set.of("a", "b"), names(cluster().pods(ns, "app=db")));
    assertEquals(Set.of("b"), names(cluster().pods(ns, "app=db,tier=y")));
    assertEquals(Set.of(), names(cluster().pods(ns, "app=none")));
    assertEquals("c", cluster().pod(ns, "c").orElseThrow().getMetadata().getName());
  }

  @Test
  void annotate_merges_and_a_null_value_removes_the_key() throws Exception {
    create(clusterCollection(), clusterResource("prod"));
    String path = clusterPath("prod");
    cluster().annotate(path, Map.of("a", "1", "b", "2"));
    java.util.Map<String, String> change = new java.util.HashMap<>();
    change.put("a", null);
    change.put("c", "3");
    cluster().annotate(path, change);
    assertEquals(Map.of("b", "2", "c", "3"), cluster().annotations(path));
    assertEquals("3", cluster().object(path).orElseThrow().at("/metadata/annotations/c").asText());
  }

  @Test
  void a_finalizer_is_added_and_removed_beside_the_others_and_a_missing_object_is_false()
      throws Exception {
    ObjectNode prod = clusterResource("prod");
    ((ObjectNode) prod.get("metadata")).putArray("finalizers").add("example.com/other");
    create(clusterCollection(), prod);
    String path = clusterPath("prod");

    assertTrue(cluster().finalizer(path, "example.com/drill", true));
    assertTrue(cluster().finalizer(path, "example.com/drill", true), "twice: no change");
    assertEquals(List.of("example.com/other", "example.com/drill"), finalizers(cluster(), path));
    assertTrue(cluster().finalizer(path, "example.com/drill", false));
    assertEquals(List.of("example.com/other"), finalizers(cluster(), path));
    assertFalse(cluster().finalizer(clusterPath("none"), "example.com/drill", true));
    cluster().finalizer(path, "example.com/other", false); // the namespace can then go
  }

  private static List<String> finalizers(ClusterOps c, String path) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    c.object(path).orElseThrow().at("/metadata/finalizers").forEach(f -> out.add(f.asText()));
    return out;
  }

  @Test
  void scale_sets_the_replicas_as_read_back() throws Exception {
    create(apps("statefulsets"), InMemoryWorld.tree(statefulSet("db", 1)));
    cluster().scale(ns, "db", 0);
    assertEquals(0, cluster().statefulSet(ns, "db").orElseThrow().getSpec().getReplicas());
    cluster().scale(ns, "db", 3);
    assertEquals(3, cluster().statefulSet(ns, "db").orElseThrow().getSpec().getReplicas());
  }

  @Test
  void a_lease_is_created_once_and_replaced_only_at_its_version() throws Exception {
    Leases leases = cluster().leases(ns);
    Instant now = Instant.parse("2025-06-01T12:00:00.123456Z");
    assertTrue(leases.get("lock").isEmpty());
    LeaseRecord created = leases.create("lock", new LeaseRecord("me", 60, now, now, 0, null));
    assertEquals("me", created.holder());
    assertEquals(now, created.renewed());
    assertEquals(
        409, code(() -> leases.create("lock", new LeaseRecord("other", 60, now, now, 0, null))));

    LeaseRecord renewed =
        leases.replace(
            "lock",
            new LeaseRecord("me", 60, now, now.plusSeconds(20), 0, created.resourceVersion()));
    assertNotEquals(created.resourceVersion(), renewed.resourceVersion());
    assertEquals(now.plusSeconds(20), leases.get("lock").orElseThrow().renewed());
    assertEquals(
        409,
        code(
            () ->
                leases.replace(
                    "lock", new LeaseRecord("other", 60, now, now, 1, created.resourceVersion()))));
    LeaseRecord released =
        leases.replace("lock", new LeaseRecord(null, 60, now, now, 1, renewed.resourceVersion()));
    assertTrue(released.released());
  }

  @Test
  void a_status_write_needs_the_current_version_and_replaces_the_whole_status() throws Exception {
    create(restoreCollection(), restoreResource("r"));
    RestoreStore store = restores(ns, "r");
    Neo4jRestore read = store.read().orElseThrow();
    String first = read.metadata().resourceVersion();

    Neo4jRestore written = store.writeStatus(status("Running", "working"), first);
    assertEquals("Running", written.status().phase());
    assertEquals("working", written.status().message());
    assertNotEquals(first, written.metadata().resourceVersion());
    assertEquals(409, code(() -> store.writeStatus(status("Failed", "late"), first)));

    Neo4jRestore again =
        store.writeStatus(status("Running", null), written.metadata().resourceVersion());
    assertNull(again.status().message(), "a field not written is removed");
    assertEquals("Running", store.read().orElseThrow().status().phase());
    assertEquals(read.spec(), again.spec(), "a status write leaves the spec");

    store.annotate(Map.of("note", "x"));
    assertEquals("x", store.read().orElseThrow().metadata().annotation("note"));

    delete(RestoreApi.path(ns, "r"));
    assertTrue(store.read().isEmpty());
    assertEquals(
        404,
        code(() -> store.writeStatus(status("Running", null), again.metadata().resourceVersion())));
  }

  @Test
  void the_restore_crd_is_served_at_its_version() throws Exception {
    assertEquals(
        Optional.of(RestoreApi.VERSION),
        cluster().servedVersion(RestoreApi.GROUP, RestoreApi.PLURAL));
    assertEquals(
        Optional.of(RestoreApi.VERSION),
        cluster().servedVersion(RestoreApi.GROUP, RestoreApi.CLUSTER_PLURAL));
    assertTrue(cluster().servedVersion(RestoreApi.GROUP, "nothings").isEmpty());
  }

  @Test
  void a_wait_sees_an_object_created_after_it_began() throws Exception {
    try (Watches watches = cluster().watches(Duration.ofMillis(50), true, line -> {})) {
      Watched<V1StatefulSet> sts = watches.statefulSet(ns, "later");
      assertTrue(sts.only().isEmpty());
      create(apps("statefulsets"), InMemoryWorld.tree(statefulSet("later", 0)));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (sts.only().isEmpty() && System.nanoTime() < deadline) {
        watches.awaitChange(Duration.ofMillis(100));
      }
      assertEquals("later", sts.only().orElseThrow().getMetadata().getName());
    }
  }

  @Test
  void claims_are_found_by_name() throws Exception {
    for (String name : List.of("data-a", "data-b", "data-c")) {
      create(core("persistentvolumeclaims"), InMemoryWorld.tree(claim(name)));
    }
    assertEquals(
        Set.of("data-a", "data-c"),
        cluster().pvcs(ns, List.of("data-a", "data-c", "data-x")).keySet());
    assertEquals(Set.of("data-b"), cluster().pvcs(ns, List.of("data-b")).keySet());
    assertTrue(cluster().pvcExists(ns, "data-b"));
  }

  // --- restore drills (issue #18) ---

  @Test
  void an_object_is_created_once_and_deleting_by_label_deletes_only_what_it_selects()
      throws Exception {
    String services = core("services");
    assertTrue(cluster().createObject(services, service("drill-a", "x")));
    assertFalse(cluster().createObject(services, service("drill-a", "x")), "exists: false");
    assertTrue(cluster().createObject(services, service("drill-b", "y")));
    assertTrue(cluster().service(ns, "drill-a").isPresent());

    assertEquals(List.of("drill-a"), cluster().deleteLabelled(services, "drill=x"));

    assertTrue(cluster().service(ns, "drill-a").isEmpty());
    assertTrue(cluster().service(ns, "drill-b").isPresent(), "not selected: kept");
    assertEquals(List.of(), cluster().deleteLabelled(services, "drill=x"), "idempotent");
    assertTrue(cluster().service(ns, "none").isEmpty());
  }

  private static ObjectNode service(String name, String drill) {
    ObjectNode svc = io.neo4jrestore.api.json.ApiMapper.json().createObjectNode();
    svc.put("apiVersion", "v1").put("kind", "Service");
    svc.putObject("metadata").put("name", name).putObject("labels").put("drill", drill);
    svc.putObject("spec").putArray("ports").addObject().put("port", 7687);
    return svc;
  }

  @Test
  void ensuring_a_service_account_is_idempotent() throws Exception {
    cluster().ensureServiceAccount(ns, "restore-sa");
    cluster().ensureServiceAccount(ns, "restore-sa");
    assertEquals(
        Boolean.FALSE,
        cluster().serviceAccount(ns, "restore-sa").orElseThrow().getAutomountServiceAccountToken());
  }

  @Test
  void the_holder_probe_reads_the_holders_pod_and_restore() throws Exception {
    create(restoreCollection(), restoreResource("held"));
    String uid = restores(ns, "held").read().orElseThrow().metadata().uid();
    var probe = cluster().holderProbe(ns);
    assertTrue(probe.podGone(new Holder("held", uid, "no-such-pod")));
    assertTrue(probe.restoreUnfinished(new Holder("held", uid, "no-such-pod")));
    assertFalse(probe.restoreUnfinished(new Holder("held", "another-uid", "p")));
    create(core("pods"), pod("runner", Map.of("app", "runner")));
    assertFalse(probe.podGone(new Holder("held", uid, "runner")));
  }

  // --- manifests ---

  /** The HTTP code of the call's ApiException. */
  protected static int code(ThrowingCall call) {
    return assertThrows(ApiException.class, call::run).getCode();
  }

  /** A call expected to fail. */
  @FunctionalInterface
  protected interface ThrowingCall {
    void run() throws Exception;
  }

  private static Set<String> names(List<V1Pod> pods) {
    return Set.copyOf(pods.stream().map(p -> p.getMetadata().getName()).toList());
  }

  protected String core(String plural) {
    return "/api/v1/namespaces/" + ns + "/" + plural;
  }

  protected String apps(String plural) {
    return "/apis/apps/v1/namespaces/" + ns + "/" + plural;
  }

  private String clusterCollection() {
    return "/apis/"
        + RestoreApi.API_VERSION
        + "/namespaces/"
        + ns
        + "/"
        + RestoreApi.CLUSTER_PLURAL;
  }

  private String clusterPath(String name) {
    return clusterCollection() + "/" + name;
  }

  private String restoreCollection() {
    return "/apis/" + RestoreApi.API_VERSION + "/namespaces/" + ns + "/" + RestoreApi.PLURAL;
  }

  private static ObjectNode clusterResource(String name) {
    ObjectNode r = ApiMapper.json().createObjectNode();
    r.put("apiVersion", RestoreApi.API_VERSION).put("kind", RestoreApi.CLUSTER_KIND);
    r.putObject("metadata").put("name", name);
    ObjectNode spec = r.putObject("spec");
    spec.putObject("image").put("repo", "neo4j").put("tag", "5.26.12-enterprise");
    spec.putObject("topology").put("servers", 3);
    return r;
  }

  private static ObjectNode restoreResource(String name) {
    ObjectNode r = ApiMapper.json().createObjectNode();
    r.put("apiVersion", RestoreApi.API_VERSION).put("kind", RestoreApi.KIND);
    r.putObject("metadata").put("name", name);
    ObjectNode spec = r.putObject("spec");
    spec.put("targetCluster", "prod").put("databaseName", "orders");
    ObjectNode source = spec.putObject("source").put("type", "s3");
    source.putObject("storage").put("type", "s3").put("bucket", "b");
    source.put("backupPath", "/orders.backup");
    return r;
  }

  private static Neo4jRestoreStatus status(String phase, String message) {
    ObjectNode s = ApiMapper.json().createObjectNode().put("phase", phase);
    if (message != null) {
      s.put("message", message);
    }
    return ApiMapper.json().convertValue(s, Neo4jRestoreStatus.class);
  }

  private static ObjectNode pod(String name, Map<String, String> labels) {
    return InMemoryWorld.tree(
        new V1Pod()
            .apiVersion("v1")
            .kind("Pod")
            .metadata(new V1ObjectMeta().name(name).labels(labels))
            .spec(new V1PodSpec().containers(List.of(container()))));
  }

  private static V1Container container() {
    return new V1Container().name("main").image("busybox:1.36");
  }

  private V1Job job(String name) {
    return job(ns, name);
  }

  /** A Job of one container that an API server admits. */
  static V1Job job(String ns, String name) {
    return new V1Job()
        .apiVersion("batch/v1")
        .kind("Job")
        .metadata(new V1ObjectMeta().name(name).namespace(ns))
        .spec(
            new V1JobSpec()
                .backoffLimit(0)
                .template(
                    new V1PodTemplateSpec()
                        .spec(
                            new V1PodSpec()
                                .restartPolicy("Never")
                                .containers(List.of(container())))));
  }

  private static V1StatefulSet statefulSet(String name, int replicas) {
    Map<String, String> labels = Map.of("app", name);
    return new V1StatefulSet()
        .apiVersion("apps/v1")
        .kind("StatefulSet")
        .metadata(new V1ObjectMeta().name(name))
        .spec(
            new V1StatefulSetSpec()
                .replicas(replicas)
                .serviceName(name)
                .selector(new V1LabelSelector().matchLabels(labels))
                .template(
                    new V1PodTemplateSpec()
                        .metadata(new V1ObjectMeta().labels(labels))
                        .spec(new V1PodSpec().containers(List.of(container())))));
  }

  private static V1PersistentVolumeClaim claim(String name) {
    return new V1PersistentVolumeClaim()
        .apiVersion("v1")
        .kind("PersistentVolumeClaim")
        .metadata(new V1ObjectMeta().name(name))
        .spec(
            new V1PersistentVolumeClaimSpec()
                .accessModes(List.of("ReadWriteOnce"))
                .resources(
                    new V1VolumeResourceRequirements()
                        .requests(Map.of("storage", Quantity.fromString("1Gi")))));
  }
}

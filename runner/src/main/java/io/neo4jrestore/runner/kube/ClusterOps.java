package io.neo4jrestore.runner.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.runner.lock.HolderProbe;
import io.neo4jrestore.runner.lock.Leases;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The cluster as the runner's steps see it: every Kubernetes call they make, each one request and
 * no waiting (waits watch through {@link #watches}). {@link KubeClusterOps} is the API server; the
 * tests' in-memory world is the other implementation, and one contract test runs against both. A
 * "not there" answer is an empty Optional; every other refusal is client-java's {@link
 * ApiException} with the server's code.
 */
public interface ClusterOps {

  // --- discovery and the operator's custom resources ---

  /** The version of {@code group} that serves {@code plural}, or empty when none does. */
  Optional<String> servedVersion(String group, String plural) throws ApiException;

  /** The object at an API path (a custom resource), or empty when it does not exist. */
  Optional<JsonNode> object(String path) throws ApiException;

  /**
   * Merges annotations onto the object at {@code path} (the target resource: {@code
   * Target.path()}); a null value removes the key.
   */
  void annotate(String path, Map<String, String> annotations) throws ApiException;

  /**
   * The annotations of the object at {@code path} (the target resource's hold the write-if-absent
   * undo mirrors).
   */
  Map<String, String> annotations(String path) throws ApiException;

  /**
   * Adds ({@code present}) or removes the finalizer {@code name} on the object at {@code path} (a
   * drill's own Neo4jRestore, while it has objects in another namespace), on the object as read:
   * other finalizers stay. False when the object is gone (nothing to add or remove it on).
   */
  boolean finalizer(String path, String name, boolean present) throws ApiException;

  // --- workloads ---

  Optional<V1StatefulSet> statefulSet(String namespace, String name) throws ApiException;

  /** Sets the StatefulSet's replicas through its scale subresource. */
  void scale(String namespace, String statefulSet, int replicas) throws ApiException;

  List<V1Pod> pods(String namespace, String labelSelector) throws ApiException;

  Optional<V1Pod> pod(String namespace, String name) throws ApiException;

  /** The log of a pod's container (as the kubelet serves it through the API server). */
  String podLog(String namespace, String pod, String container) throws ApiException;

  Optional<V1Job> job(String namespace, String name) throws ApiException;

  /** Creates the Job; returns false when a Job of that name already exists (a resumed run). */
  boolean createJob(String namespace, V1Job job) throws ApiException;

  /**
   * Sends the Job as a server-side dry run: validated and admitted without being stored. An
   * existing Job of that name (a resumed run) is not a refusal.
   */
  void dryRunJob(String namespace, V1Job job) throws ApiException;

  /** The pods of a Job (label {@code job-name}). */
  default List<V1Pod> jobPods(String namespace, String job) throws ApiException {
    return pods(namespace, "job-name=" + job);
  }

  /** The newest Warning event about an object (e.g. a Job that cannot create its pod). */
  Optional<String> lastWarning(String namespace, String kind, String name) throws ApiException;

  // --- volumes ---

  Optional<V1PersistentVolumeClaim> pvc(String namespace, String name) throws ApiException;

  default boolean pvcExists(String namespace, String name) throws ApiException {
    return pvc(namespace, name).isPresent();
  }

  /** The claims of these names that exist, by name. */
  Map<String, V1PersistentVolumeClaim> pvcs(String namespace, Collection<String> names)
      throws ApiException;

  // --- credentials and identities ---

  Optional<V1Secret> secret(String namespace, String name) throws ApiException;

  Optional<V1ServiceAccount> serviceAccount(String namespace, String name) throws ApiException;

  /**
   * Creates the ServiceAccount when it is missing: the restore and hook Jobs run as one without any
   * API permission, and a Job whose ServiceAccount does not exist never creates its pod.
   */
  void ensureServiceAccount(String namespace, String name) throws ApiException;

  /**
   * Creates a ServiceAccount owned by the restore, for workload identity ({@code
   * identity.autoCreate}); with {@code dryRun} it is only validated. One that exists already is
   * this restore's own (a resumed run).
   */
  void createIdentityServiceAccount(
      String namespace,
      String name,
      Map<String, String> annotations,
      V1OwnerReference owner,
      boolean dryRun)
      throws ApiException;

  default void createIdentityServiceAccount(
      String namespace, String name, Map<String, String> annotations, V1OwnerReference owner)
      throws ApiException {
    createIdentityServiceAccount(namespace, name, annotations, owner, false);
  }

  // --- what this identity may do ---

  /**
   * The rules this identity has in {@code namespace} (a SelfSubjectRulesReview, which every
   * authenticated identity may send): its {@code status} as the API server returns it ({@code
   * resourceRules}, {@code incomplete}). Empty when this implementation cannot tell.
   */
  default Optional<JsonNode> rulesReview(String namespace) throws ApiException {
    return Optional.empty();
  }

  // --- waits and the target's lock ---

  /**
   * Watches for one wait (see {@link Watches}).
   *
   * @param poll how often a watch the server refuses is replaced by a read
   * @param watching false: read every {@code poll} instead of watching
   */
  Watches watches(Duration poll, boolean watching, Consumer<String> log);

  /** The Leases of a namespace (the per-target lock). */
  Leases leases(String namespace);

  /** Whether the holder of a target's Lease is still alive. */
  HolderProbe holderProbe(String namespace);

  // --- restore drills (issue #18): the throw-away server's objects ---

  Optional<io.kubernetes.client.openapi.models.V1Service> service(String namespace, String name)
      throws ApiException;

  /**
   * Creates {@code object} in {@code collection} (an API path such as {@code
   * /api/v1/namespaces/NS/services}); false when one of that name exists already (a resumed drill).
   */
  boolean createObject(String collection, JsonNode object) throws ApiException;

  /**
   * Deletes every object of {@code collection} that {@code labelSelector} selects; Kubernetes'
   * garbage collector deletes their dependents (owner references) in the background. One already
   * gone is not a refusal. Returns the names it deleted.
   */
  List<String> deleteLabelled(String collection, String labelSelector) throws ApiException;
}

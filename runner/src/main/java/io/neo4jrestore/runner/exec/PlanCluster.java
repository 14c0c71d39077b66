package io.neo4jrestore.runner.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.runner.kube.ClusterOps;
import io.neo4jrestore.runner.kube.Watches;
import io.neo4jrestore.runner.lock.HolderProbe;
import io.neo4jrestore.runner.lock.Leases;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The cluster as a plan sees it (docs/plan.md): every read goes through; what the restore would
 * create is only sent as a server-side dry run (the identity ServiceAccount) or not at all (the
 * workload ServiceAccount); what it would change (scale, annotate, the Lease) is a bug in plan mode
 * and throws. The one object a plan may create is the inspect or verify Job of a requested backup
 * verification ({@code inspectJobs}), and the ServiceAccount without permissions it runs as: it
 * reads the backup, never the target.
 */
final class PlanCluster implements ClusterOps {
  /** A call the plan does not make: the step that needs it is described instead of run. */
  static final class NotInPlan extends RuntimeException {
    NotInPlan(String what) {
      super(what);
    }
  }

  private final ClusterOps cluster;
  private final boolean inspectJobs;

  PlanCluster(ClusterOps cluster, boolean inspectJobs) {
    this.cluster = cluster;
    this.inspectJobs = inspectJobs;
  }

  @Override
  public Optional<String> servedVersion(String group, String plural) throws ApiException {
    return cluster.servedVersion(group, plural);
  }

  @Override
  public Optional<JsonNode> object(String path) throws ApiException {
    return cluster.object(path);
  }

  @Override
  public boolean finalizer(String path, String name, boolean present) {
    throw new IllegalStateException("a plan never sets a finalizer on " + path);
  }

  @Override
  public void annotate(String path, Map<String, String> annotations) {
    throw new IllegalStateException("a plan never annotates " + path);
  }

  @Override
  public Map<String, String> annotations(String path) throws ApiException {
    return cluster.annotations(path);
  }

  @Override
  public Optional<V1StatefulSet> statefulSet(String namespace, String name) throws ApiException {
    return cluster.statefulSet(namespace, name);
  }

  @Override
  public void scale(String namespace, String statefulSet, int replicas) {
    throw new IllegalStateException("a plan never scales " + namespace + "/" + statefulSet);
  }

  @Override
  public Optional<io.kubernetes.client.openapi.models.V1Service> service(
      String namespace, String name) throws ApiException {
    return cluster.service(namespace, name);
  }

  @Override
  public boolean createObject(String collection, JsonNode object) {
    throw new IllegalStateException("a plan never creates objects in " + collection);
  }

  @Override
  public List<String> deleteLabelled(String collection, String labelSelector) {
    throw new IllegalStateException("a plan never deletes objects in " + collection);
  }

  @Override
  public List<V1Pod> pods(String namespace, String labelSelector) throws ApiException {
    return cluster.pods(namespace, labelSelector);
  }

  @Override
  public Optional<V1Pod> pod(String namespace, String name) throws ApiException {
    return cluster.pod(namespace, name);
  }

  @Override
  public String podLog(String namespace, String pod, String container) throws ApiException {
    return cluster.podLog(namespace, pod, container);
  }

  @Override
  public Optional<V1Job> job(String namespace, String name) throws ApiException {
    return cluster.job(namespace, name);
  }

  /** Only a requested verification's inspect or verify Job; any other Job is a dry run. */
  @Override
  public boolean createJob(String namespace, V1Job job) throws ApiException {
    if (inspectJobs && readsOnlyTheBackup(job)) {
      return cluster.createJob(namespace, job);
    }
    cluster.dryRunJob(namespace, job);
    throw new NotInPlan(
        "Job "
            + job.getMetadata().getName()
            + " ("
            + component(job)
            + ") is created only when the restore runs (a dry run of it was accepted)");
  }

  @Override
  public void dryRunJob(String namespace, V1Job job) throws ApiException {
    cluster.dryRunJob(namespace, job);
  }

  @Override
  public Optional<String> lastWarning(String namespace, String kind, String name)
      throws ApiException {
    return cluster.lastWarning(namespace, kind, name);
  }

  @Override
  public Optional<V1PersistentVolumeClaim> pvc(String namespace, String name) throws ApiException {
    return cluster.pvc(namespace, name);
  }

  @Override
  public Map<String, V1PersistentVolumeClaim> pvcs(String namespace, Collection<String> names)
      throws ApiException {
    return cluster.pvcs(namespace, names);
  }

  @Override
  public Optional<V1Secret> secret(String namespace, String name) throws ApiException {
    return cluster.secret(namespace, name);
  }

  @Override
  public Optional<V1ServiceAccount> serviceAccount(String namespace, String name)
      throws ApiException {
    return cluster.serviceAccount(namespace, name);
  }

  /**
   * The unprivileged ServiceAccount the restore's Jobs run as: made only for the Job of a requested
   * verification (the restore makes it too); otherwise the restore makes it when it runs.
   */
  @Override
  public void ensureServiceAccount(String namespace, String name) throws ApiException {
    if (inspectJobs) {
      cluster.ensureServiceAccount(namespace, name);
    }
  }

  @Override
  public void createIdentityServiceAccount(
      String namespace,
      String name,
      Map<String, String> annotations,
      V1OwnerReference owner,
      boolean dryRun)
      throws ApiException {
    cluster.createIdentityServiceAccount(namespace, name, annotations, owner, true);
  }

  @Override
  public Optional<JsonNode> rulesReview(String namespace) throws ApiException {
    return cluster.rulesReview(namespace);
  }

  @Override
  public Watches watches(Duration poll, boolean watching, Consumer<String> log) {
    return cluster.watches(poll, watching, log);
  }

  @Override
  public Leases leases(String namespace) {
    throw new IllegalStateException("a plan never takes the target's Lease");
  }

  @Override
  public HolderProbe holderProbe(String namespace) {
    return cluster.holderProbe(namespace);
  }

  private static boolean readsOnlyTheBackup(V1Job job) {
    String role = component(job);
    return "inspect".equals(role) || "verify".equals(role);
  }

  private static String component(V1Job job) {
    Map<String, String> labels = job.getMetadata().getLabels();
    return labels == null ? "" : String.valueOf(labels.get(Labels.COMPONENT));
  }
}

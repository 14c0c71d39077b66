package io.neo4jrestore.testenv;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.V1Binding;
import io.kubernetes.client.openapi.models.V1BoundObjectReference;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSelectorRequirement;
import io.kubernetes.client.openapi.models.V1NodeSelectorTerm;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Labels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Plays the kubelet and the scheduler for a control plane that has neither.
 *
 * <p>A background loop looks at every pod: it binds unscheduled pods to one of three fake nodes
 * (honouring a required {@code kubernetes.io/hostname} node affinity or {@code nodeName}; a pod
 * asking for a node that does not exist stays Pending and Unschedulable), moves StatefulSet and
 * bare pods to Running and Ready, finishes Job pods as the test decides (or at once when {@link
 * #autoCompleteJobs} is on), <b>runs</b> pods of runner Jobs as local processes with a TokenRequest
 * token for the pod's ServiceAccount, and removes terminating pods (there is no kubelet to confirm
 * the deletion). The real controllers then update Jobs and StatefulSets.
 *
 * <p>Limits: no containers run except runner pods (as local processes, not containers: no image,
 * user, volumes or resource limits); {@code kubectl logs} does not work (pod output goes to files
 * under the log directory); probes, restarts, init containers and volumes are not simulated.
 */
public final class FakeKubelet implements AutoCloseable {
  public static final List<String> NODES = List.of("fake-node-0", "fake-node-1", "fake-node-2");

  /** Starts a runner pod's program as a local process. */
  @FunctionalInterface
  public interface RunnerLauncher {
    /**
     * The command line for the pod's first container: its image entrypoint is the runner, so
     * typically {@code java -cp <runner jar> <main> <container args>}.
     */
    List<String> command(V1Pod pod, V1Container container);
  }

  private final ControlPlane controlPlane;
  private final CoreV1Api core;
  private final Path logDir;
  private final Thread loop;
  private volatile boolean running = true;
  private volatile boolean autoCompleteJobs = false;
  private volatile RunnerLauncher runnerLauncher;
  private final Map<String, Integer> jobExitCodes = new ConcurrentHashMap<>();
  private final Set<String> notReadyPods = ConcurrentHashMap.newKeySet();
  private final Map<String, Process> processes = new ConcurrentHashMap<>();
  private final Map<String, OffsetDateTime> started = new ConcurrentHashMap<>();
  private int nextNode;

  private FakeKubelet(ControlPlane controlPlane, Path logDir) {
    this.controlPlane = controlPlane;
    this.core = new CoreV1Api(controlPlane.admin());
    this.logDir = logDir;
    this.loop = new Thread(this::run, "fake-kubelet");
    this.loop.setDaemon(true);
  }

  public static FakeKubelet start(ControlPlane controlPlane, Path logDir) {
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FakeKubelet k = new FakeKubelet(controlPlane, logDir);
    k.registerNodes();
    k.loop.start();
    return k;
  }

  // --- what tests decide ---

  /** Job pods without a decision succeed at once (true) or stay Running until decided (false). */
  public FakeKubelet autoCompleteJobs(boolean on) {
    this.autoCompleteJobs = on;
    return this;
  }

  /** How runner Job pods are run; without one they are treated like any other Job pod. */
  public FakeKubelet runnerLauncher(RunnerLauncher launcher) {
    this.runnerLauncher = launcher;
    return this;
  }

  /** The pods of that Job end with that exit code (0 = Succeeded, else Failed). */
  public void finishJob(String namespace, String job, int exitCode) {
    jobExitCodes.put(namespace + "/" + job, exitCode);
  }

  /** The pod stays Running but not Ready (or becomes Ready again with {@code false}). */
  public void holdNotReady(String namespace, String pod, boolean hold) {
    if (hold) {
      notReadyPods.add(namespace + "/" + pod);
    } else {
      notReadyPods.remove(namespace + "/" + pod);
    }
  }

  /** The output of a pod that ran as a local process. */
  public Path podLog(String namespace, String pod) {
    return logDir.resolve(namespace + "_" + pod + ".log");
  }

  /** Ends a runner pod's process abruptly, as a node loss would (the pod then fails with 137). */
  public boolean killProcess(String namespace, String pod) {
    Process p = processes.get(namespace + "/" + pod);
    if (p == null) {
      return false;
    }
    p.destroyForcibly();
    return true;
  }

  // --- the loop ---

  private void run() {
    while (running) {
      try {
        for (V1Pod pod : core.listPodForAllNamespaces().execute().getItems()) {
          if (!running) {
            return;
          }
          try {
            handle(pod);
          } catch (ApiException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
              System.err.println(
                  "[fake-kubelet] "
                      + key(pod)
                      + ": HTTP "
                      + e.getCode()
                      + " "
                      + e.getResponseBody());
            }
          }
        }
      } catch (ApiException e) {
        if (running) {
          System.err.println("[fake-kubelet] list pods: HTTP " + e.getCode());
        }
      } catch (RuntimeException e) {
        if (running) {
          System.err.println("[fake-kubelet] " + e);
        }
      }
      sleepQuietly(150);
    }
  }

  private void handle(V1Pod pod) throws ApiException {
    V1ObjectMeta meta = pod.getMetadata();
    String key = key(pod);
    if (meta.getDeletionTimestamp() != null) {
      Process p = processes.remove(key);
      if (p != null) {
        p.destroyForcibly();
      }
      core.deleteNamespacedPod(meta.getName(), meta.getNamespace()).gracePeriodSeconds(0).execute();
      return;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return;
    }
    if (pod.getSpec().getNodeName() == null) {
      schedule(pod);
      return;
    }
    String owner = ownerKind(pod);
    if ("Job".equals(owner)) {
      handleJobPod(pod, ownerName(pod));
    } else {
      boolean ready = !notReadyPods.contains(key);
      if (!"Running".equals(phase) || isReady(pod) != ready) {
        setRunning(pod, ready);
      }
    }
  }

  private void handleJobPod(V1Pod pod, String job) throws ApiException {
    String key = key(pod);
    String ns = pod.getMetadata().getNamespace();
    Map<String, String> labels = pod.getMetadata().getLabels();
    boolean isRunner =
        labels != null && JobRole.RUNNER.label().equals(labels.get(Labels.COMPONENT));
    if (isRunner && runnerLauncher != null) {
      Process p = processes.get(key);
      if (p == null && !started.containsKey(key)) {
        setRunning(pod, true);
        started.put(key, now());
        processes.put(key, launch(pod));
        return;
      }
      if (p != null && !p.isAlive()) {
        processes.remove(key);
        finish(pod, p.exitValue());
      }
      return;
    }
    Integer exit = jobExitCodes.get(ns + "/" + job);
    if (exit == null && autoCompleteJobs) {
      exit = 0;
    }
    if (exit != null) {
      finish(pod, exit);
    } else if (!"Running".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())) {
      setRunning(pod, true);
    }
  }

  private void schedule(V1Pod pod) throws ApiException {
    String wanted = requiredHostname(pod);
    if (wanted != null && !NODES.contains(wanted)) {
      markUnschedulable(
          pod,
          "0/"
              + NODES.size()
              + " nodes are available: node(s) didn't match Pod's node affinity/selector.");
      return;
    }
    String node = wanted != null ? wanted : NODES.get(Math.floorMod(nextNode++, NODES.size()));
    V1Binding binding =
        new V1Binding()
            .metadata(new V1ObjectMeta().name(pod.getMetadata().getName()))
            .target(new V1ObjectReference().kind("Node").apiVersion("v1").name(node));
    // the server answers a Binding with a Status, which the typed client refuses to read
    try (okhttp3.Response r =
        core.createNamespacedBinding(pod.getMetadata().getNamespace(), binding)
            .buildCall(null)
            .execute()) {
      if (!r.isSuccessful() && r.code() != 409) {
        throw new ApiException(r.code(), "binding " + key(pod) + " to " + node + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String requiredHostname(V1Pod pod) {
    var affinity = pod.getSpec().getAffinity();
    if (affinity == null || affinity.getNodeAffinity() == null) {
      Map<String, String> selector = pod.getSpec().getNodeSelector();
      return selector == null ? null : selector.get("kubernetes.io/hostname");
    }
    var required = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    if (required == null) {
      return null;
    }
    for (V1NodeSelectorTerm term : required.getNodeSelectorTerms()) {
      if (term.getMatchExpressions() == null) {
        continue;
      }
      for (V1NodeSelectorRequirement r : term.getMatchExpressions()) {
        if ("kubernetes.io/hostname".equals(r.getKey())
            && "In".equals(r.getOperator())
            && r.getValues() != null
            && !r.getValues().isEmpty()) {
          return r.getValues().get(0);
        }
      }
    }
    return null;
  }

  private void markUnschedulable(V1Pod pod, String message) throws ApiException {
    V1PodStatus status = pod.getStatus() == null ? new V1PodStatus() : pod.getStatus();
    boolean already =
        status.getConditions() != null
            && status.getConditions().stream()
                .anyMatch(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()));
    if (already) {
      return;
    }
    status.phase("Pending");
    status.setConditions(
        new ArrayList<>(
            List.of(
                new V1PodCondition()
                    .type("PodScheduled")
                    .status("False")
                    .reason("Unschedulable")
                    .message(message)
                    .lastTransitionTime(now()))));
    pod.setStatus(status);
    core.replaceNamespacedPodStatus(
            pod.getMetadata().getName(), pod.getMetadata().getNamespace(), pod)
        .execute();
  }

  private void setRunning(V1Pod pod, boolean ready) throws ApiException {
    OffsetDateTime now = now();
    V1PodStatus status = pod.getStatus() == null ? new V1PodStatus() : pod.getStatus();
    status
        .phase("Running")
        .hostIP("127.0.0.1")
        .podIP("127.0.0.1")
        .startTime(status.getStartTime() == null ? now : status.getStartTime());
    String r = ready ? "True" : "False";
    status.setConditions(
        new ArrayList<>(
            List.of(
                condition("PodScheduled", "True", now),
                condition("Initialized", "True", now),
                condition("ContainersReady", r, now),
                condition("Ready", r, now))));
    List<V1ContainerStatus> containers = new ArrayList<>();
    for (V1Container c : pod.getSpec().getContainers()) {
      containers.add(
          new V1ContainerStatus()
              .name(c.getName())
              .image(c.getImage())
              .imageID("fake://" + c.getImage())
              .ready(ready)
              .started(true)
              .restartCount(0)
              .state(new V1ContainerState().running(new V1ContainerStateRunning().startedAt(now))));
    }
    status.setContainerStatuses(containers);
    pod.setStatus(status);
    core.replaceNamespacedPodStatus(
            pod.getMetadata().getName(), pod.getMetadata().getNamespace(), pod)
        .execute();
  }

  private void finish(V1Pod pod, int exitCode) throws ApiException {
    OffsetDateTime now = now();
    V1PodStatus status = pod.getStatus() == null ? new V1PodStatus() : pod.getStatus();
    OffsetDateTime startedAt = status.getStartTime() == null ? now : status.getStartTime();
    status.phase(exitCode == 0 ? "Succeeded" : "Failed").startTime(startedAt);
    status.setConditions(
        new ArrayList<>(
            List.of(
                condition("PodScheduled", "True", now),
                condition("Initialized", "True", now),
                condition("ContainersReady", "False", now),
                condition("Ready", "False", now))));
    List<V1ContainerStatus> containers = new ArrayList<>();
    for (V1Container c : pod.getSpec().getContainers()) {
      containers.add(
          new V1ContainerStatus()
              .name(c.getName())
              .image(c.getImage())
              .imageID("fake://" + c.getImage())
              .ready(false)
              .started(false)
              .restartCount(0)
              .state(
                  new V1ContainerState()
                      .terminated(
                          new V1ContainerStateTerminated()
                              .exitCode(exitCode)
                              .reason(exitCode == 0 ? "Completed" : "Error")
                              .startedAt(startedAt)
                              .finishedAt(now))));
    }
    status.setContainerStatuses(containers);
    pod.setStatus(status);
    core.replaceNamespacedPodStatus(
            pod.getMetadata().getName(), pod.getMetadata().getNamespace(), pod)
        .execute();
  }

  private Process launch(V1Pod pod) throws ApiException {
    V1Container container = pod.getSpec().getContainers().get(0);
    String ns = pod.getMetadata().getNamespace();
    String sa =
        pod.getSpec().getServiceAccountName() == null
            ? "default"
            : pod.getSpec().getServiceAccountName();
    // a token bound to the pod, as the kubelet projects it: it dies with the pod
    AuthenticationV1TokenRequest request =
        new AuthenticationV1TokenRequest()
            .spec(
                new V1TokenRequestSpec()
                    .expirationSeconds(3600L)
                    .boundObjectRef(
                        new V1BoundObjectReference()
                            .kind("Pod")
                            .apiVersion("v1")
                            .name(pod.getMetadata().getName())
                            .uid(pod.getMetadata().getUid())));
    String token =
        core.createNamespacedServiceAccountToken(sa, ns, request).execute().getStatus().getToken();
    Path kubeconfig = logDir.resolve(ns + "_" + pod.getMetadata().getName() + ".kubeconfig");
    Kubeconfigs.write(
        kubeconfig, Kubeconfigs.forToken(controlPlane.server(), controlPlane.caPem(), token, sa));
    Map<String, String> env = new LinkedHashMap<>(resolveEnv(pod, container));
    env.put("KUBECONFIG", kubeconfig.toString());
    List<String> command = runnerLauncher.command(pod, container);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.equals("KUBECONFIG"));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(podLog(ns, pod.getMetadata().getName()).toFile());
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run runner pod " + key(pod) + ": " + command, e);
    }
  }

  /** The container's environment as the kubelet would set it (values, field refs, Secret keys). */
  private Map<String, String> resolveEnv(V1Pod pod, V1Container container) throws ApiException {
    Map<String, String> env = new HashMap<>();
    if (container.getEnv() == null) {
      return env;
    }
    for (V1EnvVar e : container.getEnv()) {
      if (e.getValue() != null) {
        env.put(e.getName(), e.getValue());
      } else if (e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null) {
        String path = e.getValueFrom().getFieldRef().getFieldPath();
        String value =
            switch (path) {
              case "metadata.name" -> pod.getMetadata().getName();
              case "metadata.namespace" -> pod.getMetadata().getNamespace();
              case "metadata.uid" -> pod.getMetadata().getUid();
              case "spec.nodeName" -> pod.getSpec().getNodeName();
              case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
              default -> null;
            };
        if (value != null) {
          env.put(e.getName(), value);
        }
      } else if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
        var ref = e.getValueFrom().getSecretKeyRef();
        V1Secret secret =
            core.readNamespacedSecret(ref.getName(), pod.getMetadata().getNamespace()).execute();
        byte[] data = secret.getData() == null ? null : secret.getData().get(ref.getKey());
        if (data != null) {
          env.put(e.getName(), new String(data, StandardCharsets.UTF_8));
        }
      }
    }
    return env;
  }

  private void registerNodes() {
    for (String name : NODES) {
      try {
        V1Node node =
            new V1Node()
                .metadata(
                    new V1ObjectMeta().name(name).labels(Map.of("kubernetes.io/hostname", name)));
        V1Node created = core.createNode(node).execute();
        created.setStatus(
            new V1NodeStatus()
                .conditions(
                    List.of(
                        new V1NodeCondition()
                            .type("Ready")
                            .status("True")
                            .reason("FakeKubeletReady")
                            .lastHeartbeatTime(now())
                            .lastTransitionTime(now()))));
        core.replaceNodeStatus(name, created).execute();
      } catch (ApiException e) {
        if (e.getCode() != 409) {
          throw new IllegalStateException(
              "cannot register node " + name + ": " + e.getResponseBody(), e);
        }
      }
    }
  }

  private static V1PodCondition condition(String type, String status, OffsetDateTime now) {
    return new V1PodCondition().type(type).status(status).lastTransitionTime(now);
  }

  private static boolean isReady(V1Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String ownerKind(V1Pod pod) {
    List<V1OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    return owners == null || owners.isEmpty() ? null : owners.get(0).getKind();
  }

  private static String ownerName(V1Pod pod) {
    List<V1OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    return owners == null || owners.isEmpty() ? null : owners.get(0).getName();
  }

  private static String key(V1Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    loop.interrupt();
    try {
      loop.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    processes.values().forEach(Process::destroyForcibly);
    processes.clear();
  }
}

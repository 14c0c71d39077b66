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
import io.kubernetes.client.openapi.models.V1DaemonEndpoint;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EphemeralContainer;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeDaemonEndpoints;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * the deletion). The real controllers then update Jobs and StatefulSets. Every third pass it also
 * plays a volume provisioner ({@link FakeProvisioner}): pending claims get a pre-bound volume,
 * which the real binder controller binds.
 *
 * <p>It also serves the kubelet's log endpoint ({@link KubeletServer}, HTTPS on 127.0.0.1; every
 * fake Node names it as its InternalIP and kubelet port), so {@code pods/log} works through the API
 * server ({@code kubectl logs}, {@code CoreV1Api.readNamespacedPodLog}). A container's log is what
 * its runner process wrote (stdout and stderr, each line stamped when read) or what the test gave
 * it ({@link #podOutput}, {@link #appendOutput}, {@link #finishJob(String, String, int, String)}).
 *
 * <p>Limits: no containers run except runner pods, as the test's {@link RunnerLauncher} says: a
 * local process (no image, user, volumes or resource limits; real pods are the k3s tier's, {@code
 * e2e/}); probes, restarts (so no {@code previous} logs), init containers, volumes, exec, attach
 * and port-forward are not simulated.
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
  private final Map<String, String> jobOutputs = new ConcurrentHashMap<>();
  private final Map<String, String[]> jobWaiting = new ConcurrentHashMap<>();
  private final Set<String> jobOutputApplied = ConcurrentHashMap.newKeySet();
  private final Set<String> notReadyPods = ConcurrentHashMap.newKeySet();
  private final Map<String, RunningProcess> processes = new ConcurrentHashMap<>();
  private final Map<String, Long> exitSeen = new ConcurrentHashMap<>();
  private final Map<String, OffsetDateTime> started = new ConcurrentHashMap<>();

  /** Container logs by "namespace/pod/container". */
  private final Map<String, ContainerLog> logs = new ConcurrentHashMap<>();

  private final KubeletServer server;
  private final FakeProvisioner provisioner;
  private int nextNode;
  private int sweeps;

  /** The kubelet's fallback termination message: the last 80 lines, at most 2048 bytes. */
  static final int TERMINATION_MESSAGE_LINES = 80;

  static final int TERMINATION_MESSAGE_BYTES = 2048;

  private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** A runner pod's process and the threads that read its stdout and stderr. */
  private record RunningProcess(Process process, List<Thread> pumps) {
    boolean drained() {
      return pumps.stream().noneMatch(Thread::isAlive);
    }
  }

  private FakeKubelet(ControlPlane controlPlane, Path logDir) {
    this.controlPlane = controlPlane;
    this.core = new CoreV1Api(controlPlane.admin());
    this.logDir = logDir;
    this.loop = new Thread(this::run, "fake-kubelet");
    this.loop.setDaemon(true);
    Pki pki = controlPlane.pki();
    Pki.Issued serving =
        pki.server(
            "fake-kubelet",
            List.of("localhost", NODES.get(0), NODES.get(1), NODES.get(2)),
            List.of("127.0.0.1"));
    this.server = KubeletServer.start(pki.sslContext(serving), this::findLog);
    this.provisioner = new FakeProvisioner(core);
  }

  public static FakeKubelet start(ControlPlane controlPlane, Path logDir) {
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FakeKubelet k = new FakeKubelet(controlPlane, logDir);
    try {
      k.registerNodes();
    } catch (RuntimeException e) {
      k.close();
      throw e;
    }
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

  /**
   * The pods of that Job end with that exit code, their (default) container having written {@code
   * output} (it replaces what {@link #podOutput} or {@link #appendOutput} gave them). With a
   * non-zero exit code and {@code terminationMessagePolicy: FallbackToLogsOnError}, its tail
   * becomes the terminated state's message.
   */
  public void finishJob(String namespace, String job, int exitCode, String output) {
    jobOutputs.put(namespace + "/" + job, Objects.requireNonNull(output, "output"));
    jobExitCodes.put(namespace + "/" + job, exitCode);
  }

  /**
   * The pods of that Job never start: they stay {@code Pending}, scheduled, each container waiting
   * with {@code reason} (e.g. {@code ImagePullBackOff}, {@code CreateContainerConfigError}) and
   * {@code message}, as a kubelet reports an image it cannot pull.
   */
  public void holdWaiting(String namespace, String job, String reason, String message) {
    jobWaiting.put(namespace + "/" + job, new String[] {reason, message});
  }

  /**
   * Sets what a container of that pod has written so far, replacing what it had (a follower starts
   * over with it, as after a log rotation). Every line is stamped now. {@code container} null: the
   * pod's default container (annotation {@code kubectl.kubernetes.io/default-container}, else the
   * first); the pod must then exist. The pod may otherwise be created later.
   */
  public void podOutput(String namespace, String pod, String container, String text) {
    log(namespace, pod, container).replace(Objects.requireNonNull(text, "text"));
  }

  /**
   * Appends to what a container of that pod has written, each line stamped now; followers ({@code
   * kubectl logs -f}) receive it. {@code container} as in {@link #podOutput}.
   */
  public void appendOutput(String namespace, String pod, String container, String text) {
    log(namespace, pod, container).append(Objects.requireNonNull(text, "text"));
  }

  /**
   * What a container of that pod has written so far, without timestamps (empty if nothing); {@code
   * container} as in {@link #podOutput}.
   */
  public String output(String namespace, String pod, String container) {
    ContainerLog log = logs.get(namespace + "/" + pod + "/" + container(namespace, pod, container));
    return log == null ? "" : log.text();
  }

  /** The port of the fake kubelet's HTTPS endpoint on 127.0.0.1 (every fake Node names it). */
  public int kubeletPort() {
    return server.port();
  }

  /** The pod stays Running but not Ready (or becomes Ready again with {@code false}). */
  public void holdNotReady(String namespace, String pod, boolean hold) {
    if (hold) {
      notReadyPods.add(namespace + "/" + pod);
    } else {
      notReadyPods.remove(namespace + "/" + pod);
    }
  }

  /**
   * The output of a pod that ran as a local process, as it came (stdout and stderr, no timestamps);
   * its container's log through the API server has the same lines.
   */
  public Path podLog(String namespace, String pod) {
    return logDir.resolve(namespace + "_" + pod + ".log");
  }

  /**
   * The files of a runner pod's ServiceAccount volume ({@code kube-api-access-*}) as the kubelet
   * projects them: {@code token} (bound to the pod), {@code ca.crt} and {@code namespace},
   * world-readable (the volume's default mode 0644). Written before the launcher is asked for the
   * command, so a launcher that runs a container can mount them where the pod mounts that volume.
   */
  public Path serviceAccountDir(String namespace, String pod) {
    return logDir.resolve(namespace + "_" + pod + ".serviceaccount");
  }

  /** Ends a runner pod's process abruptly, as a node loss would (the pod then fails with 137). */
  public boolean killProcess(String namespace, String pod) {
    RunningProcess p = processes.get(namespace + "/" + pod);
    if (p == null) {
      return false;
    }
    p.process().destroyForcibly();
    return true;
  }

  // --- the loop ---

  private void run() {
    while (running) {
      try {
        Instant listed = Instant.now();
        List<V1Pod> pods = core.listPodForAllNamespaces().execute().getItems();
        sweepLogs(pods, listed);
        for (V1Pod pod : pods) {
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
      if (sweeps++ % 3 == 0) {
        provisionVolumes();
      }
      sleepQuietly(150);
    }
  }

  /** Every third pass (~0.5 s): the volume provisioner's turn ({@link FakeProvisioner}). */
  private void provisionVolumes() {
    try {
      provisioner.sweep();
    } catch (ApiException e) {
      if (running) {
        System.err.println("[fake-provisioner] HTTP " + e.getCode() + " " + e.getResponseBody());
      }
    } catch (RuntimeException e) {
      if (running) {
        System.err.println("[fake-provisioner] " + e);
      }
    }
  }

  private void handle(V1Pod pod) throws ApiException {
    V1ObjectMeta meta = pod.getMetadata();
    String key = key(pod);
    if (meta.getDeletionTimestamp() != null) {
      RunningProcess p = processes.remove(key);
      if (p != null) {
        p.process().destroyForcibly();
      }
      endLogs(pod, true);
      core.deleteNamespacedPod(meta.getName(), meta.getNamespace()).gracePeriodSeconds(0).execute();
      return;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      endLogs(pod, true);
      return;
    }
    endLogs(pod, false);
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
      RunningProcess p = processes.get(key);
      if (p == null && !started.containsKey(key)) {
        setRunning(pod, true);
        started.put(key, now());
        processes.put(key, launch(pod));
        return;
      }
      if (p != null && !p.process().isAlive()) {
        // its last output first: the log is complete when the pod is finished
        long seen = exitSeen.computeIfAbsent(key, k -> System.nanoTime());
        if (!p.drained() && System.nanoTime() - seen < DRAIN_TIMEOUT_NANOS) {
          return;
        }
        finish(pod, p.process().exitValue());
        processes.remove(key);
        exitSeen.remove(key);
      }
      return;
    }
    String[] waiting = jobWaiting.get(ns + "/" + job);
    if (waiting != null) {
      setWaiting(pod, waiting[0], waiting[1]);
      return;
    }
    Integer exit = jobExitCodes.get(ns + "/" + job);
    if (exit == null && autoCompleteJobs) {
      exit = 0;
    }
    if (exit != null) {
      String output = jobOutputs.get(ns + "/" + job);
      if (output != null && jobOutputApplied.add(pod.getMetadata().getUid())) {
        log(pod, defaultContainer(pod)).replace(output);
      }
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

  private void setWaiting(V1Pod pod, String reason, String message) throws ApiException {
    V1PodStatus status = pod.getStatus() == null ? new V1PodStatus() : pod.getStatus();
    if (status.getContainerStatuses() != null
        && !status.getContainerStatuses().isEmpty()
        && status.getContainerStatuses().stream()
            .allMatch(
                c ->
                    c.getState() != null
                        && c.getState().getWaiting() != null
                        && reason.equals(c.getState().getWaiting().getReason()))) {
      return;
    }
    OffsetDateTime now = now();
    status.phase("Pending").hostIP("127.0.0.1").startTime(now);
    status.setConditions(scheduled(now, false));
    List<V1ContainerStatus> containers = new ArrayList<>();
    for (V1Container c : pod.getSpec().getContainers()) {
      containers.add(
          new V1ContainerStatus()
              .name(c.getName())
              .image(c.getImage())
              .imageID("")
              .ready(false)
              .started(false)
              .restartCount(0)
              .state(
                  new V1ContainerState()
                      .waiting(
                          new io.kubernetes.client.openapi.models.V1ContainerStateWaiting()
                              .reason(reason)
                              .message(message))));
    }
    writeStatus(pod, status, containers);
  }

  private void writeStatus(V1Pod pod, V1PodStatus status, List<V1ContainerStatus> containers)
      throws ApiException {
    status.setContainerStatuses(containers);
    pod.setStatus(status);
    core.replaceNamespacedPodStatus(
            pod.getMetadata().getName(), pod.getMetadata().getNamespace(), pod)
        .execute();
  }

  /** The conditions of a bound, initialized pod whose containers are ready or not. */
  private List<V1PodCondition> scheduled(OffsetDateTime now, boolean ready) {
    String r = ready ? "True" : "False";
    return new ArrayList<>(
        List.of(
            condition("PodScheduled", "True", now),
            condition("Initialized", "True", now),
            condition("ContainersReady", r, now),
            condition("Ready", r, now)));
  }

  private void setRunning(V1Pod pod, boolean ready) throws ApiException {
    OffsetDateTime now = now();
    V1PodStatus status = pod.getStatus() == null ? new V1PodStatus() : pod.getStatus();
    status
        .phase("Running")
        .hostIP("127.0.0.1")
        .podIP("127.0.0.1")
        .startTime(status.getStartTime() == null ? now : status.getStartTime());
    status.setConditions(scheduled(now, ready));
    List<V1ContainerStatus> containers = new ArrayList<>();
    for (V1Container c : pod.getSpec().getContainers()) {
      containers.add(
          new V1ContainerStatus()
              .name(c.getName())
              .image(c.getImage())
              .imageID("fake://" + c.getImage())
              .containerID(containerId(pod, c))
              .ready(ready)
              .started(true)
              .restartCount(0)
              .state(new V1ContainerState().running(new V1ContainerStateRunning().startedAt(now))));
    }
    writeStatus(pod, status, containers);
  }

  private void finish(V1Pod pod, int exitCode) throws ApiException {
    OffsetDateTime now = now();
    V1PodStatus status = pod.getStatus() == null ? new V1PodStatus() : pod.getStatus();
    OffsetDateTime startedAt = status.getStartTime() == null ? now : status.getStartTime();
    status.phase(exitCode == 0 ? "Succeeded" : "Failed").startTime(startedAt);
    status.setConditions(scheduled(now, false));
    List<V1ContainerStatus> containers = new ArrayList<>();
    for (V1Container c : pod.getSpec().getContainers()) {
      containers.add(
          new V1ContainerStatus()
              .name(c.getName())
              .image(c.getImage())
              .imageID("fake://" + c.getImage())
              .containerID(containerId(pod, c))
              .ready(false)
              .started(false)
              .restartCount(0)
              .state(
                  new V1ContainerState()
                      .terminated(
                          new V1ContainerStateTerminated()
                              .exitCode(exitCode)
                              .reason(exitCode == 0 ? "Completed" : "Error")
                              .message(terminationMessage(pod, c, exitCode))
                              .containerID(containerId(pod, c))
                              .startedAt(startedAt)
                              .finishedAt(now))));
    }
    writeStatus(pod, status, containers);
    endLogs(pod, true);
  }

  /**
   * The kubelet's {@code FallbackToLogsOnError}: a failed container's message is the tail of its
   * log (there is no termination-message file here, so other policies give none).
   */
  private String terminationMessage(V1Pod pod, V1Container c, int exitCode) {
    if (exitCode == 0 || !"FallbackToLogsOnError".equals(c.getTerminationMessagePolicy())) {
      return null;
    }
    String tail = log(pod, c.getName()).tail(TERMINATION_MESSAGE_LINES, TERMINATION_MESSAGE_BYTES);
    return tail.isEmpty() ? null : tail;
  }

  private static String containerId(V1Pod pod, V1Container c) {
    return "fake://" + pod.getMetadata().getUid() + "-" + c.getName();
  }

  private RunningProcess launch(V1Pod pod) throws ApiException {
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
    writeServiceAccountDir(serviceAccountDir(ns, pod.getMetadata().getName()), token, ns);
    Map<String, String> env = new LinkedHashMap<>(resolveEnv(pod, container));
    env.put("KUBECONFIG", kubeconfig.toString());
    // what the kubelet gives every container: where the API server is (in-cluster configuration)
    URI server = URI.create(controlPlane.server());
    env.put("KUBERNETES_SERVICE_HOST", server.getHost());
    env.put("KUBERNETES_SERVICE_PORT", String.valueOf(server.getPort()));
    List<String> command = runnerLauncher.command(pod, container);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.equals("KUBECONFIG"));
    pb.environment().putAll(env);
    Path file = podLog(ns, pod.getMetadata().getName());
    ContainerLog log = log(pod, container.getName());
    try {
      Files.write(file, new byte[0]);
      Process process = pb.start();
      process.getOutputStream().close();
      Object fileLock = new Object();
      String name = "fake-kubelet-" + key(pod);
      return new RunningProcess(
          process,
          List.of(
              pump(name + "-stdout", process.getInputStream(), log, file, fileLock),
              pump(name + "-stderr", process.getErrorStream(), log, file, fileLock)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run runner pod " + key(pod) + ": " + command, e);
    }
  }

  private void writeServiceAccountDir(Path dir, String token, String namespace) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("token"), token);
      Files.writeString(dir.resolve("ca.crt"), controlPlane.caPem());
      Files.writeString(dir.resolve("namespace"), namespace);
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String f : List.of("token", "ca.crt", "namespace")) {
          Files.setPosixFilePermissions(
              dir.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ServiceAccount volume " + dir, e);
    }
  }

  /**
   * Reads one output stream of a process: each line goes into the container's log stamped with the
   * time it was read (a partial line at the end, or one longer than 16 KiB, as it is), and the
   * bytes to the pod's log file.
   */
  private static Thread pump(
      String name, InputStream in, ContainerLog log, Path file, Object fileLock) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              ByteArrayOutputStream pending = new ByteArrayOutputStream();
              try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                  synchronized (fileLock) {
                    try {
                      Files.write(
                          file,
                          Arrays.copyOf(buf, n),
                          StandardOpenOption.CREATE,
                          StandardOpenOption.APPEND);
                    } catch (IOException e) {
                      // the file is a copy for people; the log still gets the line
                    }
                  }
                  int start = 0;
                  for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                      pending.write(buf, start, i + 1 - start);
                      log.add(pending.toByteArray());
                      pending.reset();
                      start = i + 1;
                    }
                  }
                  pending.write(buf, start, n - start);
                  if (pending.size() >= 16 * 1024) {
                    log.add(pending.toByteArray());
                    pending.reset();
                  }
                }
              } catch (IOException e) {
                // the stream broke (the process was killed): keep what was read
              }
              if (pending.size() > 0) {
                log.add(pending.toByteArray());
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
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

  /**
   * Creates the fake Nodes (if absent) and sets their status: Ready, InternalIP 127.0.0.1 and this
   * kubelet's port, which is where kube-apiserver goes for pods/log.
   */
  private void registerNodes() {
    for (String name : NODES) {
      try {
        core.createNode(
                new V1Node()
                    .metadata(
                        new V1ObjectMeta()
                            .name(name)
                            .labels(Map.of("kubernetes.io/hostname", name))))
            .execute();
      } catch (ApiException e) {
        if (e.getCode() != 409) {
          throw new IllegalStateException(
              "cannot register node " + name + ": " + e.getResponseBody(), e);
        }
      }
      for (int attempt = 1; ; attempt++) {
        try {
          V1Node node = core.readNode(name).execute();
          node.setStatus(
              new V1NodeStatus()
                  .addresses(
                      List.of(
                          new V1NodeAddress().type("InternalIP").address("127.0.0.1"),
                          new V1NodeAddress().type("Hostname").address(name)))
                  .daemonEndpoints(
                      new V1NodeDaemonEndpoints()
                          .kubeletEndpoint(new V1DaemonEndpoint().port(server.port())))
                  .conditions(
                      List.of(
                          new V1NodeCondition()
                              .type("Ready")
                              .status("True")
                              .reason("FakeKubeletReady")
                              .message("fake kubelet (neo4j-restore testenv)")
                              .lastHeartbeatTime(now())
                              .lastTransitionTime(now()))));
          core.replaceNodeStatus(name, node).execute();
          break;
        } catch (ApiException e) {
          if (e.getCode() != 409 || attempt >= 5) {
            throw new IllegalStateException(
                "cannot set the status of node " + name + ": " + e.getResponseBody(), e);
          }
        }
      }
    }
  }

  // --- logs ---

  /** A container's log by name, created empty if absent (tests may write before the pod exists). */
  private ContainerLog log(String namespace, String pod, String container) {
    return logs.computeIfAbsent(
        namespace + "/" + pod + "/" + container(namespace, pod, container),
        k -> new ContainerLog());
  }

  /**
   * The log of a container of this pod; one left by an older pod of the same name is ended and
   * replaced.
   */
  private ContainerLog log(V1Pod pod, String container) {
    String uid = pod.getMetadata().getUid();
    return logs.compute(
        key(pod) + "/" + container,
        (k, existing) -> {
          if (existing != null && existing.adopt(uid)) {
            return existing;
          }
          if (existing != null) {
            existing.end();
          }
          ContainerLog fresh = new ContainerLog();
          fresh.adopt(uid);
          return fresh;
        });
  }

  /** Ends the logs of this pod's finished containers (all of them with {@code all}). */
  private void endLogs(V1Pod pod, boolean all) {
    Set<String> finished = new HashSet<>();
    if (!all) {
      if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
        return;
      }
      for (V1ContainerStatus s : pod.getStatus().getContainerStatuses()) {
        if (s.getState() != null && s.getState().getTerminated() != null) {
          finished.add(s.getName());
        }
      }
    }
    for (String container : containerNames(pod)) {
      if (all || finished.contains(container)) {
        ContainerLog log = logs.get(key(pod) + "/" + container);
        if (log != null && log.adopt(pod.getMetadata().getUid())) {
          log.end();
        }
      }
    }
  }

  /**
   * Ends and drops the logs of pods that are gone (or replaced by a pod of the same name), as a
   * kubelet removes a deleted pod's containers. Only logs tied to their pod before the list was
   * taken: a newer pod may be missing from it.
   */
  private void sweepLogs(List<V1Pod> pods, Instant listed) {
    Map<String, String> uids = new HashMap<>();
    for (V1Pod pod : pods) {
      uids.put(key(pod), pod.getMetadata().getUid());
    }
    logs.forEach(
        (key, log) -> {
          String uid = log.podUid();
          Instant adopted = log.adopted();
          String pod = key.substring(0, key.lastIndexOf('/'));
          if (uid != null && adopted.isBefore(listed) && !uid.equals(uids.get(pod))) {
            log.end();
            logs.remove(key, log);
          }
        });
  }

  /**
   * The log a kubelet request is for: the checks and messages of the kubelet's {@code
   * getContainerLogs} and {@code validateContainerLogStatus}.
   */
  private ContainerLog findLog(String namespace, String name, String container, boolean previous)
      throws KubeletServer.Refusal {
    V1Pod pod;
    try {
      pod = core.readNamespacedPod(name, namespace).execute();
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        throw new KubeletServer.Refusal(404, "pod \"" + name + "\" does not exist");
      }
      throw new KubeletServer.Refusal(500, "cannot read pod " + name + ": HTTP " + e.getCode());
    }
    if (pod.getSpec().getNodeName() == null || !NODES.contains(pod.getSpec().getNodeName())) {
      throw new KubeletServer.Refusal(404, "pod \"" + name + "\" does not exist");
    }
    if (!containerNames(pod).contains(container)) {
      throw new KubeletServer.Refusal(
          404, "container \"" + container + "\" not found in pod \"" + name + "\"");
    }
    String which = "container \"" + container + "\" in pod \"" + name + "\"";
    V1ContainerStatus status = containerStatus(pod, container);
    if (status == null) {
      throw new KubeletServer.Refusal(400, which + " is not available");
    }
    V1ContainerState state = status.getState() == null ? new V1ContainerState() : status.getState();
    V1ContainerStateTerminated last =
        status.getLastState() == null ? null : status.getLastState().getTerminated();
    if (previous) {
      if (last == null || isEmpty(last.getContainerID())) {
        throw new KubeletServer.Refusal(400, "previous terminated " + which + " not found");
      }
      return new ContainerLog(); // not reached: nothing restarts here
    } else if (state.getRunning() != null) {
      // its log
    } else if (state.getTerminated() != null) {
      if (isEmpty(state.getTerminated().getContainerID())
          && (last == null || isEmpty(last.getContainerID()))) {
        throw new KubeletServer.Refusal(400, which + " is terminated");
      }
    } else if (last != null) {
      if (isEmpty(last.getContainerID())) {
        throw new KubeletServer.Refusal(400, which + " is terminated");
      }
    } else if (state.getWaiting() != null) {
      throw new KubeletServer.Refusal(
          400, which + " is waiting to start: " + state.getWaiting().getReason());
    } else {
      throw new KubeletServer.Refusal(400, which + " is waiting to start - no logs yet");
    }
    return log(pod, container);
  }

  private static V1ContainerStatus containerStatus(V1Pod pod, String container) {
    if (pod.getStatus() == null) {
      return null;
    }
    for (List<V1ContainerStatus> list :
        Arrays.asList(
            pod.getStatus().getContainerStatuses(),
            pod.getStatus().getInitContainerStatuses(),
            pod.getStatus().getEphemeralContainerStatuses())) {
      if (list != null) {
        for (V1ContainerStatus s : list) {
          if (container.equals(s.getName())) {
            return s;
          }
        }
      }
    }
    return null;
  }

  private static List<String> containerNames(V1Pod pod) {
    List<String> names = new ArrayList<>();
    if (pod.getSpec().getInitContainers() != null) {
      pod.getSpec().getInitContainers().forEach(c -> names.add(c.getName()));
    }
    pod.getSpec().getContainers().forEach(c -> names.add(c.getName()));
    if (pod.getSpec().getEphemeralContainers() != null) {
      for (V1EphemeralContainer c : pod.getSpec().getEphemeralContainers()) {
        names.add(c.getName());
      }
    }
    return names;
  }

  /** The container {@code kubectl logs} picks when none is named. */
  private static String defaultContainer(V1Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String named =
        annotations == null ? null : annotations.get("kubectl.kubernetes.io/default-container");
    return named != null && containerNames(pod).contains(named)
        ? named
        : pod.getSpec().getContainers().get(0).getName();
  }

  private String container(String namespace, String pod, String container) {
    if (container != null) {
      return container;
    }
    try {
      return defaultContainer(core.readNamespacedPod(pod, namespace).execute());
    } catch (ApiException e) {
      throw new IllegalArgumentException(
          "no container named and pod "
              + namespace
              + "/"
              + pod
              + " unreadable: HTTP "
              + e.getCode(),
          e);
    }
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
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
    processes.values().forEach(p -> p.process().destroyForcibly());
    processes.clear();
    logs.values().forEach(ContainerLog::end);
    server.close();
  }
}

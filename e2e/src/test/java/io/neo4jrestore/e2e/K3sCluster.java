package io.neo4jrestore.e2e;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.StorageV1Api;
import io.kubernetes.client.openapi.models.V1LocalVolumeSource;
import io.kubernetes.client.openapi.models.V1NodeSelector;
import io.kubernetes.client.openapi.models.V1NodeSelectorRequirement;
import io.kubernetes.client.openapi.models.V1NodeSelectorTerm;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeSpec;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1StorageClass;
import io.kubernetes.client.openapi.models.V1VolumeNodeAffinity;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.Wait;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * One single-node k3s cluster in a container (Testcontainers' {@link K3sContainer} on podman's
 * Docker-compatible API, the image from {@code scripts/build-k3s.sh}), with what the tests need
 * from its node: loading images into its containerd, local persistent volumes in its file system,
 * reading their files, killing a container's process.
 */
final class K3sCluster implements AutoCloseable {
  /** Where local volumes live on the node (inside the k3s container). */
  static final String VOLUMES = "/var/lib/e2e-volumes";

  static final String STORAGE_CLASS = "e2e-local";
  private static final String CONTAINERD = "/run/k3s/containerd/containerd.sock";

  private final K3sContainer container;
  private final HostState host;
  private final Path kubeconfig;
  private final ApiClient admin;
  private final String node;
  private final Duration startup;

  private K3sCluster(
      K3sContainer container,
      HostState host,
      Path kubeconfig,
      ApiClient admin,
      String node,
      Duration startup) {
    this.container = container;
    this.host = host;
    this.kubeconfig = kubeconfig;
    this.admin = admin;
    this.node = node;
    this.startup = startup;
  }

  /**
   * Starts k3s from {@code image} with the image archive {@code images} (a docker-archive of the
   * images the tests' pods run) imported into its containerd, and waits until the node is Ready and
   * CoreDNS answers.
   */
  static K3sCluster start(String image, Path images, Path work, HostState host) throws Exception {
    Files.createDirectories(work);
    Path log = work.resolve("k3s.log");
    Instant t0 = Instant.now();
    K3sContainer k3s =
        new K3sContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("rancher/k3s"))
            .withFileSystemBind(images.getParent().toString(), "/e2e-images", BindMode.READ_ONLY)
            // podman publishes on every interface by default: the API server stays on loopback
            .withCreateContainerCmdModifier(
                cmd -> {
                  Ports ports = new Ports();
                  for (ExposedPort p : cmd.getExposedPorts()) {
                    ports.bind(p, Ports.Binding.bindIp("127.0.0.1"));
                  }
                  cmd.getHostConfig().withPortBindings(ports);
                })
            .withLogConsumer(frame -> append(log, frame.getUtf8String()))
            .withStartupTimeout(Duration.ofMinutes(4));
    try {
      k3s.start();
      Duration started = Duration.between(t0, Instant.now());

      Instant t1 = Instant.now();
      exec(
          k3s,
          "ctr",
          "-a",
          CONTAINERD,
          "-n",
          "k8s.io",
          "images",
          "import",
          "/e2e-images/" + images.getFileName());
      Duration imported = Duration.between(t1, Instant.now());

      Path kubeconfig = work.resolve("kubeconfig");
      Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
      ApiClient admin = ControlPlane.client(kubeconfig);
      CoreV1Api core = new CoreV1Api(admin);
      Wait.until(
          "the k3s node to be Ready",
          Duration.ofMinutes(2),
          () ->
              core.listNode().execute().getItems().stream()
                  .anyMatch(
                      n ->
                          n.getStatus().getConditions().stream()
                              .anyMatch(
                                  c ->
                                      "Ready".equals(c.getType())
                                          && "True".equals(c.getStatus()))));
      String node = core.listNode().execute().getItems().get(0).getMetadata().getName();
      Wait.until(
          "CoreDNS (kube-system/k8s-app=kube-dns) to be Ready",
          Duration.ofMinutes(3),
          () ->
              core
                  .listNamespacedPod("kube-system")
                  .labelSelector("k8s-app=kube-dns")
                  .execute()
                  .getItems()
                  .stream()
                  .anyMatch(K3sCluster::ready));
      exec(k3s, "mkdir", "-p", VOLUMES);
      new StorageV1Api(admin)
          .createStorageClass(
              new V1StorageClass()
                  .metadata(new V1ObjectMeta().name(STORAGE_CLASS))
                  .provisioner("kubernetes.io/no-provisioner")
                  .volumeBindingMode("Immediate")
                  .reclaimPolicy("Retain"))
          .execute();
      Duration total = Duration.between(t0, Instant.now());
      System.out.printf(
          "[k3s] %s: node %s Ready, CoreDNS Ready in %.1fs (container start %.1fs, image import"
              + " %.1fs); log %s%n",
          image,
          node,
          total.toMillis() / 1000.0,
          started.toMillis() / 1000.0,
          imported.toMillis() / 1000.0,
          log);
      return new K3sCluster(k3s, host, kubeconfig, admin, node, total);
    } catch (Exception | AssertionError e) {
      k3s.stop();
      throw e;
    }
  }

  ApiClient admin() {
    return admin;
  }

  Path kubeconfig() {
    return kubeconfig;
  }

  String node() {
    return node;
  }

  Duration startup() {
    return startup;
  }

  /** Runs a command in the node (the k3s container); fails unless it exits 0; returns stdout. */
  String exec(String... command) {
    return exec(container, command);
  }

  private static String exec(K3sContainer k3s, String... command) {
    try {
      ExecResult r = k3s.execInContainer(command);
      if (r.getExitCode() != 0) {
        throw new AssertionError(
            "on the k3s node, "
                + String.join(" ", command)
                + " exited "
                + r.getExitCode()
                + ": "
                + r.getStdout()
                + r.getStderr());
      }
      return r.getStdout();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A local PersistentVolume {@code name} on the node, pre-bound to the claim {@code ns/claim} (so
   * a StatefulSet's or a test's PVC of that name binds to exactly this volume), its directory owned
   * by {@code uid} (the Neo4j image's 7474). Reclaim policy Retain: a deleted claim leaves the
   * data.
   */
  void localVolume(String name, String ns, String claim, int uid) throws Exception {
    String dir = VOLUMES + "/" + name;
    exec("sh", "-c", "mkdir -p " + dir + " && chown -R " + uid + ":" + uid + " " + dir);
    new CoreV1Api(admin)
        .createPersistentVolume(
            new V1PersistentVolume()
                .metadata(new V1ObjectMeta().name(name))
                .spec(
                    new V1PersistentVolumeSpec()
                        .capacity(Map.of("storage", Quantity.fromString("1Gi")))
                        .accessModes(List.of("ReadWriteOnce"))
                        .persistentVolumeReclaimPolicy("Retain")
                        .storageClassName(STORAGE_CLASS)
                        .claimRef(new V1ObjectReference().namespace(ns).name(claim))
                        .local(new V1LocalVolumeSource().path(dir))
                        .nodeAffinity(
                            new V1VolumeNodeAffinity()
                                .required(
                                    new V1NodeSelector()
                                        .nodeSelectorTerms(
                                            List.of(
                                                new V1NodeSelectorTerm()
                                                    .matchExpressions(
                                                        List.of(
                                                            new V1NodeSelectorRequirement()
                                                                .key("kubernetes.io/hostname")
                                                                .operator("In")
                                                                .values(List.of(node))))))))))
        .execute();
  }

  /** Copies a local directory's contents into volume {@code name} (owned by {@code uid}). */
  void copyIntoVolume(Path localDir, String name, int uid) {
    String dir = VOLUMES + "/" + name;
    container.copyFileToContainer(MountableFile.forHostPath(localDir), dir);
    exec("chown", "-R", uid + ":" + uid, dir);
  }

  /** A file of volume {@code name}, or null when it does not exist. */
  String volumeFile(String name, String path) {
    try {
      ExecResult r = container.execInContainer("cat", VOLUMES + "/" + name + "/" + path);
      return r.getExitCode() == 0 ? r.getStdout() : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends SIGKILL to the main process of a pod's container, as the kernel's OOM killer or a crash
   * would end it: the container stops with exit code 137 without any chance to clean up.
   */
  void sigkill(V1Pod pod, String containerName) {
    String id =
        pod.getStatus().getContainerStatuses().stream()
            .filter(c -> containerName.equals(c.getName()))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "pod "
                            + pod.getMetadata().getName()
                            + " has no container "
                            + containerName))
            .getContainerID();
    if (id == null || !id.startsWith("containerd://")) {
      throw new AssertionError("container " + containerName + " has not started: " + id);
    }
    exec(
        "ctr",
        "-a",
        CONTAINERD,
        "-n",
        "k8s.io",
        "tasks",
        "kill",
        "--signal",
        "SIGKILL",
        id.substring("containerd://".length()));
  }

  static boolean ready(V1Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static void append(Path log, String text) {
    try (OutputStream out =
        Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the log is a convenience
    }
  }

  @Override
  public void close() {
    try {
      container.stop();
    } finally {
      host.close();
    }
  }
}

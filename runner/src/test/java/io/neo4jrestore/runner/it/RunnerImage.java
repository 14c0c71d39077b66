package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.fail;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The runner image of this build, made by {@code scripts/build-runner-image.sh} from {@code
 * runner/target} (a no-op when the image for this content exists), and podman commands that run it
 * as the kubelet would run a runner pod.
 *
 * <p>Without podman the tests that need it are skipped, except with {@code CI=true}: then they
 * fail, so CI cannot pass without having run the image.
 *
 * @param name the image name, as the build version gives it
 * @param digest the image's digest ({@code sha256:...})
 * @param id the image's ID
 */
record RunnerImage(String name, String digest, String id) {
  private static final Path CONTAINERS_CONF = Path.of("target", "containers.conf").toAbsolutePath();

  /** Builds (or finds) the image; skips, or fails with CI=true, where podman is missing. */
  static RunnerImage build() {
    for (String tool : List.of("podman", "runc")) {
      if (!onPath(tool)) {
        String why =
            tool
                + " is not installed: the runner image cannot be built or run here"
                + " (Debian: apt-get install podman runc debootstrap; scripts/test.sh does it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          fail("CI=true and " + why);
        }
        System.out.println("[runner-image] SKIPPED: " + why);
        Assumptions.assumeTrue(false, why);
      }
    }
    Path root = ControlPlaneExtension.repoRoot();
    Path log = Path.of("target", "runner-image-build.log").toAbsolutePath();
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash", root.resolve("scripts/build-runner-image.sh").toString(), "--skip-build")
            .redirectError(log.toFile());
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        fail("scripts/build-runner-image.sh --skip-build failed; its log: " + log);
      }
      String[] last = out.strip().lines().reduce((a, b) -> b).orElse("").split(" ");
      if (last.length != 3) {
        fail("unexpected output of scripts/build-runner-image.sh: " + out);
      }
      Files.writeString(CONTAINERS_CONF, "[containers]\ndefault_ulimits = []\n");
      RunnerImage image = new RunnerImage(last[0], last[1], last[2]);
      System.out.println(
          "[runner-image] testing "
              + image.name()
              + " digest "
              + image.digest()
              + " id "
              + id(image));
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String id(RunnerImage image) {
    return image.id().length() > 12 ? image.id().substring(0, 12) : image.id();
  }

  /** {@code podman --runtime runc ARGS} with the containers.conf that works here. */
  static List<String> podman(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of("env", "CONTAINERS_CONF=" + CONTAINERS_CONF, "podman", "--runtime", "runc"));
    command.addAll(List.of(args));
    return command;
  }

  /** Runs a podman command to its end and returns its output (stdout and stderr). */
  static String run(String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(podman(args)).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException("podman " + String.join(" ", args) + " failed: " + out);
    }
    return out.strip();
  }

  /**
   * Runs runner pods as containers of the image the pod names, as a kubelet would: the pod's user
   * and group, read-only root, dropped capabilities, no privilege escalation, its memory limit, an
   * emptyDir as a tmpfs, the ServiceAccount volume the admission added (token, ca.crt, namespace)
   * where the pod mounts it, {@code KUBERNETES_SERVICE_HOST}/{@code _PORT} (the in-cluster
   * configuration, no kubeconfig), the container's environment, and {@code hosts} (Service names
   * in-cluster DNS would resolve). Host network: the API server and the Bolt stand-in listen on
   * loopback addresses.
   */
  static Launcher launcher(FakeKubelet kubelet, Map<String, String> hosts) {
    return new Launcher(kubelet, hosts);
  }

  static final class Launcher implements FakeKubelet.RunnerLauncher {
    private final FakeKubelet kubelet;
    private final Map<String, String> hosts;
    private final Set<String> containers = ConcurrentHashMap.newKeySet();

    Launcher(FakeKubelet kubelet, Map<String, String> hosts) {
      this.kubelet = kubelet;
      this.hosts = hosts;
    }

    @Override
    public List<String> command(V1Pod pod, V1Container container) {
      String ns = pod.getMetadata().getNamespace();
      String podName = pod.getMetadata().getName();
      String name = "neo4j-restore-it-" + pod.getMetadata().getUid();
      containers.add(name);
      List<String> args = new ArrayList<>();
      args.addAll(List.of("run", "--rm", "--name", name, "--pull=never", "--network", "host"));
      V1PodSecurityContext podSecurity = pod.getSpec().getSecurityContext();
      if (podSecurity != null && podSecurity.getRunAsUser() != null) {
        args.addAll(
            List.of(
                "--user",
                podSecurity.getRunAsUser()
                    + (podSecurity.getRunAsGroup() == null
                        ? ""
                        : ":" + podSecurity.getRunAsGroup())));
      }
      V1SecurityContext security = container.getSecurityContext();
      if (security != null) {
        if (Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
          args.add("--read-only");
        }
        if (Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
          args.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        if (security.getCapabilities() != null && security.getCapabilities().getDrop() != null) {
          security.getCapabilities().getDrop().forEach(c -> args.addAll(List.of("--cap-drop", c)));
        }
      }
      if (container.getResources() != null && container.getResources().getLimits() != null) {
        Quantity memory = container.getResources().getLimits().get("memory");
        if (memory != null) {
          args.addAll(List.of("--memory", memory.getNumber().toBigInteger() + "b"));
        }
      }
      List<V1Volume> volumes =
          pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
      if (container.getVolumeMounts() != null) {
        for (V1VolumeMount m : container.getVolumeMounts()) {
          V1Volume v =
              volumes.stream()
                  .filter(x -> x.getName().equals(m.getName()))
                  .findFirst()
                  .orElseThrow(
                      () -> new IllegalArgumentException("pod " + podName + " has no volume " + m));
          if (v.getEmptyDir() != null) {
            args.addAll(List.of("--tmpfs", m.getMountPath() + ":rw,mode=1777"));
          } else if (v.getProjected() != null
              && v.getProjected().getSources().stream()
                  .anyMatch(src -> src.getServiceAccountToken() != null)) {
            // the ServiceAccount admission's kube-api-access volume: token, ca.crt, namespace
            args.addAll(
                List.of(
                    "--volume",
                    kubelet.serviceAccountDir(ns, podName) + ":" + m.getMountPath() + ":ro"));
          } else {
            throw new IllegalArgumentException(
                "the image launcher mounts emptyDir and ServiceAccount volumes only; pod "
                    + podName
                    + " mounts "
                    + v.getName());
          }
        }
      }
      // what the kubelet sets in every container: where the API server is
      args.addAll(List.of("--env", "KUBERNETES_SERVICE_HOST", "--env", "KUBERNETES_SERVICE_PORT"));
      if (container.getEnv() != null) {
        for (V1EnvVar e : container.getEnv()) {
          args.addAll(List.of("--env", e.getName())); // the value the kubelet resolved
        }
      }
      hosts.forEach((host, ip) -> args.addAll(List.of("--add-host", host + ":" + ip)));
      args.add(container.getImage());
      if (container.getArgs() != null) {
        args.addAll(container.getArgs());
      }
      return podman(args.toArray(String[]::new));
    }

    /** Removes the containers that are still there (a test that failed half-way). */
    void removeContainers() {
      for (String c : containers) {
        try {
          new ProcessBuilder(podman("rm", "--force", "--ignore", c))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start()
              .waitFor(1, TimeUnit.MINUTES);
        } catch (IOException e) {
          // best effort
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}

package io.neo4jrestore.plugin;

import io.neo4jrestore.kube.Credentials;
import io.neo4jrestore.kube.KubeException;
import io.neo4jrestore.plugin.kube.ApiClients;
import io.neo4jrestore.plugin.kube.Kubeconfig;
import io.neo4jrestore.plugin.kube.KubeconfigException;
import io.neo4jrestore.plugin.kube.KubeconfigLoader;
import io.neo4jrestore.plugin.options.KubeOptions;
import io.neo4jrestore.plugin.restore.HttpRestoreCluster;
import io.neo4jrestore.plugin.restore.RestoreCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The real {@link Sessions}: kubeconfig files by kubectl's rules ({@link KubeconfigLoader}), the
 * selected context, and one connection ({@link ApiClients}) per process, created only when a
 * command first talks to the cluster. Inside a pod without a kubeconfig, the pod's ServiceAccount
 * is used.
 */
public final class KubeSessions implements Sessions {
  static final Path IN_CLUSTER = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  private final Map<String, String> env;
  private final Path home;
  private final Clock clock;
  private final boolean terminal;

  public KubeSessions(Map<String, String> env, Path home, Clock clock, boolean terminal) {
    this.env = env;
    this.home = home;
    this.clock = clock;
    this.terminal = terminal;
  }

  /** The process's environment and home directory. */
  public static KubeSessions system(Clock clock) {
    String home = System.getProperty("user.home");
    return new KubeSessions(
        System.getenv(), home == null ? null : Path.of(home), clock, System.console() != null);
  }

  @Override
  public Session open(KubeOptions o) {
    List<Path> files = KubeconfigLoader.files(o.kubeconfig(), env.get("KUBECONFIG"), home);
    Kubeconfig.Selection selection;
    KubeException problem = null;
    String namespace = o.namespace();
    if (files.isEmpty() && inCluster()) {
      selection = inClusterSelection();
      if (namespace == null) {
        namespace = readTrimmed(IN_CLUSTER.resolve("namespace"));
      }
    } else if (files.isEmpty()) {
      selection = null;
      String kubeconfigEnv = env.get("KUBECONFIG");
      problem =
          new KubeconfigException(
              kubeconfigEnv != null && !kubeconfigEnv.isEmpty()
                  ? "none of the files in KUBECONFIG exist (KUBECONFIG="
                      + kubeconfigEnv
                      + "); fix KUBECONFIG or pass --kubeconfig FILE"
                  : "no kubeconfig found: set KUBECONFIG or pass --kubeconfig FILE (looked for "
                      + (home == null ? "~" : home)
                      + "/.kube/config)");
    } else {
      Kubeconfig kubeconfig = KubeconfigLoader.load(files);
      Kubeconfig.Selection s = null;
      try {
        s = kubeconfig.select(o.context(), o.cluster(), o.user());
      } catch (KubeconfigException e) {
        problem = e; // reported when the command connects; the namespace falls back to default
      }
      selection = s;
      if (namespace == null && s != null) {
        namespace = s.namespace();
      }
    }
    if (namespace == null || namespace.isBlank()) {
      namespace = "default";
    }
    Supplier<RestoreCluster> cluster = connector(selection, problem, o);
    return new Session(namespace, cluster);
  }

  private Supplier<RestoreCluster> connector(
      Kubeconfig.Selection selection, KubeException problem, KubeOptions o) {
    return new Supplier<>() {
      private RestoreCluster cluster;

      @Override
      public synchronized RestoreCluster get() {
        if (cluster == null) {
          if (problem != null) {
            throw problem;
          }
          Credentials credentials = ApiClients.credentials(selection, clock, terminal);
          String where =
              "the API server at "
                  + selection.cluster().server()
                  + (selection.contextName() == null
                      ? ""
                      : " (context \"" + selection.contextName() + "\")");
          cluster =
              new HttpRestoreCluster(
                  ApiClients.create(selection, credentials, o.requestTimeout(), where));
        }
        return cluster;
      }
    };
  }

  private boolean inCluster() {
    return env.get("KUBERNETES_SERVICE_HOST") != null
        && env.get("KUBERNETES_SERVICE_PORT") != null
        && Files.isRegularFile(IN_CLUSTER.resolve("token"));
  }

  private Kubeconfig.Selection inClusterSelection() {
    String host = env.get("KUBERNETES_SERVICE_HOST");
    String server =
        "https://"
            + (host.contains(":") ? "[" + host + "]" : host)
            + ":"
            + env.get("KUBERNETES_SERVICE_PORT");
    Kubeconfig.Cluster cluster =
        new Kubeconfig.Cluster(
            "in-cluster",
            server,
            IN_CLUSTER.resolve("ca.crt"),
            null,
            false,
            null,
            null,
            IN_CLUSTER);
    Kubeconfig.User user =
        new Kubeconfig.User(
            "in-cluster",
            null,
            IN_CLUSTER.resolve("token"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            false,
            IN_CLUSTER);
    return new Kubeconfig.Selection(null, null, cluster, user);
  }

  private static String readTrimmed(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      return null;
    }
  }
}

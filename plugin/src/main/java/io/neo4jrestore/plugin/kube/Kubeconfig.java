package io.neo4jrestore.plugin.kube;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A kubeconfig merged from one or more files by kubectl's rules (see {@link KubeconfigLoader}).
 * Paths inside are already absolute: resolved against the file each entry came from.
 *
 * @param files the files that were read, in precedence order
 */
public record Kubeconfig(
    Map<String, Cluster> clusters,
    Map<String, User> users,
    Map<String, Context> contexts,
    String currentContext,
    List<Path> files) {

  /** A {@code clusters[].cluster} entry. */
  public record Cluster(
      String name,
      String server,
      Path certificateAuthority,
      String certificateAuthorityData,
      boolean insecureSkipTlsVerify,
      String tlsServerName,
      String proxyUrl,
      Path origin) {}

  /** A {@code users[].user} entry. */
  public record User(
      String name,
      String token,
      Path tokenFile,
      Path clientCertificate,
      String clientCertificateData,
      Path clientKey,
      String clientKeyData,
      String username,
      String password,
      ExecConfig exec,
      boolean hasAuthProvider,
      Path origin) {}

  /** A {@code users[].user.exec} credential plugin. */
  public record ExecConfig(
      String apiVersion,
      String command,
      List<String> args,
      Map<String, String> env,
      String installHint,
      boolean provideClusterInfo,
      String interactiveMode) {}

  /** A {@code contexts[].context} entry. */
  public record Context(String name, String cluster, String user, String namespace, Path origin) {}

  /** Everything needed to reach one cluster as one user. */
  public record Selection(String contextName, Context context, Cluster cluster, User user) {
    /** The context's namespace, or null. */
    public String namespace() {
      return context == null ? null : blankToNull(context.namespace());
    }
  }

  /**
   * Picks the context ({@code --context} or {@code current-context}), then its cluster and user;
   * {@code --cluster}/{@code --user} override the context's.
   */
  public Selection select(String contextOverride, String clusterOverride, String userOverride) {
    String contextName = blankToNull(contextOverride);
    if (contextName == null) {
      contextName = blankToNull(currentContext);
    }
    Context context = null;
    if (contextName != null) {
      context = contexts.get(contextName);
      if (context == null) {
        throw new KubeconfigException(
            "context \""
                + contextName
                + "\" does not exist in "
                + describeFiles()
                + "; contexts there: "
                + names(contexts)
                + " (kubectl config get-contexts)");
      }
    } else if (blankToNull(clusterOverride) == null) {
      throw new KubeconfigException(
          "no context is selected: "
              + describeFiles()
              + " sets no current-context; pass --context (contexts there: "
              + names(contexts)
              + ") or run: kubectl config use-context NAME");
    }
    String clusterName =
        blankToNull(clusterOverride) != null
            ? clusterOverride
            : context == null ? null : context.cluster();
    String userName =
        blankToNull(userOverride) != null ? userOverride : context == null ? null : context.user();
    Cluster cluster = clusterName == null ? null : clusters.get(clusterName);
    if (cluster == null) {
      throw new KubeconfigException(
          (clusterName == null
                  ? "context \"" + contextName + "\" names no cluster"
                  : "cluster \"" + clusterName + "\" does not exist")
              + " in "
              + describeFiles()
              + "; clusters there: "
              + names(clusters));
    }
    if (blankToNull(cluster.server()) == null) {
      throw new KubeconfigException(
          "cluster \"" + cluster.name() + "\" in " + cluster.origin() + " has no server URL");
    }
    User user = null;
    if (blankToNull(userName) != null) {
      user = users.get(userName);
      if (user == null) {
        throw new KubeconfigException(
            "user \""
                + userName
                + "\" does not exist in "
                + describeFiles()
                + "; users there: "
                + names(users));
      }
    }
    return new Selection(contextName, context, cluster, user);
  }

  /** The files as the user should read them in a message. */
  public String describeFiles() {
    if (files.isEmpty()) {
      return "the kubeconfig (no file found)";
    }
    if (files.size() == 1) {
      return "kubeconfig " + files.get(0);
    }
    return "kubeconfig files " + files;
  }

  private static String names(Map<String, ?> map) {
    return map.isEmpty() ? "none" : String.join(", ", new TreeSet<>(map.keySet()));
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

package io.neo4jrestore.plugin.options;

import io.neo4jrestore.api.validation.Durations;
import io.neo4jrestore.plugin.PluginException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * kubectl's connection flags, declared once and mixed into every command that talks to a cluster.
 */
public final class KubeOptions {
  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Kubeconfig file (this file only). Default: KUBECONFIG, else ~/.kube/config.")
  Path kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context to use.")
  String context;

  @Option(
      names = "--cluster",
      paramLabel = "NAME",
      description = "Kubeconfig cluster to use (overrides the context's).")
  String cluster;

  @Option(
      names = "--user",
      paramLabel = "NAME",
      description = "Kubeconfig user to use (overrides the context's).")
  String user;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Namespace. Default: the context's namespace, else default.")
  String namespace;

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      defaultValue = "0",
      description =
          "Limit for each request to the API server, e.g. 30s or 1m; 0 means no limit"
              + " (default: ${DEFAULT-VALUE}).")
  String requestTimeout;

  public Path kubeconfig() {
    return kubeconfig;
  }

  public String context() {
    return context;
  }

  public String cluster() {
    return cluster;
  }

  public String user() {
    return user;
  }

  /** {@code -n}, or null. */
  public String namespace() {
    return namespace;
  }

  /** {@code --request-timeout} as a duration: a bare number is seconds, like kubectl. */
  public Duration requestTimeout() {
    String t = requestTimeout == null ? "0" : requestTimeout.trim();
    if (t.matches("[0-9]+")) {
      return Duration.ofSeconds(Long.parseLong(t));
    }
    try {
      return Durations.parse(t);
    } catch (IllegalArgumentException e) {
      throw PluginException.usage("--request-timeout: " + e.getMessage());
    }
  }

  /** For tests. */
  public static KubeOptions of(String namespace) {
    KubeOptions o = new KubeOptions();
    o.namespace = namespace;
    return o;
  }
}

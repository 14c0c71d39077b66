package io.neo4jrestore.runner.kube;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The runner's one {@link ApiClient}: {@code --kubeconfig}, else {@code KUBECONFIG} (first file;
 * the runner never needs kubectl's multi-file merge), else the pod's ServiceAccount. The kubeconfig
 * is never written back (no persister).
 */
public final class KubeClients {
  private KubeClients() {}

  public static ApiClient create(Path kubeconfig) {
    LenientJson.install();
    try {
      Path file = kubeconfig;
      if (file == null) {
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
          file = Path.of(env.split(java.io.File.pathSeparator)[0]);
        }
      }
      ApiClient client;
      if (file != null) {
        try (Reader reader = Files.newBufferedReader(file)) {
          KubeConfig config = KubeConfig.loadKubeConfig(reader);
          config.setFile(file.toAbsolutePath().getParent().toFile());
          client = ClientBuilder.kubeconfig(config).build();
        }
      } else {
        client = ClientBuilder.cluster().build();
      }
      // watches and long reads: the default 10 s read timeout is too short
      client.setReadTimeout(0);
      // a throttled API server (429) is waited for with jitter, not hammered
      client.setHttpClient(
          client.getHttpClient().newBuilder().addInterceptor(new TooManyRequests()).build());
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot configure the Kubernetes client"
              + (kubeconfig == null ? " (in-cluster or KUBECONFIG)" : " from " + kubeconfig),
          e);
    }
  }
}

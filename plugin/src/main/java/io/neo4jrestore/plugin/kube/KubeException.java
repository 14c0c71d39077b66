package io.neo4jrestore.plugin.kube;

/**
 * Talking to Kubernetes failed: the kubeconfig, the connection, the credentials or the API server
 * said no. The message says what failed, where, and what to do next.
 */
public class KubeException extends RuntimeException {
  public KubeException(String message) {
    super(message);
  }

  public KubeException(String message, Throwable cause) {
    super(message, cause);
  }
}

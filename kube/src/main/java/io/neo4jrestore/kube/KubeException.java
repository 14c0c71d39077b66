package io.neo4jrestore.kube;

/**
 * A Kubernetes API request could not be made or was refused. The message is ready for a user: it
 * names the server, the request and what to check. {@link ApiStatusException} is the case where the
 * server answered with an error status.
 */
public class KubeException extends RuntimeException {
  public KubeException(String message) {
    super(message);
  }

  public KubeException(String message, Throwable cause) {
    super(message, cause);
  }
}

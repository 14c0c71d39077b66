package io.neo4jrestore.plugin.kube;

import io.neo4jrestore.kube.KubeException;

/** The kubeconfig (files, context, cluster or user) cannot be used as it is. */
public final class KubeconfigException extends KubeException {
  public KubeconfigException(String message) {
    super(message);
  }

  public KubeconfigException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.neo4jrestore.plugin.kube;

import java.io.IOException;

/**
 * Credentials could not be obtained (exec plugin failed, token file unreadable). An IOException so
 * it passes through the HTTP client's interceptor chain unchanged.
 */
public final class CredentialsException extends IOException {
  public CredentialsException(String message) {
    super(message);
  }

  public CredentialsException(String message, Throwable cause) {
    super(message, cause);
  }
}

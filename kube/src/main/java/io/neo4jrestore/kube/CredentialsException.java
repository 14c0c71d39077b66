package io.neo4jrestore.kube;

import java.io.IOException;

/**
 * Credentials could not be obtained (an exec plugin failed, a token file is unreadable). An
 * IOException so it leaves the transport unchanged; {@link KubeRest} reports its message as it is.
 */
public final class CredentialsException extends IOException {
  public CredentialsException(String message) {
    super(message);
  }

  public CredentialsException(String message, Throwable cause) {
    super(message, cause);
  }
}

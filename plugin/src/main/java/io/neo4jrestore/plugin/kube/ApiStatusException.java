package io.neo4jrestore.plugin.kube;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The API server answered with an error status. {@link #getMessage()} is ready for the user; the
 * Status object's reason and message are kept for callers that react to them (404, 409, 410, 422).
 */
public final class ApiStatusException extends KubeException {
  private final int code;
  private final String reason;
  private final String statusMessage;
  private final JsonNode status;

  public ApiStatusException(
      String message, int code, String reason, String statusMessage, JsonNode status) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.statusMessage = statusMessage;
    this.status = status;
  }

  /** HTTP status code. */
  public int code() {
    return code;
  }

  /** The Status object's {@code reason} (NotFound, AlreadyExists, Invalid, Expired...), or "". */
  public String reason() {
    return reason;
  }

  /** The Status object's {@code message} as the server wrote it. */
  public String statusMessage() {
    return statusMessage;
  }

  /** The Status object, or null when the body was not one. */
  public JsonNode status() {
    return status;
  }

  public boolean isNotFound() {
    return code == 404;
  }

  public boolean isAlreadyExists() {
    return code == 409 && "AlreadyExists".equals(reason);
  }

  public boolean isConflict() {
    return code == 409 && !"AlreadyExists".equals(reason);
  }

  public boolean isGone() {
    return code == 410;
  }

  public boolean isInvalid() {
    return code == 422;
  }
}

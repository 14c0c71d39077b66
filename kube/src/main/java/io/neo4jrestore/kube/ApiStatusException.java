package io.neo4jrestore.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The API server answered with an error status: the one failure type of this REST layer. {@link
 * #getMessage()} is ready for the user; the Status object's reason and message are kept for callers
 * that react to them (404, 409, 410, 422), and the raw body for those that show it.
 */
public final class ApiStatusException extends KubeException {
  private final int code;
  private final String reason;
  private final String statusMessage;
  private final JsonNode status;
  private final String body;
  private final Map<String, List<String>> headers;

  public ApiStatusException(
      String message, int code, String reason, String statusMessage, JsonNode status, String body) {
    this(message, code, reason, statusMessage, status, body, Map.of());
  }

  public ApiStatusException(
      String message,
      int code,
      String reason,
      String statusMessage,
      JsonNode status,
      String body,
      Map<String, List<String>> headers) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.statusMessage = statusMessage;
    this.status = status;
    this.body = body;
    this.headers = headers;
  }

  /** The response's headers. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** HTTP status code. */
  public int code() {
    return code;
  }

  /** The Status object's {@code reason} (NotFound, AlreadyExists, Invalid, Expired...), or "". */
  public String reason() {
    return reason;
  }

  /**
   * The Status object's {@code message} as the server wrote it (the body when it was no Status).
   */
  public String statusMessage() {
    return statusMessage;
  }

  /** The Status object, or null when the body was not one. */
  public JsonNode status() {
    return status;
  }

  /** The response body as received. */
  public String body() {
    return body;
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

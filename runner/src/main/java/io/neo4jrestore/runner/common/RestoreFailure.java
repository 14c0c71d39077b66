package io.neo4jrestore.runner.common;

/**
 * A step failed for a reason the runner understands. {@code reason} is a {@link
 * io.neo4jrestore.api.Reasons} constant; the message says what failed, on which object, and what to
 * do next. {@code retryable} failures (API or Bolt unavailable) may succeed on a resumed run.
 */
public class RestoreFailure extends RuntimeException {
  private final String reason;
  private final boolean retryable;

  public RestoreFailure(String reason, String message) {
    this(reason, message, false, null);
  }

  public RestoreFailure(String reason, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.retryable = retryable;
  }

  public String reason() {
    return reason;
  }

  public boolean retryable() {
    return retryable;
  }
}

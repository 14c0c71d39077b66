package io.neo4jrestore.plugin;

/**
 * A failure with its exit code. The message is complete for the user: what failed, on which object,
 * and what to do next. Thrown by commands and services; mapped to the exit code in {@link
 * ErrorHandler} only.
 */
public final class PluginException extends RuntimeException {
  private final ExitCode exitCode;

  public PluginException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public PluginException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  public static PluginException usage(String message) {
    return new PluginException(ExitCode.USAGE, message);
  }

  public static PluginException refused(String message) {
    return new PluginException(ExitCode.REFUSED, message);
  }

  public static PluginException api(String message, Throwable cause) {
    return new PluginException(ExitCode.API, message, cause);
  }
}

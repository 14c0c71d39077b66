package io.neo4jrestore.plugin;

import io.neo4jrestore.kube.ApiStatusException;
import io.neo4jrestore.kube.KubeException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place where failures become exit codes and messages on stderr. Stack traces only with
 * {@code -v}.
 */
public final class ErrorHandler implements IExecutionExceptionHandler {
  private final Verbosity verbosity;

  public ErrorHandler(Verbosity verbosity) {
    this.verbosity = verbosity;
  }

  /** The exit code for a failure. */
  public static ExitCode exitCode(Throwable e) {
    if (e instanceof PluginException p) {
      return p.exitCode();
    }
    if (e instanceof ApiStatusException s && s.isInvalid()) {
      return ExitCode.REFUSED;
    }
    if (e instanceof KubeException) {
      return ExitCode.API;
    }
    if (e instanceof CommandLine.ParameterException) {
      return ExitCode.USAGE;
    }
    return ExitCode.INTERNAL;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    ExitCode code = exitCode(e);
    PrintWriter err = cmd.getErr();
    String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    if (code == ExitCode.INTERNAL) {
      message = "internal error: " + e + "; run again with -v and report the stack trace";
    }
    err.println(cmd.getColorScheme().errorText("error: " + message));
    if (verbosity.level() > 0) {
      e.printStackTrace(err);
    }
    err.flush();
    return code.code();
  }
}

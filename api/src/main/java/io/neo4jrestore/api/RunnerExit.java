package io.neo4jrestore.api;

import java.util.Arrays;
import java.util.List;

/**
 * The runner's exit codes: the one closed table (docs/runner.md, "Exit codes"). The runner returns
 * them; {@link RunnerJobs} puts those that {@linkplain #failsTheJob() fail the Job} into the runner
 * Job's {@code podFailurePolicy}, because retrying cannot help, and lets Job backoff retry the
 * others and crashes (a new pod resumes the restore). The runner's {@code stage} and {@code pack}
 * subcommands end with {@link #SUCCEEDED} or {@link #FAILED}.
 */
public enum RunnerExit {
  /** The restore completed, or was already terminal for its generation. */
  SUCCEEDED(0, false),
  /** The restore ended Failed (status says why; compensation ran). */
  FAILED(1, true),
  /** Command-line usage error (picocli's code). */
  USAGE(2, true),
  /** The resource is invalid; nothing was changed. */
  INVALID_SPEC(3, true),
  /** The runner could not do its work now (API server unreachable, conflict storm): retry. */
  CANNOT_RUN(4, false),
  /** A bug: retried by Job backoff; the resumed runner continues from status. */
  INTERNAL(5, false);

  private final int code;
  private final boolean failsTheJob;

  RunnerExit(int code, boolean failsTheJob) {
    this.code = code;
    this.failsTheJob = failsTheJob;
  }

  public int code() {
    return code;
  }

  /** Whether the runner Job fails at once on this code instead of starting another pod. */
  public boolean failsTheJob() {
    return failsTheJob;
  }

  /** The codes that {@linkplain #failsTheJob() fail the Job}, in the table's order. */
  public static List<Integer> failingTheJob() {
    return Arrays.stream(values()).filter(RunnerExit::failsTheJob).map(RunnerExit::code).toList();
  }
}

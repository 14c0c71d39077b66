package io.neo4jrestore.runner.exec;

/**
 * The runner's exit codes: a closed table. The runner Job's {@code podFailurePolicy} fails the Job
 * at once for {@link #FAILED} and {@link #INVALID_SPEC} (retrying cannot help) and lets Job backoff
 * retry {@link #CANNOT_RUN}, {@link #INTERNAL} and crashes (a new pod resumes the restore).
 */
public enum RunnerExit {
  /** The restore completed, or was already terminal for its generation. */
  SUCCEEDED(0),
  /** The restore ended Failed (status says why; compensation ran). */
  FAILED(1),
  /** Command-line usage error (picocli's code). */
  USAGE(2),
  /** The resource is invalid; nothing was changed. */
  INVALID_SPEC(3),
  /** The runner could not do its work now (API server unreachable, conflict storm): retry. */
  CANNOT_RUN(4),
  /** A bug: retried by Job backoff; the resumed runner continues from status. */
  INTERNAL(5);

  private final int code;

  RunnerExit(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}

package io.neo4jrestore.runner.world;

/** How a Job created in the in-memory world ends (see {@link WorldJobs#onCreate}). */
public enum JobOutcome {
  /** Its pod succeeds at once (the default). */
  SUCCEED,
  /** Its pod fails at once (exit code 1), and with it the Job. */
  FAIL,
  /** Its pod runs until the test calls {@link WorldJobs#complete} or {@link WorldJobs#fail}. */
  HOLD
}

package io.neo4jrestore.api;

/** The kinds of Job this product creates for a restore attempt. */
public enum JobRole {
  /** The runner itself (one per attempt; created by the plugin or the dispatcher). */
  RUNNER("runner", "run"),
  /** {@code neo4j-admin database restore} in the target's image. */
  RESTORE("restore", "restore"),
  /** {@code neo4j-admin backup inspect} to verify the resolved artifacts. */
  VERIFY("verify", "verify"),
  /** {@code neo4j-admin backup inspect} to list the artifacts of a folder (5.26 needs files). */
  INSPECT("inspect", "inspect"),
  /** The user's pre-restore hook Job. */
  PRE_HOOK("hook", "prehook"),
  /** The user's post-restore hook Job. */
  POST_HOOK("hook", "posthook");

  private final String label;
  private final String nameInfix;

  JobRole(String label, String nameInfix) {
    this.label = label;
    this.nameInfix = nameInfix;
  }

  /** Value of the {@link Labels#COMPONENT} label. */
  public String label() {
    return label;
  }

  /** The part of the Job name that says what it is. */
  public String nameInfix() {
    return nameInfix;
  }
}

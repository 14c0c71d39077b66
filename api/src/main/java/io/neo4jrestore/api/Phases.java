package io.neo4jrestore.api;

import java.util.Set;

/**
 * The phases of {@code status.phase}. Transitions: (none) -> Pending -> Running -> Completed |
 * Failed; Pending -> Failed when a restore cannot start (invalid, lock not obtained in time).
 * Completed and Failed are terminal for the generation they observed.
 */
public final class Phases {
  public static final String PENDING = "Pending";
  public static final String RUNNING = "Running";
  public static final String COMPLETED = "Completed";
  public static final String FAILED = "Failed";

  public static final Set<String> ALL = Set.of(PENDING, RUNNING, COMPLETED, FAILED);

  private Phases() {}

  public static boolean isTerminal(String phase) {
    return COMPLETED.equals(phase) || FAILED.equals(phase);
  }
}

package io.neo4jrestore.runner.lock;

import java.time.Instant;

/**
 * One {@code coordination.k8s.io/v1} Lease as the lock reads it.
 *
 * @param holder {@code spec.holderIdentity}; null or empty when released
 * @param durationSeconds {@code spec.leaseDurationSeconds}
 * @param acquired {@code spec.acquireTime}
 * @param renewed {@code spec.renewTime}
 * @param transitions {@code spec.leaseTransitions}
 * @param resourceVersion for the conditional update
 */
public record LeaseRecord(
    String holder,
    int durationSeconds,
    Instant acquired,
    Instant renewed,
    int transitions,
    String resourceVersion) {

  public boolean released() {
    return holder == null || holder.isEmpty();
  }
}

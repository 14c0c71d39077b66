package io.neo4jrestore.runner.lock;

import io.kubernetes.client.openapi.ApiException;
import java.util.Optional;

/**
 * The Lease calls the lock makes (one namespace). Writes are conditional: {@link #create} fails
 * with 409 when the Lease exists, {@link #replace} with 409 when it changed since it was read.
 */
public interface Leases {
  Optional<LeaseRecord> get(String name) throws ApiException;

  LeaseRecord create(String name, LeaseRecord lease) throws ApiException;

  /** Replaces the Lease if it is still at {@code lease.resourceVersion()}. */
  LeaseRecord replace(String name, LeaseRecord lease) throws ApiException;
}

package io.neo4jrestore.runner.lock;

import io.kubernetes.client.openapi.ApiException;

/** What a waiting runner checks about the holder before it takes a Lease over. */
public interface HolderProbe {
  /** The holder's runner pod no longer runs: it does not exist, or it has finished. */
  boolean podGone(Holder holder) throws ApiException;

  /**
   * The holder's restore may still need the target: it exists with the holder's UID and has not
   * ended ({@code Pending} or {@code Running}); a new runner pod of its Job would resume it.
   */
  boolean restoreUnfinished(Holder holder) throws ApiException;
}

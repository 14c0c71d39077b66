package io.neo4jrestore.runner.exec;

import java.time.Duration;

/**
 * What the runner needs from the target's Neo4j, over Bolt against {@code system}. Implemented on
 * the Neo4j driver in production and by a recording fake in tests (there is no Neo4j Enterprise to
 * test against: the community edition refuses these commands).
 */
public interface DatabasePort extends AutoCloseable {
  /** Whether the database exists (any allocation). */
  boolean exists(String database);

  /** {@code STOP DATABASE ... WAIT}; fails when the server reports it did not stop in time. */
  void stop(String database, Duration wait);

  /** {@code START DATABASE ... WAIT}; used by compensation for a database this restore stopped. */
  void start(String database, Duration wait);

  /**
   * Makes the restored database available: create or start it (standalone), or create/recreate it
   * seeded from the server the restore wrote to (cluster), then wait until every allocation is
   * online. {@code seederPod} is the pod whose data volume received the restore.
   */
  void bringUp(String database, boolean existed, String seederPod, Duration deadline);

  @Override
  void close();
}

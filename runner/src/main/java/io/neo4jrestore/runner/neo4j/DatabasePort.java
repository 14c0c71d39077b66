package io.neo4jrestore.runner.neo4j;

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

  /**
   * Runs a user's hook statement as-is on {@code database} (the restored database or {@code
   * system}, see {@link io.neo4jrestore.runner.hook.HookDatabase}). A failure's message may quote
   * the statement: callers scrub it ({@link io.neo4jrestore.runner.hook.Redaction}).
   */
  void runStatement(String database, String statement);

  /**
   * Runs a drill's assertion as-is on {@code database} and returns its rows (column to plain Java
   * value). A failure's message may quote the statement: callers scrub it.
   */
  java.util.List<java.util.Map<String, Object>> query(String database, String statement);

  @Override
  void close();
}

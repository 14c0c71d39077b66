package io.neo4jrestore.runner.neo4j;

import io.neo4jrestore.runner.neo4j.Neo4jAdminException.Kind;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Step 7, "prepare the database", the Neo4j half: does the database exist, and stop it (with {@code
 * WAIT}) so that the restore can overwrite its store. Whether replacing it is allowed is the
 * caller's decision ({@code force}/{@code replaceExisting}); the caller records that it stopped the
 * database before calling {@link #stop}, so that a failed restore can start it again.
 */
public final class PrepareDatabase {
  private final Neo4jAdmin admin;

  public PrepareDatabase(Neo4jAdmin admin) {
    this.admin = Objects.requireNonNull(admin, "admin");
  }

  /** The database's state, or empty when Neo4j does not list it. */
  public Optional<DatabaseState> find(String database) {
    return admin.database(database);
  }

  public boolean exists(String database) {
    return find(database).isPresent();
  }

  /**
   * Stops the database on every server, waiting up to {@code wait}. Idempotent: a database already
   * stopped everywhere is left alone.
   *
   * @return true when {@code STOP DATABASE} was sent, false when it was already stopped
   * @throws Neo4jAdminException {@link Kind#INVALID} for an invalid name (nothing sent), {@link
   *     Kind#NOT_FOUND} when it does not exist, {@link Kind#TIMED_OUT} when the {@code WAIT}
   *     reports failure
   */
  public boolean stop(String database, Duration wait) {
    AdminStatements.requireDatabaseName(database);
    DatabaseState state =
        find(database)
            .orElseThrow(
                () ->
                    new Neo4jAdminException(
                        Kind.NOT_FOUND,
                        "cannot stop database " + database + ": it does not exist"));
    if (state.allStopped()) {
      return false;
    }
    admin.stopDatabase(database, wait);
    return true;
  }
}

package io.neo4jrestore.api.model;

/**
 * What to restore, from where, into which target.
 *
 * @param targetCluster name of a {@code Neo4jEnterpriseCluster} or {@code
 *     Neo4jEnterpriseStandalone} in the same namespace; immutable
 * @param source where the backup comes from; immutable
 * @param databaseName the database to restore as; immutable
 * @param options optional behaviour (replace, verify, extra arguments, hooks)
 * @param force allow replacing an existing database ({@code --overwrite-destination})
 * @param stopCluster scale the target to 0 and restore offline into its data volume
 * @param timeout bound for the restore Job, e.g. {@code 2h}
 * @param drill a restore drill into a throw-away server instead of a restore into the target (issue
 *     #18); the target is then only read
 */
public record Neo4jRestoreSpec(
    String targetCluster,
    RestoreSource source,
    String databaseName,
    RestoreOptions options,
    Boolean force,
    Boolean stopCluster,
    String timeout,
    // --- restore drills (issue #18) ---
    DrillSpec drill) {

  public boolean forceOrDefault() {
    return Boolean.TRUE.equals(force);
  }

  public boolean stopClusterOrDefault() {
    return Boolean.TRUE.equals(stopCluster);
  }

  /** True when an existing database may be replaced: {@code force} or {@code replaceExisting}. */
  public boolean mayReplaceExisting() {
    return forceOrDefault() || (options != null && Boolean.TRUE.equals(options.replaceExisting()));
  }
}

package io.neo4jrestore.api.model;

import java.util.List;

/**
 * Optional restore behaviour.
 *
 * @param additionalArgs extra {@code neo4j-admin database restore} flags, checked against the
 *     target's version before anything changes
 */
public record RestoreOptions(
    Boolean replaceExisting,
    Boolean verifyBackup,
    List<String> additionalArgs,
    RestoreHooks preRestore,
    RestoreHooks postRestore) {}

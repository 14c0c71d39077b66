package io.neo4jrestore.api.model;

/**
 * Cloud provider configuration.
 *
 * @param provider one of {@code aws, gcp, azure}; must match the storage type
 * @param credentialsSecretRef Secret whose keys become the restore Job's environment; absent means
 *     workload identity
 * @param identity workload identity for the restore Job's ServiceAccount
 */
public record CloudBlock(String provider, String credentialsSecretRef, CloudIdentity identity) {}

package io.neo4jrestore.api.model;

/**
 * Workload identity for Jobs that read cloud storage.
 *
 * @param provider one of {@code aws, gcp, azure}
 * @param serviceAccount an existing ServiceAccount to run the restore Job as
 * @param autoCreate create a per-restore ServiceAccount with the given annotations
 */
public record CloudIdentity(String provider, String serviceAccount, AutoCreateSpec autoCreate) {}

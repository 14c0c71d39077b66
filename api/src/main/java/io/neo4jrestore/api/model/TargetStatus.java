package io.neo4jrestore.api.model;

/**
 * The resolved target.
 *
 * @param kind {@code Neo4jEnterpriseCluster} or {@code Neo4jEnterpriseStandalone}
 * @param apiVersion the version the API server served it at
 * @param statefulSet the StatefulSet behind it
 * @param servers the number of servers in the target's spec
 * @param neo4jVersion the version from the target's image tag
 * @param image the image the restore Job runs
 */
public record TargetStatus(
    String kind,
    String apiVersion,
    String name,
    String statefulSet,
    Integer servers,
    String neo4jVersion,
    String image) {}

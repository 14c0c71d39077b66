package io.neo4jrestore.api.model;

import io.neo4jrestore.api.RestoreApi;

/**
 * The {@code Neo4jRestore} custom resource ({@code neo4j.neo4j.com/v1alpha1}).
 *
 * <p>Immutable value; the plugin builds it from flags or a file, the runner reads it from the API
 * server and writes only {@link #status()} through the status subresource.
 */
public record Neo4jRestore(
    String apiVersion,
    String kind,
    ObjectMeta metadata,
    Neo4jRestoreSpec spec,
    Neo4jRestoreStatus status) {

  /** A new resource with the right apiVersion and kind. */
  public static Neo4jRestore of(ObjectMeta metadata, Neo4jRestoreSpec spec) {
    return new Neo4jRestore(RestoreApi.API_VERSION, RestoreApi.KIND, metadata, spec, null);
  }

  public Neo4jRestore withStatus(Neo4jRestoreStatus newStatus) {
    return new Neo4jRestore(apiVersion, kind, metadata, spec, newStatus);
  }

  public Neo4jRestore withMetadata(ObjectMeta newMetadata) {
    return new Neo4jRestore(apiVersion, kind, newMetadata, spec, status);
  }
}

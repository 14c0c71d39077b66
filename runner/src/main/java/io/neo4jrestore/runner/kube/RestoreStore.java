package io.neo4jrestore.runner.kube;

import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreStatus;
import java.util.Map;
import java.util.Optional;

/**
 * One Neo4jRestore as the runner reads and writes it: the only place the runner touches the
 * resource. {@link KubeRestoreStore} is the API server; the tests' in-memory world is the other
 * implementation.
 */
public interface RestoreStore {
  String namespace();

  String name();

  /** The resource, or empty when it does not exist (deleted). */
  Optional<Neo4jRestore> read() throws ApiException;

  /**
   * Writes the whole status if the resource is still at {@code resourceVersion}; returns the
   * updated resource. A 409 means someone else wrote in between: re-read and decide again; a 404
   * that the resource was deleted.
   */
  Neo4jRestore writeStatus(Neo4jRestoreStatus status, String resourceVersion) throws ApiException;

  /** Merges annotations into the resource's metadata (not the status). */
  void annotate(Map<String, String> annotations) throws ApiException;

  /** Records a Kubernetes Event on the resource. Failures to record are not fatal. */
  void event(Neo4jRestore restore, String type, String reason, String message);
}

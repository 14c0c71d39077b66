package io.neo4jrestore.runner.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreStatus;
import java.util.Map;
import java.util.Optional;

/**
 * {@link io.neo4jrestore.runner.kube.RestoreStore} in the in-memory world: the status is replaced
 * whole if the resource is still at the given resourceVersion (409 otherwise, 404 when deleted), as
 * the real merge patch of {@code /status} does with every field the runner does not set nulled.
 */
final class WorldRestoreStore implements io.neo4jrestore.runner.kube.RestoreStore {
  private final InMemoryWorld world;
  private final String namespace;
  private final String name;

  WorldRestoreStore(InMemoryWorld world, String namespace, String name) {
    this.world = world;
    this.namespace = namespace;
    this.name = name;
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public String name() {
    return name;
  }

  private String path() {
    return RestoreApi.path(namespace, name);
  }

  @Override
  public Optional<Neo4jRestore> read() throws ApiException {
    world.record("read " + namespace + "/" + name);
    world.fault("read", path());
    Optional<ObjectNode> found = world.find(path());
    return found.isEmpty() ? Optional.empty() : Optional.of(restore(found.get()));
  }

  @Override
  public Neo4jRestore writeStatus(Neo4jRestoreStatus status, String resourceVersion)
      throws ApiException {
    world.record("writeStatus " + namespace + "/" + name + " phase=" + status.phase());
    world.fault("writeStatus", path());
    // the runner owns the whole status: what it does not set is removed, not merged
    JsonNode body = ApiMapper.json().valueToTree(status);
    return restore(world.writeStatus(path(), resourceVersion, body));
  }

  @Override
  public void annotate(Map<String, String> annotations) throws ApiException {
    world.record("annotateRestore " + namespace + "/" + name + " " + annotations.keySet());
    world.fault("annotateRestore", path());
    ObjectNode patch = ApiMapper.json().createObjectNode();
    ObjectNode a = patch.putObject("metadata").putObject("annotations");
    annotations.forEach(a::put);
    world.mergePatch(path(), patch);
  }

  @Override
  public void event(Neo4jRestore restore, String type, String reason, String message) {
    world.record("event " + type + " " + reason);
    world.event(namespace, RestoreApi.KIND, name, type, reason, message);
  }

  private static Neo4jRestore restore(JsonNode json) throws ApiException {
    try {
      return ApiMapper.json().treeToValue(json, Neo4jRestore.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ApiException(e);
    }
  }
}

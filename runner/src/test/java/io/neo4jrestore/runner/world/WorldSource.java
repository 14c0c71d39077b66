package io.neo4jrestore.runner.world;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.kube.KubeRest;
import io.neo4jrestore.runner.kube.ObjectSource;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the waits read in the in-memory world: objects and lists (not recorded as calls: they are
 * polled), and no watch (405), so every wait reads every poll interval. Faults armed for {@code
 * find} or {@code list} apply.
 */
final class WorldSource implements ObjectSource {
  private final InMemoryWorld world;

  WorldSource(InMemoryWorld world) {
    this.world = world;
  }

  @Override
  public Optional<JsonNode> find(String path) throws ApiException {
    world.fault("find", path);
    return world.find(path).map(o -> o);
  }

  @Override
  public JsonNode list(String collection, Map<String, String> query) throws ApiException {
    world.fault("list", collection);
    return world.list(collection, query);
  }

  @Override
  public KubeRest.WatchStream watch(String collection, Map<String, String> query, Duration window)
      throws ApiException {
    throw new ApiException(405, "the in-memory world does not watch: read " + collection);
  }
}

package io.neo4jrestore.runner.world;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.runner.kube.ClusterOps;
import io.neo4jrestore.runner.kube.RestoreStore;

/** The ports' contract ({@link ClusterOpsContract}) on the in-memory world. */
class InMemoryClusterOpsContractTest extends ClusterOpsContract {
  private InMemoryWorld world;

  @Override
  protected String freshNamespace() {
    world = WorldFixtures.servingCrds(new InMemoryWorld());
    return "contract";
  }

  @Override
  protected ClusterOps cluster() {
    return world.cluster();
  }

  @Override
  protected RestoreStore restores(String namespace, String name) {
    return world.restores(namespace, name);
  }

  @Override
  protected void create(String collection, ObjectNode manifest) {
    world.put(collection + "/" + manifest.at("/metadata/name").asText(), manifest);
  }

  @Override
  protected void delete(String path) {
    world.delete(path);
  }
}

package io.neo4jrestore.runner.it;

import io.kubernetes.client.openapi.ApiClient;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.StepStatus;
import io.neo4jrestore.runner.kube.RawApi;

/** Reading a restore back in the runner ITs. */
final class RestoreReads {
  private RestoreReads() {}

  /** The resource as the API server has it. */
  static Neo4jRestore read(ApiClient client, String ns, String name) throws Exception {
    return ApiMapper.json()
        .treeToValue(
            new RawApi(client)
                .get(
                    "/apis/"
                        + RestoreApi.API_VERSION
                        + "/namespaces/"
                        + ns
                        + "/"
                        + RestoreApi.PLURAL
                        + "/"
                        + name),
            Neo4jRestore.class);
  }

  /** The state of a step entry in status, or null. */
  static String state(Neo4jRestore r, String step) {
    return r.status().steps().stream()
        .filter(x -> x.name().equals(step))
        .findFirst()
        .map(StepStatus::state)
        .orElse(null);
  }
}

package io.neo4jrestore.runner.it;

import io.kubernetes.client.openapi.ApiClient;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.StepStatus;

/** Reading a restore back in the runner ITs. */
final class RestoreReads {
  private RestoreReads() {}

  /** The resource as the API server has it. */
  static Neo4jRestore read(ApiClient client, String ns, String name) throws Exception {
    return new TargetFixtures(client).read(ns, name);
  }

  /** The events about an object, each as {@code reason: message}. */
  static java.util.List<String> events(ApiClient client, String ns, String name) throws Exception {
    return new io.kubernetes.client.openapi.apis.CoreV1Api(client)
            .listNamespacedEvent(ns)
            .fieldSelector("involvedObject.name=" + name)
            .execute()
            .getItems()
            .stream()
            .map(e -> e.getReason() + ": " + e.getMessage())
            .toList();
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

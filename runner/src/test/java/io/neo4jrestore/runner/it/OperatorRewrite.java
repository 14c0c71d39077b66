package io.neo4jrestore.runner.it;

import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.testenv.ControlPlane;
import java.util.Map;

/**
 * The Neo4j operator rewrite's CRD (kind {@code Neo4j} in group {@code neo4j.com}), installed for
 * the length of one test: the runner refuses a target of that line as {@code UnsupportedOperator}.
 * Cluster-scoped, so it is deleted afterwards for the tests that follow in the JVM.
 */
final class OperatorRewrite {
  private static final String CRD =
      "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/neo4js.neo4j.com";

  /** What runs while the rewrite's CRD is served. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  private OperatorRewrite() {}

  static void served(ControlPlane cp, Body body) throws Exception {
    cp.installCrd(
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: neo4js.neo4j.com}
        spec:
          group: neo4j.com
          scope: Namespaced
          names: {kind: Neo4j, listKind: Neo4jList, plural: neo4js, singular: neo4j}
          versions:
            - name: v1beta1
              served: true
              storage: true
              schema:
                openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """);
    try {
      body.run();
    } finally {
      new RawApi(cp.admin()).call("DELETE", CRD, null, null, Map.of());
    }
  }
}

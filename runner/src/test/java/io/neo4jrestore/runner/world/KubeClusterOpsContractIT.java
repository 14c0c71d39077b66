package io.neo4jrestore.runner.world;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.runner.kube.ClusterOps;
import io.neo4jrestore.runner.kube.KubeClusterOps;
import io.neo4jrestore.runner.kube.KubeRestoreStore;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.runner.kube.RestoreStore;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ports' contract ({@link ClusterOpsContract}) on the real API server of the test control plane
 * (its CRDs installed), through the production adapters: what the in-memory world promises is what
 * Kubernetes does.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubeClusterOpsContractIT extends ClusterOpsContract {
  private ControlPlane cp;
  private RawApi raw;
  private ClusterOps cluster;

  @BeforeAll
  void connect(ControlPlane controlPlane) {
    LenientJson.install();
    cp = controlPlane;
    raw = new RawApi(cp.admin());
    cluster = new KubeClusterOps(raw);
  }

  @Override
  protected String freshNamespace() {
    return cp.createNamespace("contract");
  }

  @Override
  protected ClusterOps cluster() {
    return cluster;
  }

  @Override
  protected RestoreStore restores(String namespace, String name) {
    return new KubeRestoreStore(raw, namespace, name, Clock.systemUTC(), "contract-it");
  }

  @Override
  protected void create(String collection, ObjectNode manifest) throws Exception {
    raw.post(collection, manifest, Map.of());
  }

  @Override
  protected void delete(String path) throws Exception {
    raw.call("DELETE", path, null, RawApi.JSON, Map.of());
  }
}

package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.runner.dispatch.Dispatcher;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.Wait;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dispatcher as its own ServiceAccount with the shipped manifests: its namespaces only. */
@ExtendWith(ControlPlaneExtension.class)
class DispatcherRbacIT {

  @Test
  void the_dispatcher_starts_runner_jobs_in_managed_namespaces_and_nowhere_else(ControlPlane cp)
      throws Exception {
    LenientJson.install();
    String install = cp.createNamespace("install");
    String managed = cp.createNamespace("managed");
    String other = cp.createNamespace("other");
    RawApi admin = new RawApi(cp.admin());
    for (String file : List.of("crds/dispatcher.yaml", "crds/runner-rbac.yaml")) {
      Map<String, String> placeholders = new java.util.LinkedHashMap<>();
      placeholders.put("INSTALL_NAMESPACE", install);
      placeholders.put("RUNNER_IMAGE", "localhost/neo4j-restore-runner:test");
      placeholders.put("MANAGED_NAMESPACES", managed);
      placeholders.put("NAMESPACE", managed);
      for (JsonNode doc : Manifests.read(file, placeholders)) {
        Manifests.create(admin, doc);
      }
    }
    TargetFixtures fixtures = new TargetFixtures(cp.admin());
    for (String ns : List.of(managed, other)) {
      fixtures.restore(
          ns,
          """
          apiVersion: neo4j.neo4j.com/v1alpha1
          kind: Neo4jRestore
          metadata: {name: applied}
          spec: {targetCluster: prod, databaseName: movies, source: {type: backup, backupRef: nightly}}
          """);
    }
    RawApi asDispatcher =
        new RawApi(
            ControlPlane.client(
                cp.kubeconfigForServiceAccount(install, "neo4j-restore-dispatcher")));
    Dispatcher dispatcher =
        new Dispatcher(
            asDispatcher,
            "localhost/neo4j-restore-runner:test",
            new PrintStream(new ByteArrayOutputStream()));
    List<String> started = new ArrayList<>();
    Wait.until(
        "the dispatcher's Role to take effect",
        Duration.ofSeconds(15),
        () -> {
          started.addAll(dispatcher.sweep(List.of(managed)));
          return true;
        });
    assertEquals(1, started.size(), started.toString());
    assertEquals(
        403, assertThrows(ApiException.class, () -> dispatcher.sweep(List.of(other))).getCode());
    assertEquals(
        403,
        assertThrows(ApiException.class, () -> dispatcher.sweep(List.of())).getCode(),
        "no cluster-wide list");
    // the CronJob the manifest ships is accepted by the API server as written
    assertEquals(
        "Forbid",
        admin
            .get("/apis/batch/v1/namespaces/" + install + "/cronjobs/neo4j-restore-dispatcher")
            .at("/spec/concurrencyPolicy")
            .asText());
  }
}

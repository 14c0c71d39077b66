package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.api.Annotations;
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
  private static final String APPLIED =
      """
      apiVersion: neo4j.neo4j.com/v1alpha1
      kind: Neo4jRestore
      metadata: {name: applied}
      spec: {targetCluster: prod, databaseName: movies, source: {type: backup, backupRef: nightly}}
      """;

  @Test
  void the_dispatcher_starts_runner_jobs_in_managed_namespaces_and_nowhere_else(ControlPlane cp)
      throws Exception {
    LenientJson.install();
    String install = cp.createNamespace("install");
    String managed = cp.createNamespace("managed");
    String other = cp.createNamespace("other");
    RawApi admin = new RawApi(cp.admin());
    applyShipped(admin, install, managed, "crds/dispatcher.yaml", "crds/runner-rbac.yaml");
    TargetFixtures fixtures = new TargetFixtures(cp.admin());
    for (String ns : List.of(managed, other)) {
      fixtures.restore(ns, APPLIED);
    }
    Dispatcher dispatcher = asDispatcher(cp, install);
    List<String> started = sweepOnceGranted(dispatcher, managed);
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

  @Test
  void a_due_scheduled_drill_gets_a_new_retry_token_and_its_runner_job_with_the_dispatchers_token(
      ControlPlane cp) throws Exception {
    LenientJson.install();
    String install = cp.createNamespace("install");
    String managed = cp.createNamespace("managed");
    RawApi admin = new RawApi(cp.admin());
    applyShipped(admin, install, managed, "crds/dispatcher.yaml", "crds/runner-rbac.yaml");
    new TargetFixtures(cp.admin())
        .restore(
            managed,
            """
            apiVersion: neo4j.neo4j.com/v1alpha1
            kind: Neo4jRestore
            metadata: {name: weekly}
            spec:
              targetCluster: prod
              databaseName: movies
              source: {type: backup, backupRef: nightly}
              drill: {assertions: ["RETURN true"], schedule: "* * * * *"}
            """);
    String path = io.neo4jrestore.api.RestoreApi.path(managed, "weekly");
    // the last drill ended: it started two minutes ago
    com.fasterxml.jackson.databind.node.ObjectNode status =
        io.neo4jrestore.api.json.ApiMapper.json().createObjectNode();
    status
        .putObject("status")
        .put("phase", "Completed")
        .put("startTime", java.time.Instant.now().minusSeconds(120).toString())
        .put("observedGeneration", 1)
        .putObject("attempt")
        .put("generation", 1);
    admin.mergePatch(path + "/status", status);
    Dispatcher dispatcher = asDispatcher(cp, install);
    List<String> started = sweepOnceGranted(dispatcher, managed);

    assertEquals(1, started.size(), started.toString());
    String token = admin.get(path).at("/metadata/annotations").path(Annotations.RETRY).asText("");
    assertTrue(token.startsWith("drill-"), token);
    assertTrue(started.get(0).startsWith(managed + "/"), started.toString());
    assertEquals(List.of(), dispatcher.sweep(List.of(managed)), "one drill per fire time");
  }

  @Test
  void all_namespaces_mode_lists_everywhere_and_starts_runners_only_where_installed(ControlPlane cp)
      throws Exception {
    LenientJson.install();
    String install = cp.createNamespace("install-all");
    String managed = cp.createNamespace("managed-all");
    String other = cp.createNamespace("unmanaged");
    RawApi admin = new RawApi(cp.admin());
    applyShipped(
        admin,
        install,
        managed,
        "crds/dispatcher.yaml",
        "crds/dispatcher-all-namespaces.yaml",
        "crds/runner-rbac.yaml");
    TargetFixtures fixtures = new TargetFixtures(cp.admin());
    for (String ns : List.of(managed, other)) {
      fixtures.restore(ns, APPLIED);
    }
    RawApi asDispatcher =
        new RawApi(
            ControlPlane.client(
                cp.kubeconfigForServiceAccount(install, "neo4j-restore-dispatcher")));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Dispatcher dispatcher =
        new Dispatcher(asDispatcher, "localhost/neo4j-restore-runner:test", new PrintStream(log));
    List<String> started = new ArrayList<>();
    try {
      Wait.until(
          "the dispatcher's ClusterRole to take effect",
          Duration.ofSeconds(15),
          () -> {
            started.addAll(dispatcher.sweep(List.of()));
            return true;
          });
      List<String> runnerJobs = started.stream().filter(j -> j.startsWith(managed + "/")).toList();
      assertEquals(1, runnerJobs.size(), started.toString());
      assertEquals(1, started.size(), "nothing started in " + other + ": " + started);
      assertTrue(
          log.toString()
              .contains(
                  "not starting Neo4jRestore "
                      + other
                      + "/applied: the dispatcher may not create Jobs in namespace "
                      + other),
          log.toString());
      assertTrue(
          log.toString().contains("kubectl neo4j-restore install --managed-namespace " + other),
          log.toString());
      assertTrue(
          admin
              .call("GET", "/apis/batch/v1/namespaces/" + other + "/jobs", null, null, Map.of())
              .path("items")
              .isEmpty());
    } finally {
      admin.call(
          "DELETE",
          "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/neo4j-restore-dispatcher-list",
          null,
          null,
          Map.of());
      admin.call(
          "DELETE",
          "/apis/rbac.authorization.k8s.io/v1/clusterroles/neo4j-restore-dispatcher-list",
          null,
          null,
          Map.of());
    }
  }

  /** The repo's manifests with the placeholders filled, created as the admin. */
  /** The dispatcher with its own ServiceAccount's token. */
  private static Dispatcher asDispatcher(ControlPlane cp, String install) {
    return new Dispatcher(
        new RawApi(
            ControlPlane.client(
                cp.kubeconfigForServiceAccount(install, "neo4j-restore-dispatcher"))),
        "localhost/neo4j-restore-runner:test",
        new PrintStream(new ByteArrayOutputStream()));
  }

  /** One sweep of {@code ns}, once the dispatcher's Role has taken effect; the Jobs it started. */
  private static List<String> sweepOnceGranted(Dispatcher dispatcher, String ns) {
    List<String> started = new ArrayList<>();
    Wait.until(
        "the dispatcher's Role to take effect",
        Duration.ofSeconds(15),
        () -> {
          started.addAll(dispatcher.sweep(List.of(ns)));
          return true;
        });
    return started;
  }

  private static void applyShipped(RawApi admin, String install, String managed, String... files)
      throws Exception {
    Map<String, String> placeholders = new java.util.LinkedHashMap<>();
    placeholders.put("INSTALL_NAMESPACE", install);
    placeholders.put("RUNNER_IMAGE", "localhost/neo4j-restore-runner:test");
    placeholders.put("MANAGED_NAMESPACES", managed);
    placeholders.put("NAMESPACE", managed);
    for (String file : files) {
      for (JsonNode doc : Manifests.read(file, placeholders)) {
        Manifests.create(admin, doc);
      }
    }
  }
}

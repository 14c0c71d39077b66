package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.RunCommand;
import io.neo4jrestore.runner.dispatch.Dispatcher;
import io.neo4jrestore.runner.exec.Runner;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import io.neo4jrestore.testenv.Wait;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runner lost, on the real API server: a runner dies with the cluster scaled down and its Job then
 * fails for good; the dispatcher, as its own ServiceAccount with the shipped RBAC, notices it, puts
 * the target back and ends the restore {@code Failed} with {@code RunnerLost} and the Job's and the
 * pod's own reasons.
 */
@ExtendWith(ControlPlaneExtension.class)
class RunnerLostIT {
  private static final String RESTORE = "lost";
  private static final String JOB = "lost-run";

  @Test
  void a_runner_job_that_failed_for_good_is_noticed_and_its_target_put_back(
      ControlPlane cp, FakeKubelet kubelet) throws Exception {
    LenientJson.install();
    String install = cp.createNamespace("lost-install");
    String ns = cp.createNamespace("lost");
    RawApi admin = new RawApi(cp.admin());
    Map<String, String> placeholders = new LinkedHashMap<>();
    placeholders.put("INSTALL_NAMESPACE", install);
    placeholders.put("NAMESPACE", ns);
    for (JsonNode doc : Manifests.read("crds/runner-rbac.yaml", placeholders)) {
      Manifests.create(admin, doc);
    }
    for (JsonNode doc : Manifests.read("crds/dispatcher.yaml", placeholders)) {
      if ("ServiceAccount".equals(doc.path("kind").asText())) {
        Manifests.create(admin, doc);
      }
    }
    TargetFixtures fixtures = new TargetFixtures(cp.admin());
    fixtures.cluster(ns, "prod", "2025.04.0-enterprise", 2);
    fixtures.offlineRestore(ns, RESTORE);
    FakeDatabase database = new FakeDatabase().withDatabase("orders");

    // the runner Job: its pod ends with 137 (OOM-killed, node lost), no retries left
    kubelet.finishJob(ns, JOB, 137);
    new BatchV1Api(cp.admin())
        .createNamespacedJob(
            ns,
            new V1Job()
                .metadata(new V1ObjectMeta().name(JOB))
                .spec(
                    new V1JobSpec()
                        .backoffLimit(0)
                        .template(
                            new V1PodTemplateSpec()
                                .spec(
                                    new V1PodSpec()
                                        .restartPolicy("Never")
                                        .containers(
                                            List.of(
                                                new V1Container()
                                                    .name("runner")
                                                    .image("neo4j-restore-runner")))))))
        .execute();
    // its runner got as far as scaling the cluster down and stopping the database, then died
    Faults faults = new Faults().killAfterRequest("PATCH", ".*/statefulsets/prod-server/scale");
    ApiClient client = ControlPlane.client(cp.adminKubeconfig());
    client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(faults).build());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThrows(
        Faults.RunnerKilled.class,
        () ->
            new RunCommand(
                    TestWiring.with(database), new PrintStream(out, true, StandardCharsets.UTF_8))
                .target(ns, RESTORE)
                .runnerPod(JOB + "-x7k2p")
                .runnerJob(JOB)
                .run(client));
    Wait.until(
        "the runner Job to fail for good",
        Duration.ofSeconds(90),
        () ->
            new BatchV1Api(cp.admin())
                        .readNamespacedJob(JOB, ns)
                        .execute()
                        .getStatus()
                        .getConditions()
                    != null
                && new BatchV1Api(cp.admin())
                    .readNamespacedJob(JOB, ns).execute().getStatus().getConditions().stream()
                        .anyMatch(
                            c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())));
    assertEquals(Phases.RUNNING, fixtures.read(ns, RESTORE).status().phase());
    assertEquals(0, statefulSet(cp, ns).getSpec().getReplicas(), "stranded at 0");
    assertFalse(database.online("orders"), "stranded stopped");

    // the dispatcher's sweep, as its ServiceAccount with the shipped permissions
    RawApi asDispatcher =
        new RawApi(
            ControlPlane.client(
                cp.kubeconfigForServiceAccount(install, "neo4j-restore-dispatcher")));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream logs = new PrintStream(log, true, StandardCharsets.UTF_8);
    Dispatcher dispatcher =
        new Dispatcher(asDispatcher, "localhost/neo4j-restore-runner:test", logs)
            .lostRunners(
                (restore, why) ->
                    new Runner(logs)
                        .abandon(
                            RunCommand.context(
                                asDispatcher,
                                TestWiring.with(database),
                                restore,
                                "neo4j-restore-dispatcher-29110",
                                restore.status().attempt().runnerJob(),
                                logs),
                            why),
                Clock.systemUTC(),
                Duration.ofMinutes(10));
    Wait.until(
        "the dispatcher to compensate (once its Role takes effect)",
        Duration.ofSeconds(120),
        () -> {
          dispatcher.sweep(List.of(ns));
          return Phases.FAILED.equals(fixtures.read(ns, RESTORE).status().phase());
        });

    Neo4jRestore r = fixtures.read(ns, RESTORE);
    String message = r.status().message();
    assertEquals(Reasons.RUNNER_LOST, r.status().condition(Conditions.READY).reason(), message);
    assertTrue(message.contains("runner Job " + JOB + " failed for good"), message);
    assertTrue(message.contains("BackoffLimitExceeded"), message);
    assertTrue(message.contains("exit code 137"), "the pod's own reason: " + message);
    assertTrue(message.contains(Annotations.RETRY), message);
    V1StatefulSet sts = statefulSet(cp, ns);
    assertEquals(2, sts.getSpec().getReplicas(), log.toString());
    assertEquals(2, sts.getStatus().getReadyReplicas());
    assertTrue(database.online("orders"), database.calls.toString());
    assertTrue(
        new CoreV1Api(cp.admin())
                .listNamespacedEvent(ns)
                .fieldSelector("involvedObject.name=" + RESTORE + ",reason=" + Reasons.RUNNER_LOST)
                .execute()
                .getItems()
                .size()
            > 0,
        "a RunnerLost event");
    Map<String, String> annotations = fixtures.clusterAnnotations(ns, "prod");
    assertFalse(
        annotations.containsKey(Annotations.OPERATOR_RESTORE_IN_PROGRESS), annotations.toString());

    // the next sweep leaves the Failed restore alone
    List<String> calls = List.copyOf(database.calls);
    dispatcher.sweep(List.of(ns));
    assertEquals(calls, database.calls);
  }

  private static V1StatefulSet statefulSet(ControlPlane cp, String ns) throws Exception {
    return new AppsV1Api(cp.admin()).readNamespacedStatefulSet("prod-server", ns).execute();
  }
}

package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Scale;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.util.PatchUtils;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.Condition;
import io.neo4jrestore.api.model.DataVolume;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.RunCommand;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import io.neo4jrestore.testenv.Wait;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No path deletes a data volume, on the real API server: the kube-controller-manager's StatefulSet
 * controller really deletes the claims of a {@code whenScaled: Delete} StatefulSet scaled to 0 (and
 * really makes new, empty ones on the way up), and really recreates a claim deleted while the
 * StatefulSet is at 0; the claims are really bound by the binder controller (testenv's provisioner
 * makes the volumes). The runner refuses the first before anything changes, and does not bring the
 * database up after the second.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataVolumeSafetyIT {
  private static final String STS = "prod-server";
  private static final Duration WAIT = Duration.ofSeconds(90);

  private ControlPlane cp;
  private FakeKubelet kubelet;
  private TargetFixtures fixtures;
  private FakeDatabase database;
  private String ns;

  @BeforeAll
  void setUp(ControlPlane controlPlane, FakeKubelet fakeKubelet) {
    LenientJson.install();
    cp = controlPlane;
    kubelet = fakeKubelet;
    fixtures = new TargetFixtures(cp.admin());
  }

  @BeforeEach
  void freshNamespace() {
    ns = cp.createNamespace("volumes");
    database = new FakeDatabase().withDatabase("orders");
    kubelet.autoCompleteJobs(true);
  }

  private RunnerExit run(String name, ByteArrayOutputStream out) {
    return new RunCommand(
            TestWiring.with(database), new PrintStream(out, true, StandardCharsets.UTF_8))
        .target(ns, name)
        .run(cp.admin());
  }

  @Test
  void
      an_offline_restore_of_a_statefulset_that_deletes_its_claims_when_scaled_is_refused_and_every_claim_stays()
          throws Exception {
    fixtures.cluster(ns, "prod", "2025.04.0-enterprise", 2, "Delete");
    Map<String, String> before = fixtures.boundClaims(ns, "data", STS, 2);
    fixtures.offlineRestore(ns, "nightly");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertEquals(RunnerExit.FAILED, run("nightly", out), out.toString());

    Neo4jRestore r = fixtures.read(ns, "nightly");
    assertEquals(Phases.FAILED, r.status().phase());
    assertEquals(Reasons.UNSAFE_SCALE_DOWN, r.status().condition(Conditions.READY).reason());
    String message = r.status().message();
    for (String part :
        List.of(
            "StatefulSet " + ns + "/" + STS,
            "whenScaled: Delete",
            "data-prod-server-0, data-prod-server-1",
            "nothing was changed",
            "spec.stopCluster: false",
            "kubectl -n "
                + ns
                + " patch statefulset prod-server --type=merge -p"
                + " '{\"spec\":{\"persistentVolumeClaimRetentionPolicy\":{\"whenScaled\":\"Retain\"}}}'")) {
      assertTrue(message.contains(part), "missing \"" + part + "\" in: " + message);
    }
    assertEquals(Steps.FAILED, RestoreReads.state(r, Steps.RESOLVE_TARGET));
    assertEquals(List.of(), database.calls, "nothing asked of Neo4j: the database was not stopped");
    assertEquals(2, statefulSet().getSpec().getReplicas());
    assertEquals(before, fixtures.boundClaims(ns, "data", STS, 2), "every claim, same UIDs");
    Map<String, String> annotations = fixtures.clusterAnnotations(ns, "prod");
    assertFalse(
        annotations.keySet().stream()
            .anyMatch(k -> k.startsWith("restore.neo4j.neo4j.com/") || k.startsWith("neo4j.com/")),
        "no annotation on the target: " + annotations);
    ApiException noLease =
        org.junit.jupiter.api.Assertions.assertThrows(
            ApiException.class, () -> fixtures.clusterLeaseHolder(ns, "prod"));
    assertEquals(404, noLease.getCode(), "the target's Lease was never taken");
    assertTrue(
        new BatchV1Api(cp.admin()).listNamespacedJob(ns).execute().getItems().isEmpty(),
        "no Job created");
    assertTrue(
        fixtures
            .eventMessage(ns, "nightly", Reasons.UNSAFE_SCALE_DOWN)
            .contains("whenScaled: Delete"));

    // the guard is the only thing between this StatefulSet and the loss of its volumes: bypassed
    // (the test scales it as the runner would), the StatefulSet controller deletes them at 0 and
    // scaling back up makes new, empty ones
    scale(0);
    Wait.until(
        "the StatefulSet controller to delete the claims (gone, not only terminating)",
        WAIT,
        () -> !claimExists("data-prod-server-0") && !claimExists("data-prod-server-1"));
    scale(2);
    Map<String, String> after = fixtures.boundClaims(ns, "data", STS, 2);
    for (String claim : before.keySet()) {
      assertNotEquals(before.get(claim), after.get(claim), claim + " is a new claim");
    }
  }

  @Test
  void a_data_volume_replaced_while_scaled_down_stops_the_bring_up_and_says_which_and_what_changed()
      throws Exception {
    fixtures.cluster(ns, "prod", "2025.04.0-enterprise", 2);
    Map<String, String> before = fixtures.boundClaims(ns, "data", STS, 2);
    fixtures.offlineRestore(ns, "nightly");
    Neo4jRestore created = fixtures.read(ns, "nightly");
    String job = ResourceNames.job("nightly", created.metadata().uid(), 1, null, JobRole.RESTORE);
    kubelet.autoCompleteJobs(false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Future<RunnerExit> runner =
        Executors.newSingleThreadExecutor().submit(() -> run("nightly", out));
    Wait.until(
        "the restore Job to run",
        WAIT,
        () ->
            Steps.RUNNING.equals(RestoreReads.state(fixtures.read(ns, "nightly"), Steps.RESTORE)));
    Neo4jRestore running = fixtures.read(ns, "nightly");
    assertEquals(
        List.of(
            new DataVolume(
                "data-prod-server-0",
                before.get("data-prod-server-0"),
                "pvc-" + before.get("data-prod-server-0")),
            new DataVolume(
                "data-prod-server-1",
                before.get("data-prod-server-1"),
                "pvc-" + before.get("data-prod-server-1"))),
        running.status().undo().dataVolumes(),
        "recorded before the scale-down");
    assertEquals(
        "data-prod-server-0="
            + before.get("data-prod-server-0")
            + ",data-prod-server-1="
            + before.get("data-prod-server-1"),
        fixtures.clusterAnnotations(ns, "prod").get(Annotations.UNDO_DATA_VOLUMES));

    // while the StatefulSet is at 0 someone deletes server 1's claim; the StatefulSet controller
    // makes a new, empty one when it scales back up
    new CoreV1Api(cp.admin())
        .deleteNamespacedPersistentVolumeClaim("data-prod-server-1", ns)
        .execute();
    Wait.until("the claim to be gone", WAIT, () -> !claimExists("data-prod-server-1"));
    kubelet.finishJob(ns, job, 0);

    assertEquals(RunnerExit.FAILED, runner.get(180, TimeUnit.SECONDS), out.toString());
    Neo4jRestore r = fixtures.read(ns, "nightly");
    assertEquals(Phases.FAILED, r.status().phase());
    assertEquals(Reasons.DATA_VOLUME_REPLACED, r.status().condition(Conditions.READY).reason());
    Condition volumes = r.status().condition(Conditions.DATA_VOLUMES_INTACT);
    assertEquals(Conditions.FALSE, volumes.status());
    assertEquals(Reasons.DATA_VOLUME_REPLACED, volumes.reason());
    String newUid = claimUid("data-prod-server-1");
    assertNotEquals(before.get("data-prod-server-1"), newUid);
    String replaced =
        "PVC " + ns + "/data-prod-server-1 was replaced: UID " + before.get("data-prod-server-1");
    for (String text :
        List.of(
            volumes.message(),
            r.status().message(),
            fixtures.eventMessage(ns, "nightly", Reasons.DATA_VOLUME_REPLACED))) {
      assertTrue(text.contains(replaced), text);
      assertFalse(text.contains("data-prod-server-0 "), "server 0's claim is the same: " + text);
    }
    assertTrue(r.status().message().contains("NOT brought up"), r.status().message());
    assertTrue(r.status().message().contains("left STOPPED"), r.status().message());
    assertTrue(r.status().message().contains(Annotations.RETRY), r.status().message());
    assertEquals(
        List.of("exists orders", "stop orders"),
        database.calls,
        "neither brought up nor started on the replaced volume");
    assertEquals(Steps.FAILED, RestoreReads.state(r, Steps.START_CLUSTER));
    assertEquals(Steps.SUCCEEDED, RestoreReads.state(r, Steps.RESTORE));
    V1StatefulSet sts = statefulSet();
    assertEquals(2, sts.getSpec().getReplicas(), "the target is back up");
    assertEquals(2, sts.getStatus().getReadyReplicas());
    Map<String, String> annotations = fixtures.clusterAnnotations(ns, "prod");
    assertFalse(
        annotations.containsKey(Annotations.OPERATOR_RESTORE_IN_PROGRESS), annotations.toString());
    assertFalse(annotations.containsKey(Annotations.UNDO_DATA_VOLUMES), annotations.toString());
    assertEquals("", fixtures.clusterLeaseHolder(ns, "prod"), "the Lease is released");
    assertEquals(before.get("data-prod-server-0"), claimUid("data-prod-server-0"));
  }

  private V1StatefulSet statefulSet() throws ApiException {
    return new AppsV1Api(cp.admin()).readNamespacedStatefulSet(STS, ns).execute();
  }

  private boolean claimExists(String name) throws ApiException {
    try {
      new CoreV1Api(cp.admin()).readNamespacedPersistentVolumeClaim(name, ns).execute();
      return true;
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private String claimUid(String name) throws ApiException {
    try {
      var c = new CoreV1Api(cp.admin()).readNamespacedPersistentVolumeClaim(name, ns).execute();
      return c.getMetadata().getDeletionTimestamp() == null ? c.getMetadata().getUid() : null;
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  private void scale(int replicas) throws ApiException {
    AppsV1Api apps = new AppsV1Api(cp.admin());
    PatchUtils.patch(
        V1Scale.class,
        () ->
            apps.patchNamespacedStatefulSetScale(
                    STS, ns, new V1Patch("{\"spec\":{\"replicas\":" + replicas + "}}"))
                .buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        cp.admin());
    Wait.until(
        replicas + " ready replicas",
        WAIT,
        () -> {
          var s = statefulSet().getStatus();
          return (s.getReadyReplicas() == null ? 0 : s.getReadyReplicas()) == replicas
              && (replicas > 0
                  || new CoreV1Api(cp.admin())
                      .listNamespacedPod(ns)
                      .labelSelector("app.kubernetes.io/instance=prod")
                      .execute()
                      .getItems()
                      .isEmpty());
        });
  }
}

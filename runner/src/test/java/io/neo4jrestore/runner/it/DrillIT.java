package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.DrillRecord;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.RunCommand;
import io.neo4jrestore.runner.drill.DrillServer;
import io.neo4jrestore.runner.exec.Runner;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import io.neo4jrestore.testenv.Wait;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Restore drills ({@code spec.drill}) end to end on the real API server and controllers: the
 * StatefulSet controller starts the throw-away server's pod, the fake kubelet runs it and the
 * restore Job, the Neo4j side is a recording fake. Every case ends with nothing of the drill left:
 * after success, after a failed assertion, and after the runner died (the next runner pod, or the
 * dispatcher's compensation, cleans up).
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DrillIT {
  private static final String NAME = "weekly-drill";
  private static final String ASSERTION = "MATCH (n:Order) RETURN count(n) >= 1000";

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private ControlPlane cp;
  private FakeKubelet kubelet;
  private TargetFixtures fixtures;
  private FakeDatabase database;
  private String ns;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeAll
  void setUp(ControlPlane controlPlane, FakeKubelet fakeKubelet) {
    LenientJson.install();
    cp = controlPlane;
    kubelet = fakeKubelet;
    fixtures = new TargetFixtures(cp.admin());
  }

  @AfterAll
  void stop() {
    pool.shutdownNow();
  }

  @BeforeEach
  void drillOfAStandalone() throws Exception {
    ns = cp.createNamespace("drill");
    database = new FakeDatabase();
    kubelet.autoCompleteJobs(true);
    out.reset();
    fixtures.standalone(ns, "prod", "5.26.12-enterprise");
    fixtures.secret(
        ns,
        "aws-creds",
        Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "never-logged"));
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: weekly-drill}
        spec:
          targetCluster: prod
          databaseName: orders
          source:
            type: s3
            storage: {type: s3, bucket: backups, path: prod/, cloud: {provider: aws, credentialsSecretRef: aws-creds}}
            backupPath: orders.backup
          drill:
            keep: 3
            assertions: ["%s", "RETURN true"]
        """
            .formatted(ASSERTION));
  }

  private RunnerExit run(RunCommand.Wiring wiring, String pod, ApiClient client) {
    return new RunCommand(wiring, new PrintStream(out, true, StandardCharsets.UTF_8))
        .target(ns, NAME)
        .runnerPod(pod)
        .run(client);
  }

  private RunnerExit run() {
    return run(TestWiring.with(database), "runner-1", cp.admin());
  }

  /** A runner that dies (no cleanup, no status) right after {@code method} to {@code path}. */
  private void runnerDiesAfter(String method, String path) throws Exception {
    assertKilled(new Faults().killAfterRequest(method, path));
  }

  /** Runs the drill with {@code faults} in the way of its API calls, on a thread of its own. */
  private RunnerExit runWith(Faults faults, String pod) throws Exception {
    ApiClient client = ControlPlane.client(cp.adminKubeconfig());
    client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(faults).build());
    return pool.submit(
            () -> {
              faults.runnerThread(Thread.currentThread());
              return run(TestWiring.with(database), pod, client);
            })
        .get(120, TimeUnit.SECONDS);
  }

  /** A runner run with {@code faults} is killed by them. */
  private void assertKilled(Faults faults) {
    ExecutionException killed =
        assertThrows(ExecutionException.class, () -> runWith(faults, "runner-1"));
    assertTrue(killed.getCause() instanceof Faults.RunnerKilled, String.valueOf(killed));
  }

  private Neo4jRestore read() throws Exception {
    return fixtures.read(ns, NAME);
  }

  private String selector() throws Exception {
    return DrillServer.selector(read().metadata().uid());
  }

  private int drillObjects() throws Exception {
    return drillObjects(selector());
  }

  /** The drill's StatefulSets, Services and claims that {@code s} selects. */
  private int drillObjects(String s) throws Exception {
    return new AppsV1Api(cp.admin())
            .listNamespacedStatefulSet(ns)
            .labelSelector(s)
            .execute()
            .getItems()
            .size()
        + new CoreV1Api(cp.admin())
            .listNamespacedService(ns)
            .labelSelector(s)
            .execute()
            .getItems()
            .size()
        + new CoreV1Api(cp.admin())
            .listNamespacedPersistentVolumeClaim(ns)
            .labelSelector(s)
            .execute()
            .getItems()
            .size();
  }

  /** The Jobs of the restore with this UID other than its runner's (a drill's restore Job). */
  private List<String> drillJobs(String uid) throws Exception {
    return new BatchV1Api(cp.admin())
            .listNamespacedJob(ns)
            .labelSelector(Labels.RESTORE_UID + "=" + uid)
            .execute()
            .getItems()
            .stream()
            .filter(j -> !"runner".equals(j.getMetadata().getLabels().get(Labels.COMPONENT)))
            .map(j -> j.getMetadata().getName())
            .toList();
  }

  /** Nothing of the drill is left: its server's objects (and then its pod), its restore Job. */
  private void assertNothingLeft() throws Exception {
    String uid = read().metadata().uid();
    Wait.until("the drill's objects to be gone", Duration.ofSeconds(90), () -> drillObjects() == 0);
    assertEquals(List.of(), drillJobs(uid), "the drill's restore Job is deleted");
    Wait.until(
        "the drill server's pod to be gone",
        Duration.ofSeconds(90),
        () ->
            new CoreV1Api(cp.admin())
                .listNamespacedPod(ns)
                .labelSelector(selector())
                .execute()
                .getItems()
                .isEmpty());
  }

  /** The target was only read: still 1 replica, no pause annotation, no Lease. */
  private void assertTargetUntouched() throws Exception {
    assertEquals(
        1,
        new AppsV1Api(cp.admin())
            .readNamespacedStatefulSet("prod", ns)
            .execute()
            .getSpec()
            .getReplicas());
    assertTrue(
        new io.kubernetes.client.openapi.apis.CoordinationV1Api(cp.admin())
            .listNamespacedLease(ns)
            .execute()
            .getItems()
            .isEmpty(),
        "no lock taken on the target");
    assertFalse(
        database.calls.stream().anyMatch(c -> c.startsWith("stop ") || c.startsWith("start ")),
        "the target's database was never stopped or started: " + database.calls);
  }

  @Test
  void a_drill_runs_end_to_end_on_the_control_plane_and_deletes_what_it_created() throws Exception {
    RunnerExit exit = run();

    Neo4jRestore r = read();
    assertEquals(RunnerExit.SUCCEEDED, exit, out.toString());
    assertEquals(Phases.COMPLETED, r.status().phase(), r.status().message());
    assertEquals(Conditions.TRUE, r.status().condition(Conditions.DRILL_PASSED).status());
    DrillRecord d = r.status().drills().get(0);
    assertEquals(DrillRecord.PASSED, d.outcome());
    assertEquals(2, d.assertionsPassed());
    assertEquals("done", d.cleanup());
    // the server came up on the restored claim, the assertions ran on it as written
    String server = DrillServer.name(NAME, r.metadata().uid());
    assertTrue(
        database.calls.contains("bringUp orders existed=false seeder=" + server + "-0"),
        database.calls.toString());
    assertTrue(database.calls.contains("query orders " + ASSERTION), database.calls.toString());
    assertNothingLeft();
    assertTargetUntouched();
    String events = fixtures.eventMessage(ns, NAME, Reasons.DRILL_PASSED);
    assertTrue(events != null && events.startsWith("drill passed"), events);
  }

  @Test
  void a_failed_assertion_fails_the_drill_with_drill_passed_false_and_cleans_up() throws Exception {
    database.failOn("query");

    RunnerExit exit = run();

    Neo4jRestore r = read();
    assertEquals(RunnerExit.FAILED, exit, out.toString());
    assertEquals(Phases.FAILED, r.status().phase());
    assertEquals(Conditions.FALSE, r.status().condition(Conditions.DRILL_PASSED).status());
    assertEquals(Reasons.ASSERTION_FAILED, r.status().condition(Conditions.DRILL_PASSED).reason());
    assertEquals(Conditions.TRUE, r.status().condition(Conditions.STALLED).status());
    assertEquals(0, r.status().drills().get(0).failedAssertion());
    String status = ApiMapper.json().writeValueAsString(r.status());
    assertFalse(status.contains("Order"), "no assertion text in status: " + status);
    assertNothingLeft();
    assertTargetUntouched();
  }

  @Test
  void a_failed_restore_job_fails_the_drill_before_its_server_starts_and_cleans_up()
      throws Exception {
    kubelet.autoCompleteJobs(false);
    java.util.concurrent.Future<RunnerExit> running = pool.submit(() -> run());
    String job = restoreJobName(read());
    awaitJob(job);
    kubelet.finishJob(ns, job, 1);

    assertEquals(RunnerExit.FAILED, running.get(120, TimeUnit.SECONDS), out.toString());
    Neo4jRestore r = read();
    assertEquals(Phases.FAILED, r.status().phase());
    assertEquals(Conditions.FALSE, r.status().condition(Conditions.DRILL_PASSED).status());
    assertEquals(DrillRecord.FAILED, r.status().drills().get(0).outcome());
    assertEquals("done", r.status().drills().get(0).cleanup());
    assertFalse(
        database.calls.stream().anyMatch(c -> c.startsWith("bringUp")),
        "never brought up: " + database.calls);
    assertNothingLeft();
    assertTargetUntouched();
  }

  @Test
  void the_drill_server_runs_the_targets_image_with_its_license_and_the_admin_secret()
      throws Exception {
    kubelet.autoCompleteJobs(false); // the restore Job runs until the test has looked
    java.util.concurrent.Future<RunnerExit> running = pool.submit(() -> run());
    String[] sts = new String[1];
    Wait.until(
        "the drill server's StatefulSet",
        Duration.ofSeconds(60),
        () -> {
          var items =
              new AppsV1Api(cp.admin())
                  .listNamespacedStatefulSet(ns)
                  .labelSelector(selector())
                  .execute()
                  .getItems();
          if (!items.isEmpty()) {
            sts[0] = items.get(0).getMetadata().getName();
          }
          return !items.isEmpty();
        });
    var set = new AppsV1Api(cp.admin()).readNamespacedStatefulSet(sts[0], ns).execute();
    V1Container c = set.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("neo4j:5.26.12-enterprise", c.getImage());
    assertTrue(
        c.getEnv().stream()
            .anyMatch(
                e ->
                    "NEO4J_AUTH".equals(e.getName())
                        && e.getValueFrom() != null
                        && "neo4j-admin-secret"
                            .equals(e.getValueFrom().getSecretKeyRef().getName())),
        String.valueOf(c.getEnv()));
    assertEquals(
        NAME, set.getMetadata().getOwnerReferences().get(0).getName(), "owned by the restore");
    kubelet.autoCompleteJobs(true);
    String job = DrillIT.restoreJobName(read());
    awaitJob(job);
    kubelet.finishJob(ns, job, 0);
    assertEquals(RunnerExit.SUCCEEDED, running.get(120, TimeUnit.SECONDS), out.toString());
    assertNothingLeft();
  }

  @Test
  void the_next_runner_pod_resumes_a_drill_whose_runner_died_and_cleans_up() throws Exception {
    runnerDiesAfter("POST", ".*/statefulsets");
    assertTrue(drillObjects() > 0, "the dead runner left its server behind");

    RunnerExit exit = run(TestWiring.with(database), "runner-2", cp.admin());

    assertEquals(RunnerExit.SUCCEEDED, exit, out.toString());
    assertEquals(DrillRecord.PASSED, read().status().drills().get(0).outcome());
    assertNothingLeft();
    assertTargetUntouched();
  }

  /**
   * The drill's row of the fault matrix: its runner killed right after each of its status writes
   * (every step boundary), a new runner pod resumes the same attempt; each drill passes and leaves
   * nothing behind.
   */
  @Test
  void a_drill_whose_runner_is_killed_after_any_status_write_is_resumed_and_passes()
      throws Exception {
    Faults observe = new Faults();
    assertEquals(RunnerExit.SUCCEEDED, runWith(observe, "runner-0"), out.toString());
    List<String> writes = observe.writes();
    assertTrue(writes.size() >= 8, "one write per step boundary at least: " + writes);
    List<String> rows = new ArrayList<>();
    for (int n = 1; n <= writes.size(); n++) {
      // a new attempt of the same resource (its drill history is kept)
      new io.neo4jrestore.runner.kube.RawApi(cp.admin())
          .mergePatch(
              RestoreApi.path(ns, NAME),
              Map.of("metadata", Map.of("annotations", Map.of(Annotations.RETRY, "kill-" + n))));
      assertKilled(new Faults().killAfterWrite(n));

      RunnerExit exit = run(TestWiring.with(database), "runner-" + n + "-2", cp.admin());

      String where = "killed after write " + n + " (" + writes.get(n - 1) + ")";
      assertEquals(RunnerExit.SUCCEEDED, exit, where + ": " + out);
      DrillRecord d = read().status().drills().get(0);
      assertEquals(DrillRecord.PASSED, d.outcome(), where);
      assertEquals("done", d.cleanup(), where);
      assertNothingLeft();
      rows.add("| " + n + " | " + writes.get(n - 1) + " | Passed, cleaned up |");
    }
    assertTargetUntouched();
    System.out.println(
        "| write | runner killed after | outcome of the next runner pod |\n|---|---|---|\n"
            + String.join("\n", rows));
  }

  @Test
  void the_dispatcher_cleans_up_after_a_drill_whose_runner_is_gone() throws Exception {
    runnerDiesAfter("POST", ".*/jobs");
    assertTrue(drillObjects() > 0, "the dead runner left its server behind");
    Neo4jRestore left = read();

    RunnerExit exit =
        new Runner(new PrintStream(out, true, StandardCharsets.UTF_8))
            .abandon(
                RunCommand.context(
                    new io.neo4jrestore.runner.kube.RawApi(cp.admin()),
                    TestWiring.with(database),
                    left,
                    "dispatcher",
                    left.status().attempt().runnerJob(),
                    new PrintStream(out, true, StandardCharsets.UTF_8)),
                "the runner Job failed (BackoffLimitExceeded)");

    Neo4jRestore r = read();
    assertEquals(RunnerExit.FAILED, exit, out.toString());
    assertEquals(Reasons.RUNNER_LOST, r.status().condition(Conditions.DRILL_PASSED).reason());
    assertEquals("done", r.status().drills().get(0).cleanup());
    assertNothingLeft();
    assertTargetUntouched();
  }

  @Test
  void the_dispatchers_sweep_deletes_what_a_drill_whose_cleanup_failed_left() throws Exception {
    runnerDiesAfter("POST", ".*/jobs");
    assertTrue(drillObjects() > 0, "the drill's server is there");
    // as a runner whose cleanup kept failing leaves it: ended, its record saying what is left
    var raw = new io.neo4jrestore.runner.kube.RawApi(cp.admin());
    raw.mergePatch(
        RestoreApi.path(ns, NAME) + "/status",
        Map.of(
            "status",
            Map.of(
                "phase",
                Phases.FAILED,
                "drills",
                List.of(
                    Map.of(
                        "startTime", "2026-12-06T02:00:00Z",
                        "outcome", DrillRecord.FAILED,
                        "cleanup", "failed: API server: HTTP 503; left: StatefulSet ...")))));
    PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);

    new io.neo4jrestore.runner.dispatch.Dispatcher(raw, "runner:test", log)
        .leftDrills(
            restore ->
                new Runner(log)
                    .cleanUpLeftDrill(
                        RunCommand.context(
                            raw,
                            TestWiring.with(database),
                            restore,
                            "dispatcher",
                            restore.status().attempt().runnerJob(),
                            log)))
        .sweep(List.of(ns));

    assertNothingLeft();
    Neo4jRestore r = read();
    assertEquals(Phases.FAILED, r.status().phase(), "the outcome as it was");
    DrillRecord d = r.status().drills().get(0);
    assertTrue(d.cleanup().startsWith("done by the dispatcher at "), d.cleanup());
    assertFalse(
        io.neo4jrestore.runner.dispatch.Dispatcher.drillLeftBehind(r), "the next sweep does not");
    assertTargetUntouched();
  }

  /** Moves the drill to namespace {@code d} ({@code spec.drill.namespace}). */
  private void drillIn(String d) throws Exception {
    new io.neo4jrestore.runner.kube.RawApi(cp.admin())
        .mergePatch(
            RestoreApi.path(ns, NAME), Map.of("spec", Map.of("drill", Map.of("namespace", d))));
  }

  /** The drill's StatefulSets, Services, claims and Secrets in {@code d}. */
  private int objectsIn(String d) throws Exception {
    return objectsIn(d, selector());
  }

  /** The same, selected by {@code s} (the restore may be gone). */
  private int objectsIn(String d, String s) throws Exception {
    return new AppsV1Api(cp.admin())
            .listNamespacedStatefulSet(d)
            .labelSelector(s)
            .execute()
            .getItems()
            .size()
        + new CoreV1Api(cp.admin())
            .listNamespacedService(d)
            .labelSelector(s)
            .execute()
            .getItems()
            .size()
        + new CoreV1Api(cp.admin())
            .listNamespacedPersistentVolumeClaim(d)
            .labelSelector(s)
            .execute()
            .getItems()
            .size()
        + new CoreV1Api(cp.admin())
            .listNamespacedSecret(d)
            .labelSelector(s)
            .execute()
            .getItems()
            .size();
  }

  @Test
  void a_drill_in_another_namespace_needs_the_credentials_there_runs_there_and_cleans_up_there()
      throws Exception {
    String d = cp.createNamespace("drills");
    drillIn(d);
    // the production admin Secret is read only as production reads it: the drill server's are
    // the generated credentials in d
    TestWiring reading = TestWiring.readingSecrets(database);

    RunnerExit refused = run(reading, "runner-1", cp.admin());

    assertEquals(RunnerExit.FAILED, refused, out.toString());
    assertEquals(Reasons.CREDENTIALS_MISSING, read().status().condition(Conditions.READY).reason());
    assertTrue(read().status().message().contains("needs Secret(s) [aws-creds] there"));
    assertEquals(0, objectsIn(d), "nothing made before the refusal");

    fixtures.secret(
        d,
        "aws-creds",
        Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "never-logged"));
    new io.neo4jrestore.runner.kube.RawApi(cp.admin())
        .mergePatch(
            RestoreApi.path(ns, NAME),
            Map.of("metadata", Map.of("annotations", Map.of(Annotations.RETRY, "copied"))));
    out.reset();

    assertEquals(RunnerExit.SUCCEEDED, run(reading, "runner-2", cp.admin()), out.toString());

    Neo4jRestore r = read();
    assertEquals(DrillRecord.PASSED, r.status().drills().get(0).outcome(), out.toString());
    assertTrue(out.toString().contains("created in " + d), out.toString());
    Wait.until(
        "the drill's objects in " + d + " to be gone",
        Duration.ofSeconds(90),
        () -> objectsIn(d) == 0);
    assertEquals(0, drillObjects(), "nothing of the drill in the restore's namespace");
    assertTrue(
        r.metadata().finalizers() == null || r.metadata().finalizers().isEmpty(),
        "the finalizer is removed");
    assertFalse(out.toString().contains("never-logged"));
    assertTargetUntouched();
  }

  @Test
  void a_drill_in_another_namespace_deleted_while_its_runner_is_dead_is_cleaned_up_then_goes()
      throws Exception {
    String d = cp.createNamespace("drills");
    drillIn(d);
    fixtures.secret(
        d,
        "aws-creds",
        Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "never-logged"));
    runnerDiesAfter("POST", ".*/jobs");
    String selector = selector();
    assertTrue(objectsIn(d) > 0, "the dead runner left its server in " + d);
    assertTrue(read().metadata().finalizers().contains(DrillServer.FINALIZER));

    new io.neo4jrestore.runner.kube.RawApi(cp.admin())
        .call("DELETE", RestoreApi.path(ns, NAME), null, null, Map.of());
    assertTrue(objectsIn(d) > 0, "held by the finalizer: the garbage collector cannot reach " + d);
    // the runner Job's next pod
    RunnerExit exit = run();

    assertEquals(RunnerExit.CANNOT_RUN, exit, out.toString());
    assertTrue(out.toString().contains("the Neo4jRestore is being deleted"), out.toString());
    Wait.until(
        "the drill's objects in " + d + " to be gone",
        Duration.ofSeconds(90),
        () -> objectsIn(d, selector) == 0);
    Wait.until(
        "the restore to be gone",
        Duration.ofSeconds(30),
        () -> {
          try {
            read();
            return false;
          } catch (io.kubernetes.client.openapi.ApiException e) {
            return e.getCode() == 404;
          }
        });
    assertTargetUntouched();
  }

  @Test
  void deleting_the_restore_deletes_its_drill_objects_through_their_owners() throws Exception {
    runnerDiesAfter("POST", ".*/jobs");
    String selector = selector();
    String uid = read().metadata().uid();
    assertTrue(drillObjects(selector) > 0, "the dead runner left its server behind");

    new io.neo4jrestore.runner.kube.RawApi(cp.admin())
        .call("DELETE", RestoreApi.path(ns, NAME), null, null, Map.of());

    // the garbage collector: the restore owns the StatefulSet, which owns the rest
    Wait.until(
        "the drill's objects to be gone with the restore",
        Duration.ofSeconds(90),
        () -> drillObjects(selector) == 0);
    Wait.until(
        "the drill's restore Job to be gone with the restore",
        Duration.ofSeconds(90),
        () -> drillJobs(uid).isEmpty());
    assertTargetUntouched();
  }

  /** Waits until the runner created the Job {@code job}. */
  private void awaitJob(String job) {
    Wait.until(
        "the restore Job " + job,
        Duration.ofSeconds(60),
        () -> {
          try {
            new BatchV1Api(cp.admin()).readNamespacedJob(job, ns).execute();
            return true;
          } catch (io.kubernetes.client.openapi.ApiException e) {
            return false;
          }
        });
  }

  static String restoreJobName(Neo4jRestore r) {
    return io.neo4jrestore.api.ResourceNames.job(
        r.metadata().name(),
        r.metadata().uid(),
        r.metadata().generation(),
        null,
        io.neo4jrestore.api.JobRole.RESTORE);
  }
}

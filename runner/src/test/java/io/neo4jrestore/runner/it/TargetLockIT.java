package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.StepStatus;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One restore per target, on the real API server: two runners for two restores of one cluster,
 * started together; the Lease keeps the second {@code Pending} (naming the holder) until the first
 * has ended, or fails it with {@code LockTimeout} before it changed anything.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TargetLockIT {
  private ControlPlane cp;
  private FakeKubelet kubelet;
  private TargetFixtures fixtures;
  private String ns;
  private final ExecutorService runners = Executors.newCachedThreadPool();

  @BeforeAll
  void setUp(ControlPlane controlPlane, FakeKubelet fakeKubelet) {
    LenientJson.install();
    cp = controlPlane;
    kubelet = fakeKubelet;
    fixtures = new TargetFixtures(cp.admin());
  }

  @AfterAll
  void tearDown() {
    runners.shutdownNow();
    kubelet.autoCompleteJobs(true);
  }

  @BeforeEach
  void freshNamespace() throws Exception {
    ns = cp.createNamespace("lock");
    kubelet.autoCompleteJobs(false);
    fixtures.cluster(ns, "prod", "2025.04.0-enterprise", 2);
    for (String name : List.of("first", "second")) {
      fixtures.offlineRestore(ns, name);
    }
  }

  private Future<RunnerExit> start(
      String name, String pod, TestWiring wiring, ByteArrayOutputStream out) {
    return runners.submit(
        () ->
            new RunCommand(wiring, new PrintStream(out, true, StandardCharsets.UTF_8))
                .target(ns, name)
                .runnerPod(pod)
                .run(cp.admin()));
  }

  private Neo4jRestore read(String name) throws Exception {
    return fixtures.read(ns, name);
  }

  private String restoreJob(String name) throws Exception {
    return ResourceNames.job(name, read(name).metadata().uid(), 1, null, JobRole.RESTORE);
  }

  private static StepStatus step(Neo4jRestore r, String name) {
    return r.status() == null || r.status().steps() == null
        ? null
        : r.status().steps().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  private static String phase(Neo4jRestore r) {
    return r.status() == null ? null : r.status().phase();
  }

  @Test
  void two_restores_of_one_target_are_never_both_running() throws Exception {
    FakeDatabase database = new FakeDatabase().withDatabase("orders");
    ByteArrayOutputStream outA = new ByteArrayOutputStream();
    ByteArrayOutputStream outB = new ByteArrayOutputStream();
    Future<RunnerExit> a = start("first", "first-runner", TestWiring.with(database), outA);
    Wait.until(
        "the first restore to hold the target",
        Duration.ofSeconds(60),
        () -> step(read("first"), Steps.CLAIM) != null);
    Future<RunnerExit> b = start("second", "second-runner", TestWiring.with(database), outB);

    // watch both resources while they run: both Running at once must never be seen
    AtomicBoolean watching = new AtomicBoolean(true);
    List<String> bothRunning = Collections.synchronizedList(new ArrayList<>());
    Future<?> watcher =
        runners.submit(
            () -> {
              while (watching.get()) {
                Neo4jRestore first = read("first");
                Neo4jRestore second = read("second");
                if (Phases.RUNNING.equals(phase(first)) && Phases.RUNNING.equals(phase(second))) {
                  bothRunning.add(Instant.now().toString());
                }
                Thread.sleep(100);
              }
              return null;
            });

    Wait.until(
        "the second restore to wait, naming the holder",
        Duration.ofSeconds(60),
        () -> {
          Neo4jRestore second = read("second");
          return second.status() != null
              && second.status().message() != null
              && second.status().message().contains("restore first (runner pod first-runner)");
        });
    Neo4jRestore waiting = read("second");
    assertEquals(Phases.PENDING, waiting.status().phase());
    assertEquals(
        Reasons.WAITING_FOR_LOCK, waiting.status().condition(Conditions.RECONCILING).reason());
    assertEquals(Steps.RUNNING, step(waiting, Steps.LOCK_TARGET).state());
    assertNull(step(waiting, Steps.CLAIM), "not claimed while waiting");

    kubelet.finishJob(ns, restoreJob("first"), 0);
    assertEquals(RunnerExit.SUCCEEDED, a.get(120, TimeUnit.SECONDS), outA.toString());
    Wait.until(
        "the second restore's Job",
        Duration.ofSeconds(60),
        () ->
            new BatchV1Api(cp.admin())
                .listNamespacedJob(ns).execute().getItems().stream()
                    .anyMatch(j -> j.getMetadata().getName().startsWith("second-restore")));
    kubelet.finishJob(ns, restoreJob("second"), 0);
    assertEquals(RunnerExit.SUCCEEDED, b.get(120, TimeUnit.SECONDS), outB.toString());
    watching.set(false);
    watcher.get(10, TimeUnit.SECONDS);

    Neo4jRestore first = read("first");
    Neo4jRestore second = read("second");
    assertEquals(Phases.COMPLETED, first.status().phase());
    assertEquals(Phases.COMPLETED, second.status().phase(), outB.toString());
    assertTrue(bothRunning.isEmpty(), "both Running at " + bothRunning);
    assertFalse(
        Instant.parse(step(second, Steps.CLAIM).startTime())
            .isBefore(Instant.parse(first.status().completionTime())),
        "the second restore was claimed only after the first ended");
    assertTrue(outB.toString().contains("Lease"), outB.toString());
    assertEquals("", fixtures.clusterLeaseHolder(ns, "prod"), "released");
  }

  @Test
  void a_restore_that_cannot_get_the_lock_in_time_fails_clearly_and_changes_nothing()
      throws Exception {
    FakeDatabase firstDb = new FakeDatabase().withDatabase("orders");
    FakeDatabase secondDb = new FakeDatabase().withDatabase("orders");
    ByteArrayOutputStream outA = new ByteArrayOutputStream();
    Future<RunnerExit> a = start("first", "first-runner", TestWiring.with(firstDb), outA);
    Wait.until(
        "the first restore's Job to run",
        Duration.ofSeconds(60),
        () -> {
          StepStatus s = step(read("first"), Steps.RESTORE);
          return s != null && Steps.RUNNING.equals(s.state());
        });
    ByteArrayOutputStream outB = new ByteArrayOutputStream();
    RunnerExit exit =
        start(
                "second",
                "second-runner",
                TestWiring.with(secondDb).lockWait(Duration.ofSeconds(2)),
                outB)
            .get(60, TimeUnit.SECONDS);
    assertEquals(RunnerExit.FAILED, exit, outB.toString());
    Neo4jRestore second = read("second");
    assertEquals(Phases.FAILED, second.status().phase());
    assertEquals(Reasons.LOCK_TIMEOUT, second.status().condition(Conditions.READY).reason());
    String message = second.status().message();
    assertTrue(message.contains("restore first (runner pod first-runner)"), message);
    assertTrue(message.contains("changed nothing"), message);
    assertTrue(message.contains("restore.neo4j.neo4j.com/retry="), message);
    assertNull(step(second, Steps.CLAIM), "never claimed");
    assertTrue(secondDb.calls.isEmpty(), secondDb.calls.toString());
    assertNull(second.status().undo());
    assertTrue(
        new BatchV1Api(cp.admin())
            .listNamespacedJob(ns).execute().getItems().stream()
                .noneMatch(j -> j.getMetadata().getName().startsWith("second")),
        "no Job for the second restore");

    kubelet.finishJob(ns, restoreJob("first"), 0);
    assertEquals(RunnerExit.SUCCEEDED, a.get(120, TimeUnit.SECONDS), outA.toString());
  }
}

package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Condition;
import io.neo4jrestore.api.model.DrillRecord;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.drill.DrillServer;
import io.neo4jrestore.runner.neo4j.FakeNeo4j;
import io.neo4jrestore.runner.world.CallOrder;
import io.neo4jrestore.runner.world.JobOutcome;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Restore drills ({@code spec.drill}) in memory: the whole runner against the world, the backup
 * restored into a throw-away server, the assertions run there, and everything the drill created
 * deleted on success, on a failed assertion, on a failed restore Job and after a runner's death;
 * the real target is only read.
 */
class DrillInMemoryTest extends InMemoryDrills {
  @Test
  void a_drill_restores_into_a_throw_away_server_runs_the_assertions_and_deletes_what_it_created()
      throws Exception {
    Neo4jRestore r = drill(5);

    RunnerExit exit = run(r);

    Neo4jRestore done = stored();
    assertEquals(RunnerExit.SUCCEEDED, exit, out.toString());
    assertEquals(Phases.COMPLETED, done.status().phase(), done.status().message());
    Condition passed = done.status().condition(Conditions.DRILL_PASSED);
    assertEquals(Conditions.TRUE, passed.status());
    assertEquals(Reasons.DRILL_PASSED, passed.reason());
    assertEquals(Conditions.TRUE, done.status().condition(Conditions.READY).status());
    DrillRecord d = lastDrill();
    assertEquals(DrillRecord.PASSED, d.outcome());
    assertEquals(2, d.assertions());
    assertEquals(2, d.assertionsPassed());
    assertNull(d.failedAssertion());
    assertEquals("done", d.cleanup());
    assertNotNull(d.restoreDuration(), "the restore Job's time");
    assertNotNull(d.duration());
    // created in order, the server started only after the restore Job, then everything deleted
    String drill = DrillServer.name("r", done.metadata().uid());
    CallOrder.assertThat(world.calls())
        .inOrder(
            "createObject " + STS + "/" + drill,
            "createObject " + PVC + "/neo4j-data-" + drill + "-0",
            "createObject " + SVC + "/" + drill,
            "createJob ns/r-",
            "scale ns/" + drill + " 1",
            "deleteLabelled " + STS,
            "writeStatus ns/r phase=Completed")
        .never("deleteLabelled " + JOBS)
        .never("deleteLabelled " + PVC);
    assertNothingLeft();
    assertTargetUntouched();
    // the server created the restored database, then got each assertion as-is on it
    List<String> onServer =
        server.executed().stream()
            .filter(e -> !e.database().equals("system"))
            .map(FakeNeo4j.Executed::text)
            .toList();
    assertEquals(List.of(COUNT, SECRET_LOOKING), onServer);
    assertTrue(
        server.executed().stream().anyMatch(e -> e.text().startsWith("CREATE DATABASE $name")),
        "the restored store is mounted by CREATE DATABASE");
    assertTrue(
        world.events().stream()
            .anyMatch(e -> "Normal".equals(e.type()) && Reasons.DRILL_PASSED.equals(e.reason())),
        "a Normal DrillPassed event");
  }

  @Test
  void the_drill_server_of_an_operator_target_logs_in_with_the_admin_secrets_username_and_password()
      throws Exception {
    // the world's target is as the operator writes it: Secret keys username and password, read by
    // the server container as DB_USERNAME and DB_PASSWORD; its kubelet does not start a pod that
    // reads a Secret key that does not exist
    world.jobs().onCreate("r-", JobOutcome.HOLD);
    Neo4jRestore r = drill(5);
    RunContext c = drillBefore(Steps.RESTORE, r);

    var env =
        world
            .get(STS + "/" + DrillServer.name("r", r.metadata().uid()))
            .orElseThrow()
            .at("/spec/template/spec/containers/0/env");
    assertEquals(
        List.of("NEO4J_ACCEPT_LICENSE_AGREEMENT", "DB_USERNAME", "DB_PASSWORD", "NEO4J_AUTH"),
        names(env));
    assertEquals("username", env.get(1).at("/valueFrom/secretKeyRef/key").asText());
    assertEquals("password", env.get(2).at("/valueFrom/secretKeyRef/key").asText());
    assertEquals("$(DB_USERNAME)/$(DB_PASSWORD)", env.get(3).path("value").asText());
  }

  @Test
  void a_drill_of_a_target_whose_admin_secret_has_neo4j_auth_passes_with_that_key()
      throws Exception {
    Neo4jRestore r = drill(5);
    new io.neo4jrestore.runner.world.WorldFixtures(world)
        .adminSecret(NS, Map.of("NEO4J_AUTH", "neo4j/not-a-real-password"));
    world.jobs().onCreate("r-", JobOutcome.SUCCEED);

    RunnerExit exit = run(r);

    assertEquals(RunnerExit.SUCCEEDED, exit, out.toString());
    assertEquals(DrillRecord.PASSED, lastDrill().outcome());
    assertTrue(
        world.calls().stream()
            .noneMatch(call -> call.contains("DB_USERNAME") || call.contains("not-a-real")),
        "no password in a call");
    assertNothingLeft();
  }

  @Test
  void an_admin_secret_without_credentials_is_refused_before_the_drill_creates_anything()
      throws Exception {
    Neo4jRestore r = drill(5);
    new io.neo4jrestore.runner.world.WorldFixtures(world).adminSecret(NS, Map.of("user", "neo4j"));

    RunnerExit exit = run(r);

    Neo4jRestore failed = stored();
    assertEquals(RunnerExit.FAILED, exit, out.toString());
    assertEquals(Phases.FAILED, failed.status().phase());
    assertEquals(Reasons.CREDENTIALS_MISSING, failed.status().condition(Conditions.READY).reason());
    String message = failed.status().message();
    assertTrue(message.contains("admin Secret ns/neo4j-admin-secret"), message);
    assertTrue(message.contains("keys present: [user]"), message);
    CallOrder.assertThat(world.calls()).never("createObject ").never("createJob ");
    assertNothingLeft();
    assertTargetUntouched();
  }

  @Test
  void a_drill_server_that_cannot_start_fails_the_step_without_waiting_for_the_bound()
      throws Exception {
    Neo4jRestore r = drill(5);
    RunContext c = drillBefore(Steps.START_DRILL_SERVER, r);
    // the Secret rewritten after the server was made: the kubelet cannot set DB_USERNAME
    new io.neo4jrestore.runner.world.WorldFixtures(world)
        .adminSecret(NS, Map.of("NEO4J_AUTH", "neo4j/not-a-real-password"));
    java.time.Instant before = clock.instant();

    var f =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.neo4jrestore.runner.common.RestoreFailure.class,
            () -> new StartDrillServerStep().execute(c));

    assertEquals(Reasons.DRILL_SERVER_NOT_READY, f.reason());
    assertTrue(f.getMessage().contains("CreateContainerConfigError"), f.getMessage());
    assertTrue(
        f.getMessage().contains("couldn't find key username in Secret ns/neo4j-admin-secret"),
        f.getMessage());
    java.time.Duration waited = java.time.Duration.between(before, clock.instant());
    assertTrue(
        waited.compareTo(c.bounds().scaleUp()) < 0,
        "failed after " + waited + ", before the bound " + c.bounds().scaleUp());
  }

  private static List<String> names(com.fasterxml.jackson.databind.JsonNode env) {
    List<String> names = new java.util.ArrayList<>();
    env.forEach(e -> names.add(e.path("name").asText()));
    return names;
  }

  @Test
  void a_drill_runs_its_own_steps_in_the_documented_order_never_lock_stop_or_hooks() {
    assertEquals(Steps.DRILL_ORDER, Runner.DRILL_STEPS.stream().map(Step::name).toList());
    for (String never :
        List.of(
            Steps.LOCK_TARGET,
            Steps.PRE_RESTORE_HOOKS,
            Steps.PREPARE_DATABASE,
            Steps.STOP_CLUSTER,
            Steps.START_CLUSTER,
            Steps.POST_RESTORE_HOOKS)) {
      assertFalse(Steps.DRILL_ORDER.contains(never), never);
    }
  }

  @Test
  void the_restore_job_writes_the_throw_away_servers_claim_in_the_targets_image() throws Exception {
    world.jobs().onCreate("r-", JobOutcome.HOLD);
    Neo4jRestore r = drill(5);
    RunContext c = drillBefore(Steps.RESTORE, r);
    var job = DrillRestoreStep.build(c, CreateDrillServerStep.serverUid(c));

    var pod = job.getSpec().getTemplate().getSpec();
    String claim = "neo4j-data-" + DrillServer.name("r", r.metadata().uid()) + "-0";
    assertTrue(
        pod.getVolumes().stream()
            .anyMatch(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && claim.equals(v.getPersistentVolumeClaim().getClaimName())),
        "mounts the drill server's claim " + claim + ": " + pod.getVolumes());
    assertFalse(
        pod.getVolumes().stream()
            .anyMatch(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && v.getPersistentVolumeClaim().getClaimName().contains("graph-server")),
        "never the target's data volumes");
    assertEquals("neo4j:5.26.12-enterprise", pod.getContainers().get(0).getImage());
    var owner = job.getMetadata().getOwnerReferences().get(0);
    assertEquals("StatefulSet", owner.getKind(), "deleted with the drill server");
    assertEquals(DrillServer.name("r", r.metadata().uid()), owner.getName());
    assertEquals(
        0,
        world
            .cluster()
            .statefulSet(NS, DrillServer.name("r", r.metadata().uid()))
            .orElseThrow()
            .getSpec()
            .getReplicas(),
        "the server waits at 0 replicas");
  }

  @Test
  void a_failed_assertion_fails_the_drill_names_its_index_and_still_cleans_up() throws Exception {
    server.answering(SECRET_LOOKING, List.of(Map.of("x", false)));

    RunnerExit exit = run(drill(5));

    Neo4jRestore done = stored();
    assertEquals(RunnerExit.FAILED, exit, out.toString());
    assertEquals(Phases.FAILED, done.status().phase());
    Condition passed = done.status().condition(Conditions.DRILL_PASSED);
    assertEquals(Conditions.FALSE, passed.status());
    assertEquals(Reasons.ASSERTION_FAILED, passed.reason());
    assertEquals(Conditions.TRUE, done.status().condition(Conditions.STALLED).status());
    DrillRecord d = lastDrill();
    assertEquals(DrillRecord.FAILED, d.outcome());
    assertEquals(1, d.failedAssertion());
    assertEquals(1, d.assertionsPassed());
    assertEquals("done", d.cleanup());
    assertNothingLeft();
    assertTargetUntouched();
    String status = ApiMapper.json().writeValueAsString(done.status());
    assertFalse(status.contains("s3cr3t"), "no assertion text in status: " + status);
    assertFalse(
        world.events().stream().anyMatch(e -> e.message().contains("s3cr3t")),
        "no assertion text in events");
    assertTrue(
        world.events().stream()
            .anyMatch(
                e -> "Warning".equals(e.type()) && Reasons.ASSERTION_FAILED.equals(e.reason())),
        "a Warning AssertionFailed event");
  }

  @Test
  void an_assertion_that_returns_no_boolean_fails_the_drill() {
    assertNull(RunAssertionsStep.wrongAnswer(List.of(Map.of("ok", true))));
    assertEquals("it returned false", RunAssertionsStep.wrongAnswer(List.of(Map.of("ok", false))));
    assertEquals("it returned 0 rows, not 1", RunAssertionsStep.wrongAnswer(List.of()));
    assertEquals(
        "its row has 2 columns, not 1",
        RunAssertionsStep.wrongAnswer(List.of(Map.of("a", true, "b", true))));
    assertEquals(
        "its column is not a boolean", RunAssertionsStep.wrongAnswer(List.of(Map.of("n", 1000L))));
    assertEquals(
        "it returned 2 rows, not 1",
        RunAssertionsStep.wrongAnswer(List.of(Map.of("ok", true), Map.of("ok", true))));
  }

  @Test
  void a_failed_restore_job_fails_the_drill_and_cleans_up() throws Exception {
    world.jobs().onCreate("r-", JobOutcome.FAIL);

    RunnerExit exit = run(drill(5));

    Neo4jRestore done = stored();
    assertEquals(RunnerExit.FAILED, exit, out.toString());
    assertEquals(Phases.FAILED, done.status().phase());
    assertEquals(Conditions.FALSE, done.status().condition(Conditions.DRILL_PASSED).status());
    DrillRecord d = lastDrill();
    assertEquals(DrillRecord.FAILED, d.outcome());
    assertNull(d.failedAssertion());
    assertEquals(0, d.assertionsPassed());
    assertEquals("done", d.cleanup());
    String drill = DrillServer.name("r", done.metadata().uid());
    CallOrder.assertThat(world.calls()).never("scale ns/" + drill + " 1");
    assertNothingLeft();
    assertTargetUntouched();
  }

  @Test
  void status_keeps_the_last_keep_drills_newest_first_across_attempts() throws Exception {
    run(drill(2));
    server.answering(SECRET_LOOKING, List.of(Map.of("x", false)));
    clock.sleep(java.time.Duration.ofMinutes(1));
    retry("t2");
    run(stored());
    server.answering(SECRET_LOOKING, List.of(Map.of("x", true)));
    clock.sleep(java.time.Duration.ofMinutes(1));
    retry("t3");
    run(stored());

    List<DrillRecord> drills = stored().status().drills();
    assertEquals(2, drills.size(), "keep: 2");
    assertEquals(DrillRecord.PASSED, drills.get(0).outcome(), "newest first");
    assertEquals(DrillRecord.FAILED, drills.get(1).outcome());
    assertTrue(drills.get(0).startTime().compareTo(drills.get(1).startTime()) > 0);
    assertNothingLeft();
  }

  @Test
  void a_new_attempt_shows_the_last_drills_outcome_until_its_own() throws Exception {
    server.answering(SECRET_LOOKING, List.of(Map.of("x", false)));
    run(drill(5));
    retry("t2");

    Neo4jRestore fresh = Runner.freshAttemptIfNeeded(stored());

    assertNull(fresh.status().phase(), "a new attempt");
    assertEquals(1, fresh.status().drills().size());
    assertEquals(Conditions.FALSE, fresh.status().condition(Conditions.DRILL_PASSED).status());
  }

  @Test
  void a_replacement_runner_resumes_a_drill_whose_runner_died_and_cleans_up() throws Exception {
    diedDuringTheRestoreJob();

    RunnerExit exit = run(stored());

    assertEquals(RunnerExit.SUCCEEDED, exit, out.toString());
    assertEquals(DrillRecord.PASSED, lastDrill().outcome());
    CallOrder.assertThat(world.calls()).times("createJob ns/r-", 2);
    assertNothingLeft();
    assertTargetUntouched();
  }

  @Test
  void the_dispatcher_cleans_up_after_a_drill_whose_runner_is_gone() throws Exception {
    diedDuringTheRestoreJob();

    RunnerExit exit =
        new Runner(new PrintStream(out, true, StandardCharsets.UTF_8))
            .abandon(drillContext(stored()), "the runner Job failed (BackoffLimitExceeded)");

    Neo4jRestore done = stored();
    assertEquals(RunnerExit.FAILED, exit, out.toString());
    assertEquals(Phases.FAILED, done.status().phase());
    assertEquals(Reasons.RUNNER_LOST, done.status().condition(Conditions.DRILL_PASSED).reason());
    assertEquals(DrillRecord.FAILED, lastDrill().outcome());
    assertEquals("done", lastDrill().cleanup());
    assertNothingLeft();
    assertTargetUntouched();
  }

  @Test
  void a_drill_deletes_what_an_earlier_drill_left_before_it_creates_its_server() throws Exception {
    diedDuringTheRestoreJob();
    // the earlier attempt ended without its cleanup (e.g. its Failed status was written by hand)
    retry("t2");
    Neo4jRestore r = stored();
    Neo4jRestore fresh = r.withStatus(null);

    RunnerExit exit = run(fresh);

    assertEquals(RunnerExit.SUCCEEDED, exit, out.toString());
    String drill = DrillServer.name("r", r.metadata().uid());
    CallOrder.assertThat(world.calls())
        .inOrder(
            "createObject " + STS + "/" + drill,
            "deleteLabelled " + STS,
            "createObject " + STS + "/" + drill,
            "createObject " + PVC);
    assertNothingLeft();
  }

  /**
   * A runner that created the drill server and the restore Job, then died (no cleanup ran): its
   * status says Restore is Running.
   */
  private void diedDuringTheRestoreJob() throws Exception {
    world.jobs().onCreate("r-", JobOutcome.HOLD);
    RunContext c = drillContext(drill(5));
    for (Step s : Runner.DRILL_STEPS) {
      if (s.name().equals(Steps.RESTORE)) {
        break;
      }
      c.status().stepDone(s.name(), Steps.SUCCEEDED, s.execute(c), c.now());
    }
    c.status().stepRunning(Steps.RESTORE, null, c.now());
    c.save();
    c.cluster().createJob(NS, DrillRestoreStep.build(c, CreateDrillServerStep.serverUid(c)));
    world.jobs().onCreate("r-", JobOutcome.SUCCEED);
    String jobName = DrillRestoreStep.jobName(c);
    world.jobs().complete(NS, jobName);
    assertTrue(world.cluster().job(NS, jobName).isPresent());
  }
}

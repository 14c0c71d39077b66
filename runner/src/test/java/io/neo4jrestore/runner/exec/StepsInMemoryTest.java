package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.UndoRecord;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.world.JobOutcome;
import org.junit.jupiter.api.Test;

/**
 * Each step of {@link Runner#STEPS} alone, against the in-memory world: the steps before it run as
 * the runner runs them, then the step under test, and the test looks at what it changed (the calls,
 * in order), what it wrote, and what it refuses. Milliseconds each; the API-server ITs stay.
 */
class StepsInMemoryTest extends InMemorySteps {
  // --- 1 ResolveTarget ---

  @Test
  void resolve_target_reads_the_cluster_and_changes_nothing() throws Exception {
    RunContext c = context(offline());
    Since since = since();

    new ResolveTargetStep().execute(c);

    assertEquals("graph-server", c.target().statefulSet());
    assertEquals(3, c.target().servers());
    changesNothing(since.calls());
  }

  @Test
  void resolve_target_refuses_a_scale_down_that_would_delete_the_data_volumes() throws Exception {
    Neo4jRestore r = cluster("Delete").offlineRestore(NS, "r", "graph");
    RunContext c = context(r);
    Since since = since();

    RestoreFailure f = assertThrows(RestoreFailure.class, () -> new ResolveTargetStep().execute(c));

    assertEquals(Reasons.UNSAFE_SCALE_DOWN, f.reason());
    changesNothing(since.calls());
  }

  @Test
  void resolve_target_refuses_a_target_that_does_not_exist() throws Exception {
    Neo4jRestore r = cluster(null).offlineRestore(NS, "r", "elsewhere");
    RestoreFailure f =
        assertThrows(RestoreFailure.class, () -> new ResolveTargetStep().execute(context(r)));
    assertEquals(Reasons.TARGET_NOT_FOUND, f.reason());
  }

  // --- 2 LockTarget ---

  @Test
  void lock_target_takes_the_targets_lease_before_anything_changes() throws Exception {
    RunContext c = before(Steps.LOCK_TARGET, offline());
    Since since = since();

    new LockTargetStep().execute(c);

    since.calls().contains("lease.create ns/").never("scale ").never("annotate ");
  }

  // --- 3 Claim ---

  @Test
  void claim_writes_the_attempt_and_the_plan_it_follows() throws Exception {
    RunContext c = before(Steps.CLAIM, offline());

    new ClaimStep().execute(c);

    Neo4jRestore stored = world.restore(NS, "r");
    assertEquals(Phases.RUNNING, stored.status().phase());
    assertEquals("runner-pod", stored.status().attempt().runnerPod());
    assertEquals("graph", stored.status().attempt().plan().targetCluster());
    assertTrue(stored.status().attempt().plan().stopCluster());
  }

  // --- 4 ResolveSource ---

  @Test
  void resolve_source_pins_the_backup_and_changes_nothing() throws Exception {
    RunContext c = before(Steps.RESOLVE_SOURCE, offline());
    Since since = since();

    new ResolveSourceStep().execute(c);

    assertNotNull(c.status().resolvedSource());
    assertTrue(c.status().resolvedSource().location().contains("orders.backup"));
    since.calls().never("scale ").never("annotate ").never("createJob ");
  }

  @Test
  void resolve_source_refuses_a_neo4jbackup_that_does_not_exist() throws Exception {
    Neo4jRestore r = restore("source: {type: backup, backupRef: nightly}", "force: true");
    RunContext c = before(Steps.RESOLVE_SOURCE, r);

    RestoreFailure f = assertThrows(RestoreFailure.class, () -> new ResolveSourceStep().execute(c));

    assertEquals(Reasons.SOURCE_NOT_FOUND, f.reason());
  }

  // --- 5 VerifyBackup ---

  @Test
  void verify_backup_inspects_nothing_unless_asked() throws Exception {
    RunContext c = before(Steps.VERIFY_BACKUP, offline());
    Since since = since();

    new VerifyBackupStep().execute(c);

    assertEquals(Reasons.NOT_REQUESTED, c.status().condition(Conditions.BACKUP_VERIFIED).reason());
    changesNothing(since.calls());
  }

  @Test
  void a_verification_job_that_fails_fails_the_step_before_anything_changes() throws Exception {
    Neo4jRestore r =
        restore(S3, "force: true", "stopCluster: true", "options: {verifyBackup: true}");
    RunContext c = before(Steps.VERIFY_BACKUP, r);
    world.jobs().onCreate("", JobOutcome.FAIL);
    Since since = since();

    assertThrows(RestoreFailure.class, () -> new VerifyBackupStep().execute(c));

    since.calls().contains("createJob ns/").never("scale ").never("annotate ");
  }

  // --- 6 PreRestoreHooks, 12 PostRestoreHooks ---

  /** An offline restore with a Cypher hook before and after. */
  Neo4jRestore hooked() {
    return restore(
        S3,
        "force: true",
        "stopCluster: true",
        "options:",
        "  preRestore: {cypherStatements: [\"CREATE (:Marker {at: 'before'})\"]}",
        "  postRestore: {cypherStatements: [\"MATCH (n) RETURN count(n)\"]}");
  }

  @Test
  void pre_restore_hooks_run_their_statements_before_the_database_is_stopped() throws Exception {
    RunContext c = before(Steps.PRE_RESTORE_HOOKS, hooked());

    new PreRestoreHooksStep().execute(c);

    assertTrue(
        neo4j.statements().stream().anyMatch(s -> s.text().contains("Marker")),
        neo4j.statements().toString());
    assertTrue(neo4j.database("orders").orElseThrow().allOnline());
  }

  @Test
  void post_restore_hooks_run_after_bring_up() throws Exception {
    RunContext c = before(Steps.POST_RESTORE_HOOKS, hooked());

    new PostRestoreHooksStep().execute(c);

    assertTrue(
        neo4j.statements().stream().anyMatch(s -> s.text().contains("count(n)")),
        neo4j.statements().toString());
  }

  // --- 7 PrepareDatabase ---

  @Test
  void prepare_database_records_the_stop_before_it_stops_the_database() throws Exception {
    RunContext c = before(Steps.PREPARE_DATABASE, offline());
    Since since = since();

    new PrepareDatabaseStep().execute(c);

    since.calls().contains("writeStatus ns/r");
    UndoRecord stored = world.restore(NS, "r").status().undo();
    assertTrue(stored.databaseStopped(), "written before the STOP");
    assertTrue(neo4j.database("orders").orElseThrow().allStopped());
  }

  @Test
  void prepare_database_refuses_to_replace_an_existing_database_without_force() throws Exception {
    Neo4jRestore r = restore(S3, "stopCluster: true");
    RunContext c = before(Steps.PREPARE_DATABASE, r);

    RestoreFailure f =
        assertThrows(RestoreFailure.class, () -> new PrepareDatabaseStep().execute(c));

    assertEquals(Reasons.DATABASE_EXISTS, f.reason());
    assertTrue(neo4j.database("orders").orElseThrow().allOnline());
  }

  // --- 8 StopCluster ---

  @Test
  void stop_cluster_records_the_replicas_and_volumes_then_pauses_then_scales_to_zero()
      throws Exception {
    RunContext c = before(Steps.STOP_CLUSTER, offline());
    Since since = since();

    new StopClusterStep().execute(c);

    since.calls().inOrder("writeStatus ns/r", "annotate " + TARGET_PATH, "scale ns/graph-server 0");
    assertEquals(0, replicas());
    UndoRecord undo = world.restore(NS, "r").status().undo();
    assertEquals(3, undo.originalReplicas());
    assertEquals(3, undo.dataVolumes().size());
    assertEquals(
        c.name(),
        world.cluster().annotations(TARGET_PATH).get(Annotations.OPERATOR_RESTORE_IN_PROGRESS));
  }

  @Test
  void stop_cluster_is_skipped_for_an_online_restore() throws Exception {
    Neo4jRestore r = restore(S3, "force: true", "stopCluster: false");
    RunContext c = before(Steps.STOP_CLUSTER, r);
    assertTrue(!new StopClusterStep().applies(c));
  }

  // --- 9 Restore ---

  @Test
  void restore_creates_the_restore_job_on_the_stopped_target_and_waits_for_it() throws Exception {
    RunContext c = before(Steps.RESTORE, offline());
    Since since = since();

    new RestoreStep().execute(c);

    since.calls().contains("createJob ns/" + restoreJob(c)).never("scale ");
    assertEquals(restoreJob(c), c.status().undo().restoreJob());
  }

  @Test
  void a_restore_job_that_fails_fails_the_step_and_marks_the_store_as_maybe_incomplete()
      throws Exception {
    RunContext c = before(Steps.RESTORE, offline());
    world.jobs().onCreate(restoreJob(c), JobOutcome.FAIL);

    RestoreFailure f = assertThrows(RestoreFailure.class, () -> new RestoreStep().execute(c));

    assertEquals(Reasons.JOB_FAILED, f.reason());
    assertTrue(c.status().undo().storeMayBeIncomplete());
    assertEquals(0, replicas(), "putting back is compensation's work");
  }

  // --- 10 StartCluster ---

  @Test
  void start_cluster_scales_back_checks_the_volumes_and_lifts_the_pause() throws Exception {
    RunContext c = before(Steps.START_CLUSTER, offline());
    Since since = since();

    new StartClusterStep().execute(c);

    assertBackUp(since);
    assertEquals(Conditions.TRUE, c.status().condition(Conditions.DATA_VOLUMES_INTACT).status());
  }

  @Test
  void start_cluster_on_a_replaced_data_volume_fails_after_the_target_is_back_up()
      throws Exception {
    RunContext c = before(Steps.START_CLUSTER, offline());
    world.delete("/api/v1/namespaces/ns/persistentvolumeclaims/data-graph-server-1");

    RestoreFailure f = assertThrows(RestoreFailure.class, () -> new StartClusterStep().execute(c));

    assertEquals(Reasons.DATA_VOLUME_REPLACED, f.reason());
    assertTrue(f.getMessage().contains("data-graph-server-1"), f.getMessage());
    assertEquals(3, replicas());
    assertEquals(Conditions.FALSE, c.status().condition(Conditions.DATA_VOLUMES_INTACT).status());
  }

  // --- 11 BringUpDatabase ---

  @Test
  void bring_up_starts_the_restored_database_on_every_server() throws Exception {
    RunContext c = before(Steps.BRING_UP_DATABASE, offline());

    new BringUpDatabaseStep().execute(c);

    assertTrue(neo4j.database("orders").orElseThrow().allOnline());
  }

  @Test
  void bring_up_refuses_to_start_on_replaced_volumes() throws Exception {
    RunContext c = before(Steps.BRING_UP_DATABASE, offline());
    c.status()
        .condition(
            Conditions.DATA_VOLUMES_INTACT,
            Conditions.FALSE,
            Reasons.DATA_VOLUME_REPLACED,
            "replaced",
            c.generation(),
            c.now());
    int statements = neo4j.statements().size();

    RestoreFailure f =
        assertThrows(RestoreFailure.class, () -> new BringUpDatabaseStep().execute(c));

    assertEquals(Reasons.DATA_VOLUME_REPLACED, f.reason());
    assertEquals(statements, neo4j.statements().size(), "no statement was sent");
  }

  // --- 13 Finish ---

  @Test
  void finish_completes_with_ready_true() throws Exception {
    RunContext c = before(Steps.FINISH, offline());

    new FinishStep().execute(c);

    assertEquals(Phases.COMPLETED, c.status().phase());
    assertEquals(Conditions.TRUE, c.status().condition(Conditions.READY).status());
  }
}

package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.AttemptPlan;
import io.neo4jrestore.api.model.AttemptStatus;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.PlannedHook;
import io.neo4jrestore.runner.status.StatusDraft;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The claimed plan: what goes into status, the digests, and what a resumed runner does. */
class ClaimedPlanTest {
  private static final String UID = "0b5c2a4e-1111-2222-3333-444455556666";

  /** The claimed spec; its hooks and additional arguments never go into status. */
  private static final String CLAIMED =
      """
      {"targetCluster": "prod", "databaseName": "orders",
       "source": {"type": "s3", "storage": {"type": "s3", "bucket": "b"}, "backupPath": "/o.backup"},
       "force": true, "stopCluster": true, "timeout": "2h",
       "options": {"verifyBackup": true, "additionalArgs": ["--verbose"],
         "preRestore": {"cypherStatements": ["ALTER USER app SET PASSWORD 'hunter2'"],
           "job": {"timeout": "5m", "template": {"backoffLimit": 1, "container": {
             "image": "busybox:1.36", "command": ["sh", "-c", "true"],
             "env": [{"name": "TOKEN", "value": "s3cr3t"}]}}}},
         "postRestore": {"cypherStatements": ["CALL db.awaitIndexes(300)"]}}}
      """;

  /** The same spec, every object's keys in another order. */
  private static final String REORDERED =
      """
      {"options": {"postRestore": {"cypherStatements": ["CALL db.awaitIndexes(300)"]},
         "preRestore": {"job": {"template": {"container": {
             "env": [{"value": "s3cr3t", "name": "TOKEN"}], "command": ["sh", "-c", "true"],
             "image": "busybox:1.36"}, "backoffLimit": 1}, "timeout": "5m"},
           "cypherStatements": ["ALTER USER app SET PASSWORD 'hunter2'"]},
         "additionalArgs": ["--verbose"], "verifyBackup": true},
       "timeout": "2h", "stopCluster": true, "force": true,
       "source": {"backupPath": "/o.backup", "storage": {"bucket": "b", "type": "s3"}, "type": "s3"},
       "databaseName": "orders", "targetCluster": "prod"}
      """;

  private static Neo4jRestoreSpec spec(String json) throws Exception {
    return ApiMapper.json().readValue(json, Neo4jRestoreSpec.class);
  }

  private static AttemptPlan plan(Neo4jRestoreSpec spec) {
    return ClaimedPlan.of(
        spec,
        "Neo4jEnterpriseCluster",
        WaitBounds.of(RunnerSettings.defaults(), spec.timeout()),
        UID);
  }

  /**
   * The resource as a resumed runner reads it: claimed with {@code plan}, its spec now {@code now}.
   */
  private static Neo4jRestore running(AttemptPlan plan, Neo4jRestoreSpec now, String phase) {
    StatusDraft status = new StatusDraft(null);
    status.phase(phase, null);
    status.observe(1);
    status.attempt(new AttemptStatus(1L, null, "job", "pod", 0, "2026-01-01T00:00:00Z", plan));
    return fresh(now).withStatus(status.build());
  }

  /** The resource at generation 2, without status. */
  private static Neo4jRestore fresh(Neo4jRestoreSpec spec) {
    return Neo4jRestore.of(
        new io.neo4jrestore.api.model.ObjectMeta(
            "r", null, "ns", UID, "7", 2L, null, null, null, null, null, null),
        spec);
  }

  @Test
  void the_plan_shows_flags_bounds_and_hook_identities_but_no_statement_env_or_argument()
      throws Exception {
    AttemptPlan p = plan(spec(CLAIMED));
    assertEquals("Neo4jEnterpriseCluster", p.targetKind());
    assertEquals("prod", p.targetCluster());
    assertEquals("s3 b/o.backup", p.source());
    assertEquals(true, p.force());
    assertEquals(true, p.stopCluster());
    assertEquals(false, p.replaceExisting());
    assertEquals(true, p.verifyBackup());
    assertEquals("2h", p.timeout());
    assertEquals(7200L, p.bounds().restoreJob());
    assertEquals(
        List.of(
            new PlannedHook("preRestore", "cypher", 1, null, null),
            new PlannedHook("preRestore", "job", null, "busybox:1.36", "5m"),
            new PlannedHook("postRestore", "cypher", 1, null, null)),
        p.hooks());
    assertEquals(
        Set.of("source", "options.additionalArgs", "options.preRestore", "options.postRestore"),
        p.pinned().keySet());
    String status = ApiMapper.toJson(p);
    for (String secret : List.of("hunter2", "s3cr3t", "TOKEN", "--verbose", "awaitIndexes")) {
      assertFalse(status.contains(secret), secret + " must not go into status: " + status);
    }
    assertTrue(p.pinned().values().stream().allMatch(d -> d.matches("sha256:[0-9a-f]{64}")));
  }

  @Test
  void digests_do_not_depend_on_the_order_of_json_fields() throws Exception {
    assertEquals(ClaimedPlan.pinned(spec(CLAIMED), UID), ClaimedPlan.pinned(spec(REORDERED), UID));
    assertEquals(
        "{\"a\":{\"b\":1,\"c\":[{\"d\":2,\"e\":3}]},\"z\":true}",
        ClaimedPlan.canonical(
            ApiMapper.json().readTree("{\"z\":true,\"a\":{\"c\":[{\"e\":3,\"d\":2}],\"b\":1}}")));
  }

  @Test
  void digests_are_salted_with_the_resource_so_equal_hooks_of_two_restores_differ()
      throws Exception {
    assertNotEquals(
        ClaimedPlan.pinned(spec(CLAIMED), UID).get("options.preRestore"),
        ClaimedPlan.pinned(spec(CLAIMED), "another-uid").get("options.preRestore"));
  }

  @Test
  void status_does_not_count_only_the_spec_does() throws Exception {
    AttemptPlan p = plan(spec(CLAIMED));
    Neo4jRestore r = running(p, spec(REORDERED), Phases.RUNNING);
    StatusDraft other = new StatusDraft(r.status());
    other.phase(Phases.RUNNING, "something else");
    other.startTime(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    other.countError();
    for (Neo4jRestore seen : List.of(r, r.withStatus(other.build()))) {
      ClaimedPlan.Resume resume = ClaimedPlan.resume(seen);
      assertEquals(List.of(), resume.edited());
      assertEquals(List.of(), resume.changed());
      assertFalse(resume.specEdited());
    }
  }

  @Test
  void a_resumed_runner_follows_every_kept_field_from_the_plan_not_the_edited_spec()
      throws Exception {
    Neo4jRestoreSpec claimed = spec(CLAIMED);
    AttemptPlan p = plan(claimed);
    Neo4jRestoreSpec edited =
        spec(
            CLAIMED
                .replace("\"force\": true", "\"force\": false")
                .replace("\"stopCluster\": true", "\"stopCluster\": false")
                .replace("\"timeout\": \"2h\"", "\"timeout\": \"1m\"")
                .replace(
                    "\"verifyBackup\": true",
                    "\"verifyBackup\": false, \"replaceExisting\": true"));
    ClaimedPlan.Resume resume = ClaimedPlan.resume(running(p, edited, Phases.RUNNING));
    assertEquals(
        List.of(
            "force", "stopCluster", "timeout", "options.replaceExisting", "options.verifyBackup"),
        resume.edited());
    assertEquals(List.of(), resume.changed());
    Neo4jRestoreSpec followed = resume.restore().spec();
    assertTrue(followed.forceOrDefault());
    assertTrue(followed.stopClusterOrDefault());
    assertEquals("2h", followed.timeout());
    assertEquals(true, followed.options().verifyBackup());
    assertEquals(false, followed.options().replaceExisting());
    assertEquals(claimed.options().preRestore(), followed.options().preRestore());
    assertEquals(1L, resume.restore().metadata().generation(), "the claimed generation");
    assertEquals(2L, resume.liveGeneration());
  }

  @Test
  void an_edit_of_a_field_kept_only_as_a_digest_is_named() throws Exception {
    AttemptPlan p = plan(spec(CLAIMED));
    Map<String, String> edits =
        Map.of(
            "options.preRestore", CLAIMED.replace("hunter2", "hunter3"),
            "options.postRestore", CLAIMED.replace("(300)", "(600)"),
            "options.additionalArgs", CLAIMED.replace("--verbose", "--parallel-recovery"),
            "source", CLAIMED.replace("/o.backup", "/p.backup"));
    edits.forEach(
        (field, json) -> {
          try {
            ClaimedPlan.Resume resume = ClaimedPlan.resume(running(p, spec(json), Phases.RUNNING));
            assertEquals(List.of(field), resume.changed(), field);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    ClaimedPlan.Resume removed =
        ClaimedPlan.resume(
            running(
                p, spec(CLAIMED.replace("\"additionalArgs\": [\"--verbose\"],", "")), "Running"));
    assertEquals(List.of("options.additionalArgs"), removed.changed(), "a removed field counts");
  }

  @Test
  void without_an_attempt_in_progress_the_spec_as_read_is_followed() throws Exception {
    Neo4jRestoreSpec now = spec(CLAIMED.replace("hunter2", "hunter3"));
    AttemptPlan p = plan(spec(CLAIMED));
    for (Neo4jRestore r :
        List.of(running(p, now, Phases.FAILED), running(null, now, Phases.RUNNING), fresh(now))) {
      ClaimedPlan.Resume resume = ClaimedPlan.resume(r);
      assertFalse(resume.specEdited());
      assertEquals(now, resume.restore().spec());
    }
  }

  @Test
  void a_changed_field_ends_the_attempt_before_the_first_step_that_would_read_it() {
    Set<String> none = Set.of();
    List<String> hooks = List.of("options.postRestore");
    assertFalse(ClaimedPlan.endsBefore(Steps.RESOLVE_TARGET, hooks, none, false), "reads only");
    assertFalse(ClaimedPlan.endsBefore(Steps.CLAIM, hooks, none, false), "records the resume");
    assertTrue(ClaimedPlan.endsBefore(Steps.RESOLVE_SOURCE, hooks, none, false), "at once");
    Set<String> ran = Set.copyOf(Steps.ORDER.subList(0, Steps.ORDER.indexOf(Steps.FINISH)));
    assertFalse(
        ClaimedPlan.endsBefore(Steps.FINISH, hooks, ran, false), "nothing left reads the hooks");
    assertFalse(
        ClaimedPlan.endsBefore(
            Steps.FINISH,
            List.of("options.preRestore", "source", "options.additionalArgs"),
            ran,
            false));
    assertTrue(ClaimedPlan.endsBefore(Steps.FINISH, List.of("a.future.field"), ran, false));
  }

  @Test
  void a_drill_ends_before_its_own_steps_in_its_own_order() {
    List<String> drill = List.of("drill");
    Set<String> upToServer =
        Set.of(Steps.RESOLVE_TARGET, Steps.CLAIM, Steps.RESOLVE_SOURCE, Steps.VERIFY_BACKUP);
    assertTrue(
        ClaimedPlan.endsBefore(
            Steps.DRILL_ORDER, Steps.CREATE_DRILL_SERVER, drill, upToServer, false));
    Set<String> upToAssertions =
        Set.of(
            Steps.RESOLVE_TARGET,
            Steps.CLAIM,
            Steps.RESOLVE_SOURCE,
            Steps.VERIFY_BACKUP,
            Steps.CREATE_DRILL_SERVER,
            Steps.RESTORE,
            Steps.START_DRILL_SERVER,
            Steps.BRING_UP_DATABASE);
    assertTrue(
        ClaimedPlan.endsBefore(
            Steps.DRILL_ORDER, Steps.RUN_ASSERTIONS, drill, upToAssertions, false));
  }

  @Test
  void a_restore_job_already_started_is_waited_for_then_the_arguments_no_longer_matter() {
    List<String> args = List.of("options.additionalArgs");
    Set<String> upToRestore =
        Set.copyOf(Steps.ORDER.subList(0, Steps.ORDER.indexOf(Steps.RESTORE)));
    assertTrue(ClaimedPlan.endsBefore(Steps.RESTORE, args, upToRestore, false), "not created yet");
    assertFalse(ClaimedPlan.endsBefore(Steps.RESTORE, args, upToRestore, true), "in flight");
    Set<String> withRestore =
        Set.copyOf(Steps.ORDER.subList(0, Steps.ORDER.indexOf(Steps.START_CLUSTER)));
    assertFalse(ClaimedPlan.endsBefore(Steps.START_CLUSTER, args, withRestore, false));
  }

  @Test
  void once_the_restore_is_done_the_database_is_brought_up_before_the_attempt_ends() {
    List<String> post = List.of("options.postRestore");
    Set<String> upToStopCluster =
        Set.copyOf(Steps.ORDER.subList(0, Steps.ORDER.indexOf(Steps.RESTORE)));
    assertTrue(
        ClaimedPlan.endsBefore(Steps.RESTORE, post, upToStopCluster, false),
        "before the restore: at once, the target is put back as it was");
    Set<String> withRestore =
        Set.copyOf(Steps.ORDER.subList(0, Steps.ORDER.indexOf(Steps.START_CLUSTER)));
    assertFalse(ClaimedPlan.endsBefore(Steps.START_CLUSTER, post, withRestore, false));
    Set<String> upToHooks =
        Set.copyOf(Steps.ORDER.subList(0, Steps.ORDER.indexOf(Steps.POST_RESTORE_HOOKS)));
    assertFalse(ClaimedPlan.endsBefore(Steps.BRING_UP_DATABASE, post, withRestore, false));
    assertTrue(
        ClaimedPlan.endsBefore(Steps.POST_RESTORE_HOOKS, post, upToHooks, false),
        "only the hooks it cannot run as claimed are left");
  }

  @Test
  void the_message_names_the_fields_the_generations_and_what_comes_next() throws Exception {
    AttemptPlan p = plan(spec(CLAIMED));
    ClaimedPlan.Resume resume =
        ClaimedPlan.resume(running(p, spec(CLAIMED.replace("(300)", "(600)")), Phases.RUNNING));
    String m = ClaimedPlan.message("r", "ns", 1, resume, Steps.PREPARE_DATABASE);
    assertTrue(m.startsWith("spec.options.postRestore changed since generation 1"), m);
    assertTrue(m.contains("now generation 2"), m);
    assertTrue(m.contains("before PrepareDatabase"), m);
    assertTrue(m.contains("The edit is the next attempt"), m);
  }

  @Test
  void the_recorded_bounds_are_the_ones_a_resumed_runner_waits_with() throws Exception {
    AttemptPlan p = plan(spec(CLAIMED));
    assertEquals(WaitBounds.of(RunnerSettings.defaults(), "2h"), ClaimedPlan.bounds(p));
  }
}

package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Condition;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.StepStatus;
import io.neo4jrestore.runner.RunCommand;
import io.neo4jrestore.runner.common.Sleeper;
import io.neo4jrestore.runner.exec.ClaimedPlan;
import io.neo4jrestore.runner.exec.RestoreJobFactory;
import io.neo4jrestore.runner.exec.RunnerSettings;
import io.neo4jrestore.runner.kube.ClusterOps;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.runner.lock.LockSettings;
import io.neo4jrestore.runner.neo4j.DatabasePort;
import io.neo4jrestore.runner.target.Target;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import io.neo4jrestore.testenv.Wait;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fault matrix, on the real API server: one offline restore of an existing database into a
 * two-server cluster (every step runs), then
 *
 * <ul>
 *   <li>the runner killed after each of its status writes (every step boundary and every undo
 *       record), and a new runner started: the restore completes;
 *   <li>each fault injected in each step that reaches its injection point: the restore ends {@code
 *       Failed}, the cluster is back at its replicas and Ready, the pause annotation is gone, the
 *       database is started (unless its store may be half-written: then it is left stopped with
 *       {@code RestoreIncomplete}, by design), and the Lease is released; a transient fault (the
 *       API server unavailable once) is survived: the step runs again and the restore completes;
 *   <li>compensation itself refused: {@code CompensationFailed} with the commands to run.
 * </ul>
 *
 * <p>The matrix is built from what happened, printed, and written to {@code
 * target/fault-matrix.md}; docs/reliability.md carries a copy.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultMatrixIT {
  private static final String RESTORE = "matrix";
  private static final String STS = "prod-server";
  private static final String STS_CLAIM_1 = "data-prod-server-1";
  private static final String KILLED = "runner killed, new runner started";
  private static final String BEFORE = "(before the first step)";
  private static final String WHEN_SCALED_DELETE =
      "target StatefulSet has whenScaled: Delete (scale-down would delete its PVCs)";

  private static final String PLAN_BEGIN = "<!-- spec-edit matrix: written by FaultMatrixIT -->";
  private static final String PLAN_END = "<!-- end of the spec-edit matrix -->";
  private static final String AFTER_HOOKS = "PrepareDatabase Running";
  private static final String JOB_STARTED = "status update in Restore";

  /**
   * One edit of a mutable field, as a JSON merge patch of the spec. {@code source} is immutable
   * (the CRD's CEL rule refuses the edit); it is checked for an API server that skips CEL.
   */
  private record Edit(String field, Map<String, Object> patch) {}

  private static final List<Edit> EDITS =
      List.of(
          new Edit("force", Map.of("force", false)),
          new Edit("stopCluster", Map.of("stopCluster", false)),
          new Edit("timeout", Map.of("timeout", "1m")),
          new Edit("options.replaceExisting", Map.of("options", Map.of("replaceExisting", true))),
          new Edit("options.verifyBackup", Map.of("options", Map.of("verifyBackup", true))),
          new Edit(
              "options.additionalArgs",
              Map.of("options", Map.of("additionalArgs", List.of("--verbose")))),
          new Edit("options.preRestore", hook("preRestore", "CALL db.checkpoint() // edited")),
          new Edit("options.postRestore", hook("postRestore", "CALL db.awaitIndexes(600)")),
          new Edit("source", Map.of("source", Map.of("backupPath", "/orders-2.backup"))));

  private static Map<String, Object> hook(String phase, String statement) {
    return Map.of("options", Map.of(phase, Map.of("cypherStatements", List.of(statement))));
  }

  private ControlPlane cp;
  private FakeKubelet kubelet;
  private TargetFixtures fixtures;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private Map<String, Set<Faults.Point>> reached;
  private List<String> baselineWrites;
  private List<String> baselineSteps;
  private final Map<String, Map<String, String>> cells = new LinkedHashMap<>();
  private final List<String> killRows = new ArrayList<>();
  private final Map<String, Map<String, Set<String>>> editCells = new LinkedHashMap<>();
  private final List<String> editRuns = new ArrayList<>();

  @BeforeAll
  void baseline(ControlPlane controlPlane, FakeKubelet fakeKubelet) throws Exception {
    LenientJson.install();
    cp = controlPlane;
    kubelet = fakeKubelet;
    kubelet.autoCompleteJobs(true);
    fixtures = new TargetFixtures(cp.admin());
    Scenario s = new Scenario();
    Faults observe = new Faults();
    assertEquals(RunnerExit.SUCCEEDED, s.run(observe, "baseline-runner"), s.out.toString());
    s.assertCompleted();
    reached = observe.hits();
    baselineWrites = observe.writes();
    baselineSteps = observe.started();
  }

  @AfterAll
  void printMatrix() throws Exception {
    pool.shutdownNow();
    kubelet.autoCompleteJobs(true);
    String matrix = matrix();
    System.out.println(matrix);
    Path file = Path.of("target", "fault-matrix.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, matrix);
    if (!editCells.isEmpty()) {
      String edits = editMatrix();
      System.out.println(edits);
      Files.writeString(Path.of("target", "spec-edit-matrix.md"), edits);
      Path doc = ControlPlaneExtension.repoRoot().resolve("docs/reliability.md");
      String text = Files.readString(doc);
      int from = text.indexOf(PLAN_BEGIN);
      int to = text.indexOf(PLAN_END);
      if (from >= 0 && to > from) {
        Files.writeString(
            doc, text.substring(0, from + PLAN_BEGIN.length()) + "\n" + edits + text.substring(to));
      }
    }
  }

  @Test
  @Order(1)
  void a_runner_killed_after_any_status_write_is_resumed_by_the_next_and_the_restore_completes()
      throws Exception {
    List<String> problems = new ArrayList<>();
    for (int k = 1; k <= baselineWrites.size(); k++) {
      String write = baselineWrites.get(k - 1);
      int after = k;
      Scenario s = new Scenario();
      ExecutionException killed =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class,
              () -> s.run(new Faults().killAfterWrite(after), "runner-1"));
      assertTrue(killed.getCause() instanceof Faults.RunnerKilled, String.valueOf(killed));
      // every edit, checked against the resume decision at this very point (no run each)
      Neo4jRestore left = s.read();
      boolean jobStarted = s.restoreJobExists();
      for (Edit e : EDITS) {
        String decided = decide(left, e, jobStarted, problems);
        editCells
            .computeIfAbsent(stepOf(write), x -> new LinkedHashMap<>())
            .computeIfAbsent(e.field(), x -> new LinkedHashSet<>())
            .add(decided);
      }
      RunnerExit exit = s.run(new Faults(), "runner-2");
      String outcome;
      try {
        assertEquals(RunnerExit.SUCCEEDED, exit, s.out.toString());
        s.assertCompleted();
        outcome = "resumed: Completed, " + s.targetState();
      } catch (AssertionError e) {
        outcome = "NOT RESUMED: " + e.getMessage();
        problems.add("kill after write " + k + " (" + write + "): " + e.getMessage());
      }
      killRows.add("| " + k + " | " + write + " | " + outcome + " |");
      String step = stepOf(write);
      cells
          .computeIfAbsent(step, x -> new LinkedHashMap<>())
          .merge(KILLED, "1", (a, b) -> Integer.toString(Integer.parseInt(a) + 1));
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  @Order(2)
  void a_fault_in_any_step_ends_failed_with_the_target_put_back() throws Exception {
    List<String> problems = new ArrayList<>();
    for (String step : stepsRun()) {
      for (Faults.Kind kind : Faults.Kind.values()) {
        Set<Faults.Point> points = reached.getOrDefault(step, Set.of());
        if (!points.contains(kind.point)) {
          cell(step, kind.title, "—");
          continue;
        }
        Scenario s = new Scenario();
        Hold hold = kind == Faults.Kind.DEADLINE_EXCEEDED ? holdFor(step, s) : Hold.NONE;
        Faults faults =
            new Faults()
                .arm(kind, step)
                .onRestoreJob(job -> kubelet.finishJob(s.ns, job, 1))
                .onVolumes(() -> s.deleteClaim(STS_CLAIM_1))
                .onEnter(step, hold::arm);
        RunnerExit exit;
        try {
          // released once the runner gave up on the step (it logs that before compensating)
          exit =
              s.run(faults, "runner-1", () -> s.out.toString().contains("FAILED ("), hold::release);
        } finally {
          hold.release();
        }
        String outcome;
        try {
          assertTrue(faults.fired(), kind + " never fired in " + step);
          if (kind.survived) {
            assertEquals(RunnerExit.SUCCEEDED, exit, s.out.toString());
            s.assertCompleted();
            outcome = "step run again: Completed, " + s.targetState();
          } else {
            assertEquals(RunnerExit.FAILED, exit, s.out.toString());
            outcome = s.assertFailedAndPutBack();
          }
        } catch (AssertionError e) {
          outcome = "NOT PUT BACK: " + e.getMessage();
          problems.add(kind.title + " in " + step + ": " + e.getMessage());
        }
        cell(step, kind.title, outcome);
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  @Order(3)
  void compensation_that_fails_says_so_loudly_with_the_commands_to_run() throws Exception {
    Scenario s = new Scenario();
    Faults faults = new Faults().arm(Faults.Kind.SCALE_REFUSED, Steps.START_CLUSTER);
    faults.breakCompensation();
    assertEquals(RunnerExit.FAILED, s.run(faults, "runner-1"), s.out.toString());
    Neo4jRestore r = s.read();
    assertEquals(Phases.FAILED, r.status().phase());
    Condition failed = r.status().condition(Conditions.COMPENSATION_FAILED);
    assertEquals(Conditions.TRUE, failed.status(), String.valueOf(failed));
    String scale = "kubectl -n " + s.ns + " scale statefulset/" + STS + " --replicas=2";
    String start = "START DATABASE `orders`";
    for (String text :
        List.of(
            failed.message(), r.status().message(), s.eventMessage(Reasons.COMPENSATION_FAILED))) {
      assertTrue(text.contains(scale), text);
      assertTrue(text.contains(start), text);
    }
    assertTrue(r.status().message().contains("COMPENSATION FAILED"), r.status().message());
    assertEquals(0, s.statefulSet().getSpec().getReplicas(), "really left at 0: the test is real");
  }

  @Test
  @Order(4)
  void an_offline_restore_that_would_delete_the_data_volumes_is_refused_before_anything_changes()
      throws Exception {
    Scenario s = new Scenario("Delete");
    Map<String, String> claims = fixtures.boundClaims(s.ns, "data", STS, 2);
    assertEquals(RunnerExit.FAILED, s.run(new Faults(), "runner-1"), s.out.toString());
    Neo4jRestore r = s.read();
    assertEquals(Phases.FAILED, r.status().phase());
    assertEquals(Reasons.UNSAFE_SCALE_DOWN, r.status().condition(Conditions.READY).reason());
    s.assertTargetBack();
    assertEquals(claims, fixtures.boundClaims(s.ns, "data", STS, 2), "the same claims");
    assertEquals(List.of(), s.database.calls, "the database was not even stopped");
    cell(
        Steps.RESOLVE_TARGET,
        WHEN_SCALED_DELETE,
        "Failed (UnsafeScaleDown) before anything changed; "
            + s.targetState()
            + ", same PVC UIDs; orders never stopped");
  }

  @Test
  @Order(5)
  void a_resumed_runner_follows_the_claimed_plan_and_the_edit_is_the_next_attempt()
      throws Exception {
    Scenario s = new Scenario();
    s.killAfter(AFTER_HOOKS);
    s.editSpec(Map.of("force", false, "stopCluster", false, "timeout", "1m"));
    assertEquals(RunnerExit.SUCCEEDED, s.run(new Faults(), "runner-2"), s.out.toString());
    s.assertCompleted();
    Neo4jRestore r = s.read();
    assertEquals(1L, r.status().attempt().generation(), "the claimed generation completed");
    assertTrue(
        r.status().condition(Conditions.JOB_CREATED).message().contains("(offline)"),
        "stopCluster as claimed");
    assertTrue(
        s.out.toString().contains("following the claimed plan for spec.force, spec.stopCluster"),
        s.out.toString());
    // the edit is the next attempt: force: false on an existing database is refused at once
    assertEquals(RunnerExit.FAILED, s.run(new Faults(), "runner-3"), s.out.toString());
    r = s.read();
    assertEquals(2L, r.status().attempt().generation());
    assertEquals(false, r.status().attempt().plan().force());
    assertEquals(Reasons.DATABASE_EXISTS, r.status().condition(Conditions.READY).reason());
    editRuns.add(
        "| `force`, `stopCluster`, `timeout` | "
            + AFTER_HOOKS
            + " | resumed: Completed as claimed (offline, force, 6h bounds); then generation 2 is"
            + " the next attempt: Failed (DatabaseExists) before anything changed |");
  }

  @Test
  @Order(6)
  void an_edited_hook_ends_the_resumed_attempt_with_plan_changed_before_anything_changes()
      throws Exception {
    Scenario s = new Scenario();
    s.killAfter(AFTER_HOOKS);
    s.editSpec(hook("postRestore", "CALL db.awaitIndexes(600)"));
    assertEquals(RunnerExit.FAILED, s.run(new Faults(), "runner-2"), s.out.toString());
    Neo4jRestore r = s.read();
    assertEquals(Reasons.PLAN_CHANGED, r.status().condition(Conditions.READY).reason());
    String message = r.status().message();
    assertTrue(message.contains("spec.options.postRestore changed since generation 1"), message);
    assertTrue(message.contains("before PrepareDatabase"), message);
    String outcome = s.assertFailedAndPutBack();
    assertTrue(s.database.calls.stream().noneMatch(c -> c.startsWith("stop")), "never stopped");
    assertEquals(RunnerExit.SUCCEEDED, s.run(new Faults(), "runner-3"), s.out.toString());
    s.assertCompleted();
    assertEquals(2L, s.read().status().attempt().generation());
    assertTrue(
        s.database.calls.contains("cypher orders CALL db.awaitIndexes(600)"),
        s.database.calls.toString());
    editRuns.add(
        "| `options.postRestore` | "
            + AFTER_HOOKS
            + " | resumed: "
            + outcome
            + ", orders never stopped; then generation 2 Completed with the edited hook |");
  }

  @Test
  @Order(7)
  void a_restore_job_already_started_is_awaited_whatever_its_arguments_say_now() throws Exception {
    Scenario s = new Scenario();
    s.killAfter(JOB_STARTED);
    s.editSpec(Map.of("options", Map.of("additionalArgs", List.of("--verbose"))));
    assertEquals(RunnerExit.SUCCEEDED, s.run(new Faults(), "runner-2"), s.out.toString());
    s.assertCompleted();
    assertTrue(s.out.toString().contains("changed: spec.options.additionalArgs"), s.out.toString());
    assertEquals(1L, s.read().status().attempt().generation());
    editRuns.add(
        "| `options.additionalArgs` | "
            + JOB_STARTED
            + " (the restore Job exists) | resumed: the Job made from the claimed plan is awaited,"
            + " nothing left reads the arguments: Completed as claimed, "
            + s.targetState()
            + " |");
  }

  @Test
  @Order(8)
  void a_runner_that_lives_through_an_edit_restores_what_it_claimed() throws Exception {
    Scenario s = new Scenario();
    Faults faults =
        new Faults()
            .onEnter(
                Steps.PREPARE_DATABASE,
                () -> {
                  Map<String, Object> patch = new LinkedHashMap<>();
                  patch.put("force", false);
                  patch.put("stopCluster", false);
                  patch.putAll(hook("postRestore", "CALL db.awaitIndexes(600)"));
                  s.editSpec(patch);
                });
    assertEquals(RunnerExit.SUCCEEDED, s.run(faults, "runner-1"), s.out.toString());
    s.assertCompleted();
    Neo4jRestore r = s.read();
    assertEquals(1L, r.status().attempt().generation());
    assertEquals(2L, r.metadata().generation());
    assertTrue(r.status().condition(Conditions.JOB_CREATED).message().contains("(offline)"));
    assertTrue(s.database.calls.contains("cypher orders CALL db.awaitIndexes(300)"));
    assertTrue(!s.database.calls.contains("cypher orders CALL db.awaitIndexes(600)"));
    editRuns.add(
        "| `force`, `stopCluster`, `options.postRestore` | none: edited while the runner is in"
            + " PrepareDatabase | the same runner: Completed as claimed (offline, the claimed"
            + " hook), its status writes do not take up the edited spec |");
  }

  /**
   * What a runner resumed after {@code left} does once {@code e} is applied, from the resume
   * decision itself ({@link ClaimedPlan}); anything that would run a different restore is a
   * problem.
   */
  private static String decide(
      Neo4jRestore left, Edit e, boolean jobStarted, List<String> problems) {
    if (left.status() == null
        || left.status().attempt() == null
        || left.status().attempt().plan() == null) {
      return "not claimed yet: the edit is claimed";
    }
    if (Phases.isTerminal(left.status().phase())) {
      return "ended: the edit is the next attempt";
    }
    JsonNodeMerge merged = new JsonNodeMerge(left.spec(), e.patch());
    Neo4jRestore edited =
        new Neo4jRestore(
            left.apiVersion(),
            left.kind(),
            left.metadata().withGeneration(left.metadata().generation() + 1),
            merged.spec(),
            left.status());
    ClaimedPlan.Resume resume = ClaimedPlan.resume(edited);
    Set<String> done = new HashSet<>();
    for (StepStatus st : left.status().steps()) {
      if (Steps.SUCCEEDED.equals(st.state()) || Steps.SKIPPED.equals(st.state())) {
        done.add(st.name());
      }
    }
    String followed = ApiMapper.toJson(resume.restore().spec());
    if (resume.changed().isEmpty() && !followed.equals(ApiMapper.toJson(normal(left.spec())))) {
      problems.add(e.field() + " after " + done + ": follows " + followed);
    }
    if (resume.edited().contains(e.field()) == resume.changed().contains(e.field())) {
      problems.add(e.field() + ": neither followed from the plan nor pinned: " + resume);
    }
    for (String step : Steps.ORDER) {
      if (done.contains(step)) {
        continue;
      }
      if (ClaimedPlan.endsBefore(
          step, resume.changed(), done, Steps.RESTORE.equals(step) && jobStarted)) {
        var undo = left.status().undo();
        return "PlanChanged before "
            + step
            + (Steps.RESTORE.equals(step) && undo != null && undo.is(undo.storeMayBeIncomplete())
                ? " (ends RestoreIncomplete: the restore Job's name was recorded, it may have run)"
                : "");
      }
      done.add(step); // it ran: the runner asks again before the next one
    }
    return "claimed plan";
  }

  /** The claimed spec as the plan restates it (absent flags written as false). */
  private static Neo4jRestoreSpec normal(Neo4jRestoreSpec spec) {
    return new Neo4jRestoreSpec(
        spec.targetCluster(),
        spec.source(),
        spec.databaseName(),
        spec.options() == null
            ? null
            : new io.neo4jrestore.api.model.RestoreOptions(
                Boolean.TRUE.equals(spec.options().replaceExisting()),
                Boolean.TRUE.equals(spec.options().verifyBackup()),
                spec.options().additionalArgs(),
                spec.options().preRestore(),
                spec.options().postRestore()),
        spec.forceOrDefault(),
        spec.stopClusterOrDefault(),
        spec.timeout(),
        spec.drill());
  }

  /** A JSON merge patch (RFC 7386) applied to a spec. */
  private record JsonNodeMerge(Neo4jRestoreSpec base, Map<String, Object> patch) {
    Neo4jRestoreSpec spec() {
      com.fasterxml.jackson.databind.JsonNode tree = ApiMapper.json().valueToTree(base);
      merge(
          (com.fasterxml.jackson.databind.node.ObjectNode) tree,
          ApiMapper.json().valueToTree(patch));
      return ApiMapper.json().convertValue(tree, Neo4jRestoreSpec.class);
    }

    private static void merge(
        com.fasterxml.jackson.databind.node.ObjectNode target,
        com.fasterxml.jackson.databind.JsonNode patch) {
      patch
          .properties()
          .forEach(
              e -> {
                com.fasterxml.jackson.databind.JsonNode old = target.get(e.getKey());
                if (e.getValue().isObject() && old != null && old.isObject()) {
                  merge((com.fasterxml.jackson.databind.node.ObjectNode) old, e.getValue());
                } else {
                  target.set(e.getKey(), e.getValue());
                }
              });
    }
  }

  /** The spec-edit matrix: for each kill point's step, what the resumed runner does per edit. */
  private String editMatrix() {
    StringBuilder md = new StringBuilder();
    md.append("| runner killed in | ");
    md.append(String.join(" | ", EDITS.stream().map(e -> "`" + e.field() + "`").toList()));
    md.append(" |\n").append("|---".repeat(EDITS.size() + 1)).append("|\n");
    for (Map.Entry<String, Map<String, Set<String>>> row : editCells.entrySet()) {
      md.append("| ").append(row.getKey());
      for (Edit e : EDITS) {
        md.append(" | ")
            .append(String.join("; ", row.getValue().getOrDefault(e.field(), Set.of())));
      }
      md.append(" |\n");
    }
    md.append("\n| edited | runner killed right after | outcome (real runs) |\n|---|---|---|\n");
    editRuns.forEach(r -> md.append(r).append('\n'));
    return md.toString();
  }

  /** Something to do that may fail. */
  @FunctionalInterface
  private interface Action {
    void run() throws Exception;
  }

  private interface Hold {
    Hold NONE =
        new Hold() {
          @Override
          public void arm() {}

          @Override
          public void release() {}
        };

    void arm() throws Exception;

    void release() throws Exception;
  }

  /**
   * A deadline passes (the clock jumps a day) while the awaited thing is held back, so the step's
   * wait cannot end in time by luck. Steps that wait on something else need a hold here.
   */
  private Hold holdFor(String step, Scenario s) {
    return switch (step) {
      case Steps.STOP_CLUSTER ->
          new Hold() {
            @Override
            public void arm() throws Exception {
              s.finalizePods(List.of("neo4j-restore.test/hold"));
            }

            @Override
            public void release() throws Exception {
              s.finalizePods(null);
            }
          };
      case Steps.RESTORE ->
          new Hold() {
            @Override
            public void arm() {
              kubelet.autoCompleteJobs(false);
            }

            @Override
            public void release() throws Exception {
              kubelet.finishJob(s.ns, s.restoreJob(), 0);
              kubelet.autoCompleteJobs(true);
            }
          };
      case Steps.START_CLUSTER ->
          new Hold() {
            @Override
            public void arm() {
              kubelet.holdNotReady(s.ns, STS + "-0", true);
              kubelet.holdNotReady(s.ns, STS + "-1", true);
            }

            @Override
            public void release() {
              kubelet.holdNotReady(s.ns, STS + "-0", false);
              kubelet.holdNotReady(s.ns, STS + "-1", false);
            }
          };
      default -> Hold.NONE;
    };
  }

  private void cell(String step, String column, String text) {
    cells.computeIfAbsent(step, x -> new LinkedHashMap<>()).put(column, text);
  }

  /** The steps the baseline ran, in order. */
  private List<String> stepsRun() {
    return Steps.ORDER.stream().filter(baselineSteps::contains).toList();
  }

  private static String stepOf(String write) {
    if (write.startsWith("Pending")) {
      return BEFORE;
    }
    String first = write.split(" ")[0];
    if (Steps.ORDER.contains(first)) {
      return first;
    }
    String last = write.substring(write.lastIndexOf(' ') + 1);
    if (write.startsWith("undo record in ")) {
      last = write.substring("undo record in ".length(), write.indexOf(':'));
    }
    return Steps.ORDER.contains(last) ? last : BEFORE;
  }

  private String matrix() {
    StringBuilder md = new StringBuilder();
    List<String> columns = new ArrayList<>();
    columns.add(KILLED);
    for (Faults.Kind k : Faults.Kind.values()) {
      columns.add(k.title);
    }
    columns.add(WHEN_SCALED_DELETE);
    md.append("| step | ").append(String.join(" | ", columns)).append(" |\n");
    md.append("|---".repeat(columns.size() + 1)).append("|\n");
    List<String> rows = new ArrayList<>();
    if (cells.containsKey(BEFORE)) {
      rows.add(BEFORE);
    }
    rows.addAll(stepsRun());
    for (String step : rows) {
      Map<String, String> row = cells.getOrDefault(step, Map.of());
      md.append("| ").append(step);
      for (String c : columns) {
        String v = row.get(c);
        if (c.equals(KILLED) && v != null) {
          v = "after each of " + v + " write(s): completed";
        }
        if (c.equals(KILLED) && v == null && !step.equals(BEFORE)) {
          v = "no write of its own (the next write carries it)";
        }
        boolean notApplicable = step.equals(BEFORE) || c.equals(WHEN_SCALED_DELETE);
        md.append(" | ").append(v == null ? (notApplicable ? "—" : "not run") : v);
      }
      md.append(" |\n");
    }
    md.append("\n| # | runner killed right after status write | outcome |\n|---|---|---|\n");
    killRows.forEach(r -> md.append(r).append('\n'));
    return md.toString();
  }

  /**
   * One restore in a namespace of its own: a two-server cluster with an existing database, a
   * pre-restore and a post-restore statement.
   */
  private final class Scenario {
    final String ns;
    final FakeDatabase database = new FakeDatabase().withDatabase("orders");
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Scenario() throws Exception {
      this(null);
    }

    /** With the StatefulSet's {@code whenScaled} retention policy (null: none). */
    Scenario(String whenScaled) throws Exception {
      ns = cp.createNamespace("matrix");
      fixtures.cluster(ns, "prod", "2025.04.0-enterprise", 2, whenScaled);
      fixtures.offlineRestoreWithHooks(ns, RESTORE);
    }

    /** Deletes a claim of the target (at 0 replicas nothing uses it) and waits until it is gone. */
    void deleteClaim(String claim) {
      try {
        CoreV1Api core = new CoreV1Api(cp.admin());
        core.deleteNamespacedPersistentVolumeClaim(claim, ns).execute();
        Wait.until(
            claim + " to be gone",
            Duration.ofSeconds(60),
            () -> {
              try {
                core.readNamespacedPersistentVolumeClaim(claim, ns).execute();
                return false;
              } catch (io.kubernetes.client.openapi.ApiException e) {
                return e.getCode() == 404;
              }
            });
      } catch (io.kubernetes.client.openapi.ApiException e) {
        throw new IllegalStateException("cannot delete " + claim + ": " + e.getResponseBody(), e);
      }
    }

    RunnerExit run(Faults faults, String pod) throws Exception {
      return run(faults, pod, () -> false, () -> {});
    }

    /** Runs one runner to its end; {@code release} runs once {@code when} holds. */
    RunnerExit run(Faults faults, String pod, Wait.Check when, Action release) throws Exception {
      ApiClient client = ControlPlane.client(cp.adminKubeconfig());
      client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(faults).build());
      RunCommand.Wiring wiring = new Wiring(faults, database);
      Future<RunnerExit> runner =
          pool.submit(
              () -> {
                faults.runnerThread(Thread.currentThread());
                return new RunCommand(wiring, faults.log(out))
                    .target(ns, RESTORE)
                    .runnerPod(pod)
                    .run(client);
              });
      boolean released = false;
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (!runner.isDone() && System.nanoTime() < end) {
        if (!released && when.test()) {
          release.run();
          released = true;
        }
        Thread.sleep(100);
      }
      return runner.get(10, TimeUnit.SECONDS);
    }

    Neo4jRestore read() throws Exception {
      return fixtures.read(ns, RESTORE);
    }

    /** Runs a runner until it is killed right after the status write {@code label}. */
    void killAfter(String label) {
      ExecutionException killed =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class, () -> run(new Faults().killAfter(label), "runner-1"));
      assertTrue(killed.getCause() instanceof Faults.RunnerKilled, String.valueOf(killed));
    }

    /** Edits the spec as a user would (a merge patch: a new generation). */
    void editSpec(Map<String, Object> patch) throws Exception {
      fixtures.editSpec(ns, RESTORE, patch);
    }

    boolean restoreJobExists() throws Exception {
      try {
        new io.kubernetes.client.openapi.apis.BatchV1Api(cp.admin())
            .readNamespacedJob(restoreJob(), ns)
            .execute();
        return true;
      } catch (io.kubernetes.client.openapi.ApiException e) {
        if (e.getCode() == 404) {
          return false;
        }
        throw e;
      }
    }

    String restoreJob() throws Exception {
      return ResourceNames.job(RESTORE, read().metadata().uid(), 1, null, JobRole.RESTORE);
    }

    V1StatefulSet statefulSet() throws Exception {
      return new AppsV1Api(cp.admin()).readNamespacedStatefulSet(STS, ns).execute();
    }

    Map<String, String> targetAnnotations() throws Exception {
      return fixtures.clusterAnnotations(ns, "prod");
    }

    String leaseHolder() throws Exception {
      return fixtures.clusterLeaseHolder(ns, "prod");
    }

    String eventMessage(String reason) throws Exception {
      return fixtures.eventMessage(ns, RESTORE, reason);
    }

    /** Sets (or with null removes) finalizers on the target's pods, holding them when deleted. */
    void finalizePods(List<String> finalizers) throws Exception {
      for (String pod : List.of(STS + "-0", STS + "-1")) {
        try {
          new RawApi(cp.admin())
              .mergePatch(
                  "/api/v1/namespaces/" + ns + "/pods/" + pod,
                  Map.of("metadata", java.util.Collections.singletonMap("finalizers", finalizers)));
        } catch (io.kubernetes.client.openapi.ApiException e) {
          if (e.getCode() != 404) {
            throw e;
          }
        }
      }
    }

    /** "2/2 Ready", after waiting for readiness to settle (the runner saw it already). */
    String targetState() throws Exception {
      V1StatefulSet sts = statefulSet();
      Integer ready = sts.getStatus() == null ? null : sts.getStatus().getReadyReplicas();
      return (ready == null ? 0 : ready) + "/" + sts.getSpec().getReplicas() + " Ready";
    }

    void assertTargetBack() throws Exception {
      V1StatefulSet sts = statefulSet();
      assertEquals(2, sts.getSpec().getReplicas(), "replicas of " + STS);
      assertEquals(2, sts.getStatus().getReadyReplicas(), "ready replicas of " + STS);
      Map<String, String> annotations = targetAnnotations();
      assertTrue(
          !annotations.containsKey(Annotations.OPERATOR_RESTORE_IN_PROGRESS)
              && !annotations.containsKey(Annotations.UNDO_ORIGINAL_REPLICAS),
          "annotations left on the target: " + annotations);
    }

    void assertCompleted() throws Exception {
      Neo4jRestore r = read();
      assertEquals(Phases.COMPLETED, r.status().phase(), r.status().message() + "\n" + out);
      Condition volumes = r.status().condition(Conditions.DATA_VOLUMES_INTACT);
      assertEquals(Conditions.TRUE, volumes.status(), "same PVCs after the scale-up: " + volumes);
      assertTargetBack();
      assertTrue(database.online("orders"), "orders online: " + database.calls);
    }

    /** The outcome of a failed restore, after checking the target is back. */
    String assertFailedAndPutBack() throws Exception {
      Neo4jRestore r = read();
      assertEquals(Phases.FAILED, r.status().phase(), r.status().message());
      String reason = r.status().condition(Conditions.READY).reason();
      Condition compensation = r.status().condition(Conditions.COMPENSATION_FAILED);
      assertTrue(
          compensation == null || !Conditions.TRUE.equals(compensation.status()),
          "compensation failed: " + r.status().message());
      assertTargetBack();
      assertEquals("", leaseHolder(), "the Lease is released");
      String db;
      if (Reasons.RESTORE_INCOMPLETE.equals(reason)) {
        assertTrue(r.status().message().contains("left STOPPED"), r.status().message());
        db = "orders left stopped on purpose (store may be half-written; retry command given)";
      } else if (Reasons.DATA_VOLUME_REPLACED.equals(reason)) {
        assertTrue(r.status().message().contains(STS_CLAIM_1), r.status().message());
        assertTrue(r.status().message().contains("left STOPPED"), r.status().message());
        assertEquals(
            Conditions.FALSE, r.status().condition(Conditions.DATA_VOLUMES_INTACT).status());
        assertTrue(!database.online("orders"), "not started: " + database.calls);
        assertTrue(
            database.calls.stream().noneMatch(call -> call.startsWith("bringUp")),
            "never brought up: " + database.calls);
        db =
            "orders left stopped on purpose, never brought up (DataVolumesIntact=False names the"
                + " PVC)";
      } else {
        assertTrue(database.online("orders"), "orders started again: " + database.calls);
        db = "orders online";
      }
      return "Failed (" + reason + "); " + targetState() + "; " + db;
    }
  }

  /** TestWiring's settings, with the faults' clock, sleeper and Neo4j side. */
  private static final class Wiring implements RunCommand.Wiring {
    private final Faults faults;
    private final FakeDatabase database;
    private final TestWiring base;

    Wiring(Faults faults, FakeDatabase database) {
      this.faults = faults;
      this.database = database;
      this.base = TestWiring.with(database);
    }

    @Override
    public Function<Target, DatabasePort> databases(ClusterOps cluster) {
      return target -> faults.database(database);
    }

    @Override
    public RestoreJobFactory jobs() {
      return base.jobs();
    }

    @Override
    public RunnerSettings settings() {
      return base.settings();
    }

    @Override
    public LockSettings lockSettings() {
      return base.lockSettings();
    }

    @Override
    public Clock clock() {
      return faults.clock;
    }

    @Override
    public Sleeper sleeper() {
      return faults;
    }
  }
}

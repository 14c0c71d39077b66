package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.AttemptStatus;
import io.neo4jrestore.api.model.DrillRecord;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.StepStatus;
import io.neo4jrestore.api.model.UndoRecord;
import io.neo4jrestore.api.validation.RestoreValidator;
import io.neo4jrestore.api.validation.SchemaValidator;
import io.neo4jrestore.api.validation.Violation;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.status.StatusDraft;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One restore attempt, as a table of contents: the steps in order, each recorded in status before
 * and after it runs; on failure the compensating steps, then {@code Failed} with a reason and what
 * to do next.
 */
public final class Runner {
  static final List<Step> STEPS =
      List.of(
          new ResolveTargetStep(),
          new LockTargetStep(),
          new ClaimStep(),
          new ResolveSourceStep(),
          new VerifyBackupStep(),
          new PreRestoreHooksStep(),
          new PrepareDatabaseStep(),
          new StopClusterStep(),
          new RestoreStep(),
          new StartClusterStep(),
          new BringUpDatabaseStep(),
          new PostRestoreHooksStep(),
          new FinishStep());

  // --- restore drills (issue #18) ---

  /**
   * A drill's steps ({@code spec.drill}): the target is resolved but never locked or changed; the
   * backup goes into a throw-away server, the assertions run there, and everything the drill
   * created is deleted, also when it fails ({@link #fail}).
   */
  static final List<Step> DRILL_STEPS =
      List.of(
          new ResolveTargetStep(),
          new ClaimStep(),
          new ResolveSourceStep(),
          new VerifyBackupStep(),
          new CreateDrillServerStep(),
          new DrillRestoreStep(),
          new StartDrillServerStep(),
          new DrillBringUpStep(),
          new RunAssertionsStep(),
          new CleanUpDrillStep(),
          new FinishDrillStep());

  static List<Step> steps(RunContext c) {
    return c.isDrill() ? DRILL_STEPS : STEPS;
  }

  /** Steps that always run again on a resumed attempt (they read, lock, or record who runs). */
  static final List<String> ALWAYS = List.of(Steps.RESOLVE_TARGET, Steps.LOCK_TARGET, Steps.CLAIM);

  private final PrintStream log;

  public Runner(PrintStream log) {
    this.log = log;
  }

  /** Runs the restore the context was built for and returns the exit code. */
  public RunnerExit run(Function<Neo4jRestore, RunContext> contexts, Neo4jRestore restore) {
    if (isDone(restore)) {
      log(
          "nothing to do: "
              + name(restore)
              + " is already "
              + restore.status().phase()
              + " for generation "
              + restore.metadata().generation());
      return RunnerExit.SUCCEEDED;
    }
    // an attempt in progress follows the plan it claimed, whatever the spec says now
    ClaimedPlan.Resume resume = ClaimedPlan.resume(freshAttemptIfNeeded(restore));
    RunContext c = contexts.apply(resume.restore());
    try {
      List<Violation> violations = validate(c.restore());
      if (!violations.isEmpty()) {
        throw new RestoreFailure(
            Reasons.INVALID_SPEC,
            "the resource is invalid: "
                + violations
                + "; fix it (kubectl edit neo4jrestore "
                + c.name()
                + ") and the new generation is restored");
      }
      OperatorClaim.check(c);
      if (resume.specEdited()) {
        log(
            "the spec was edited since generation "
                + c.generation()
                + " was claimed (now "
                + resume.liveGeneration()
                + "): following the claimed plan"
                + (resume.edited().isEmpty()
                    ? ""
                    : " for spec." + String.join(", spec.", resume.edited()))
                + (resume.changed().isEmpty()
                    ? ""
                    : "; kept only as digests, changed: spec."
                        + String.join(", spec.", resume.changed()))
                + "; the edit is the next attempt");
      }
      if (c.status().phase() == null) {
        // written with the first write (the claim, or a wait for the target's lock)
        c.status().phase(Phases.PENDING, "runner " + c.runnerPod() + " starting");
        c.status().observe(c.generation());
      }
      for (Step step : steps(c)) {
        runStep(c, step, resume);
      }
      c.save();
      c.event("Normal", "Completed", c.status().build().message());
      log("completed: " + c.status().build().message());
      return RunnerExit.SUCCEEDED;
    } catch (RestoreFailure f) {
      return fail(c, f);
    } catch (ApiException e) {
      if (Transient.is(e)) {
        log(
            "the API server is unavailable ("
                + describe(e)
                + "); exiting so that the Job retries and resumes");
        return RunnerExit.CANNOT_RUN;
      }
      return fail(
          c,
          new RestoreFailure(
              Reasons.INTERNAL_ERROR, "Kubernetes API call refused: " + describe(e), false, e));
    } catch (Exception e) {
      return fail(c, new RestoreFailure(Reasons.INTERNAL_ERROR, "internal error: " + e, false, e));
    } finally {
      c.closeDatabase();
      c.closeWatches();
      c.endLock();
    }
  }

  /**
   * The CRD's schema and rules, checked again on what was read: an older CRD, one edited by hand,
   * or a server that skips CEL must not let an invalid spec reach a Job or Neo4j. Schema first,
   * then the rules (as the API server does).
   */
  static List<Violation> validate(Neo4jRestore restore) {
    List<Violation> schema =
        SchemaValidator.validate(io.neo4jrestore.api.json.ApiMapper.json().valueToTree(restore));
    return schema.isEmpty() ? RestoreValidator.validate(restore) : schema;
  }

  /**
   * The dispatcher's cleanup after an ended drill whose own cleanup failed (docs/drills.md): the
   * drill server is deleted by label, as the runner would have, and its {@code status.drills} entry
   * then says who deleted it and when. Nothing else of the status changes. A cleanup that fails
   * again changes nothing: the next sweep tries again. A drill being deleted (its finalizer holds
   * the deletion) is cleaned up the same way, and its finalizer removed, with nothing recorded.
   */
  public RunnerExit cleanUpLeftDrill(RunContext c) {
    List<DrillRecord> drills = c.status().drills();
    boolean deleted = c.restore().metadata().deletionTimestamp() != null;
    if (!deleted && (drills.isEmpty() || !drills.get(0).leftItsServer())) {
      return RunnerExit.SUCCEEDED;
    }
    String how = DrillOutcome.cleanUp(c, this::log);
    if (!"done".equals(how)) {
      log("the drill server of " + c.namespace() + "/" + c.name() + " is still left: " + how);
      return RunnerExit.CANNOT_RUN;
    }
    if (deleted) {
      // the finalizer is off: the resource goes, with nothing left to record it on
      log("drill cleanup of " + c.namespace() + "/" + c.name() + " (being deleted): done");
      return RunnerExit.SUCCEEDED;
    }
    DrillRecord last = drills.get(0);
    String done =
        "done by the dispatcher at "
            + StatusDraft.time(c.now())
            + ", after the drill's own cleanup had failed";
    c.status().drill(last.withCleanup(done), drills.size());
    try {
      c.save();
    } catch (ApiException e) {
      log("the drill server is deleted; cannot record it: HTTP " + e.getCode());
      return RunnerExit.CANNOT_RUN;
    }
    c.event(
        "Normal",
        Reasons.DRILL_CLEANED_UP,
        "the drill server of " + last.startTime() + ": " + done);
    log("drill cleanup of " + c.namespace() + "/" + c.name() + ": " + done);
    return RunnerExit.SUCCEEDED;
  }

  /**
   * The dispatcher's compensation for a runner that is gone for good: the target is put back as
   * after a failure, and the restore ends {@code Failed} with reason {@code RunnerLost} and {@code
   * why} (the Kubernetes reason).
   */
  public RunnerExit abandon(RunContext c, String why) {
    for (StepStatus s : c.status().steps()) {
      if (Steps.RUNNING.equals(s.state())) {
        c.status().stepDone(s.name(), Steps.FAILED, "runner lost: " + why, c.now());
      }
    }
    try {
      new ResolveTargetStep().resolve(c);
    } catch (Exception e) {
      log("cannot resolve the target of " + c.name() + " to put it back: " + e.getMessage());
    }
    try {
      return fail(
          c,
          new RestoreFailure(
              Reasons.RUNNER_LOST,
              why
                  + "; the dispatcher put the target back. See kubectl -n "
                  + c.namespace()
                  + " describe job/"
                  + c.runnerJob()
                  + ", then retry with: "
                  + c.retryCommand()));
    } finally {
      c.closeDatabase();
    }
  }

  private void runStep(RunContext c, Step step, ClaimedPlan.Resume resume) throws Exception {
    StepStatus recorded = c.status().step(step.name());
    if (recorded != null
        && !ALWAYS.contains(step.name())
        && (Steps.SUCCEEDED.equals(recorded.state()) || Steps.SKIPPED.equals(recorded.state()))) {
      log(
          step.name()
              + ": already "
              + recorded.state().toLowerCase(java.util.Locale.ROOT)
              + " (resumed)");
      return;
    }
    checkCancelled(c, step);
    checkPlan(c, step, resume);
    if (Steps.VERIFY_BACKUP.equals(step.name())) {
      PlanPin.check(c); // the first step that may change anything (a pinned restore: docs/plan.md)
    }
    if (!step.applies(c)) {
      // nothing happens: written with the next write
      c.status().stepDone(step.name(), Steps.SKIPPED, step.skipReason(c), c.now());
      log(step.name() + ": skipped, " + step.skipReason(c));
      return;
    }
    log(step.name() + ": started");
    c.status().stepRunning(step.name(), null, c.now());
    if (step.announce(c)) {
      c.save(); // with what the steps before left to write
    }
    try {
      String outcome = Transient.retrying(c, step, this::log);
      // written with the next write: the next step's, which comes before it changes anything
      c.status().stepDone(step.name(), Steps.SUCCEEDED, outcome, c.now());
      if (step.outcomeEvent(c)) {
        c.event("Normal", step.name(), outcome);
      }
      log(step.name() + ": " + outcome);
    } catch (RestoreFailure f) {
      c.status().stepDone(step.name(), Steps.FAILED, f.getMessage(), c.now());
      throw f;
    }
  }

  /**
   * Cancel (the annotation the plugin's {@code cancel} sets) is honoured between steps: the safe
   * points. A running restore Job is never interrupted (that would leave a half-written store).
   */
  private void checkCancelled(RunContext c, Step next) throws Exception {
    if (c.isDrill() && c.currentlyDeleted()) {
      // its finalizer holds the deletion until what the drill made elsewhere is deleted
      throw new RestoreFailure(
          Reasons.CANCELLED,
          "the Neo4jRestore is being deleted: the drill stops before step "
              + next.name()
              + " and deletes what it created");
    }
    String cancel = c.currentAnnotation(Annotations.CANCEL);
    if (cancel != null && !isStale(cancel, c.status().attempt())) {
      throw new RestoreFailure(
          Reasons.CANCELLED,
          "cancelled ("
              + Annotations.CANCEL
              + "="
              + cancel
              + ") before step "
              + next.name()
              + "; the target was put back as far as the runner had changed it");
    }
  }

  /**
   * A resumed attempt whose spec changed in a field the plan keeps only as a digest ends between
   * steps, where {@link ClaimedPlan#endsBefore} says.
   */
  private static void checkPlan(RunContext c, Step next, ClaimedPlan.Resume resume)
      throws Exception {
    if (resume.changed().isEmpty()) {
      return;
    }
    Set<String> done = new HashSet<>();
    for (StepStatus s : c.status().steps()) {
      if (Steps.SUCCEEDED.equals(s.state()) || Steps.SKIPPED.equals(s.state())) {
        done.add(s.name());
      }
    }
    String job = c.status().undo().restoreJob();
    boolean started =
        Steps.RESTORE.equals(next.name())
            && job != null
            && c.cluster().job(c.namespace(), job).isPresent();
    List<String> order = c.isDrill() ? Steps.DRILL_ORDER : Steps.ORDER;
    if (ClaimedPlan.endsBefore(order, next.name(), resume.changed(), done, started)) {
      throw new RestoreFailure(
          Reasons.PLAN_CHANGED,
          ClaimedPlan.message(c.name(), c.namespace(), c.generation(), resume, next.name()));
    }
  }

  /**
   * A cancel stamped (by the plugin, with a time) before this attempt was claimed belongs to an
   * earlier attempt; an annotation without a readable time always cancels.
   */
  static boolean isStale(String cancel, AttemptStatus attempt) {
    if (attempt == null || attempt.claimedAt() == null) {
      return false;
    }
    try {
      return java.time.Instant.parse(cancel).isBefore(java.time.Instant.parse(attempt.claimedAt()));
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  private RunnerExit fail(RunContext c, RestoreFailure failure) {
    log("FAILED (" + failure.reason() + "): " + failure.getMessage());
    String reason = failure.reason();
    String message = failure.getMessage();
    List<String> problems = new ArrayList<>();
    // a post-restore hook fails (or cannot run as claimed) after the data is restored and online:
    // nothing to put back
    StepStatus broughtUp = c.status().step(Steps.BRING_UP_DATABASE);
    boolean restored =
        Reasons.POST_RESTORE_HOOK_FAILED.equals(reason)
            || (Reasons.PLAN_CHANGED.equals(reason)
                && broughtUp != null
                && Steps.SUCCEEDED.equals(broughtUp.state()));
    if (restored && Reasons.PLAN_CHANGED.equals(reason)) {
      message = message + "; the claimed restore is done and the database online";
    }
    if (c.isDrill()) {
      return failDrill(c, failure);
    }
    Compensation.Result undone = restored ? null : Compensation.run(c, this::log);
    if (undone != null) {
      problems.addAll(undone.problems());
      if (undone.left() != null) {
        reason = undone.left().reason();
        message = message + "; " + undone.left().note();
      }
    }
    StatusDraft s = c.status();
    long g = c.generation();
    if (!problems.isEmpty()) {
      String how = String.join("; ", problems);
      s.condition(
          Conditions.COMPENSATION_FAILED,
          Conditions.TRUE,
          Reasons.COMPENSATION_FAILED,
          how,
          g,
          c.now());
      s.undo(s.undo().withCompensation("failed: " + how));
      c.event("Warning", Reasons.COMPENSATION_FAILED, "could not put the target back: " + how);
      message = message + ". COMPENSATION FAILED: " + how;
    } else if (restored) {
      s.undo(s.undo().withCompensation("not needed: the data is restored and online"));
    } else if (undone != null && undone.changed()) {
      s.undo(s.undo().withCompensation("done: " + String.join(", ", undone.done())));
    } else if (c.status().undo().compensation() == null && touched(s.undo())) {
      s.undo(s.undo().withCompensation("done"));
    }
    return endFailed(c, reason, message, "restore failed");
  }

  /** {@code Failed} with its kstatus conditions and outcome, written, and a Warning event. */
  private RunnerExit endFailed(RunContext c, String reason, String message, String reconciling) {
    StatusDraft s = c.status();
    long g = c.generation();
    s.condition(Conditions.READY, Conditions.FALSE, reason, message, g, c.now());
    s.condition(Conditions.STALLED, Conditions.TRUE, reason, message, g, c.now());
    s.condition(Conditions.RECONCILING, Conditions.FALSE, reason, reconciling, g, c.now());
    recordOutcome(c);
    s.finish(Phases.FAILED, message, c.now());
    try {
      c.save();
    } catch (Exception e) {
      log("could not write the Failed status: " + e.getMessage());
      return RunnerExit.CANNOT_RUN;
    }
    c.event("Warning", reason, message);
    return Reasons.INVALID_SPEC.equals(reason) ? RunnerExit.INVALID_SPEC : RunnerExit.FAILED;
  }

  /**
   * A drill that failed (or whose runner is gone): nothing of the target to put back, everything
   * the drill created deleted, the drill recorded as failed with {@code DrillPassed=False}.
   */
  private RunnerExit failDrill(RunContext c, RestoreFailure failure) {
    c.closeDatabase();
    StepStatus cleaned = c.status().step(Steps.CLEAN_UP_DRILL);
    boolean madeNothingElsewhere =
        !c.drillNamespace().equals(c.namespace()) && !DrillOutcome.holdsDeletion(c);
    String cleanup =
        cleaned != null && Steps.SUCCEEDED.equals(cleaned.state())
            ? cleaned.message().replaceFirst("^cleanup ", "")
            : madeNothingElsewhere
                // its finalizer goes on before the first object there and off after the cleanup:
                // without it, nothing is there (and the rights there may be what is missing)
                ? "not needed: nothing was made in namespace " + c.drillNamespace()
                : DrillOutcome.cleanUp(c, this::log);
    String reason = failure.reason();
    String message = "drill failed: " + failure.getMessage();
    if (DrillRecord.cleanupFailed(cleanup)) {
      message = message + "; DRILL CLEANUP " + cleanup;
    }
    Integer failedAssertion =
        failure instanceof RunAssertionsStep.Failed f ? Integer.valueOf(f.index) : null;
    DrillOutcome.record(c, reason, message, failedAssertion, cleanup);
    return endFailed(c, reason, message, "drill failed");
  }

  /**
   * Every outcome names the generation it is for and how long it took: an attempt that failed
   * before it was claimed gets its attempt record (without a claim time, so a new retry token still
   * starts a new attempt), the time this runner took it up as its start, and its duration; the
   * failure itself counts as one error.
   */
  private static void recordOutcome(RunContext c) {
    StatusDraft s = c.status();
    s.observe(c.generation());
    if (s.attempt() == null) {
      s.attempt(
          new AttemptStatus(
              c.generation(),
              c.restore().metadata().annotation(Annotations.RETRY),
              c.runnerJob(),
              c.runnerPod(),
              0,
              null,
              null));
    }
    if (s.startTime() == null) {
      s.startTime(c.startedAt());
    }
    s.countError();
    s.stats(
        Stats.withDuration(
            s.stats(),
            java.time.Duration.between(java.time.Instant.parse(s.startTime()), c.now())));
  }

  private static boolean touched(UndoRecord u) {
    return u.originalReplicas() != null || u.databaseStopped() != null || u.restoreJob() != null;
  }

  /** Terminal for the current generation and retry token: left alone. */
  static boolean isDone(Neo4jRestore r) {
    if (r.status() == null || !Phases.isTerminal(r.status().phase())) {
      return false;
    }
    AttemptStatus a = r.status().attempt();
    long generation = r.metadata().generation() == null ? 1 : r.metadata().generation();
    boolean sameGeneration = Objects.equals(r.status().observedGeneration(), generation);
    String token = r.metadata().annotation(Annotations.RETRY);
    boolean sameToken = a == null || Objects.equals(a.retryToken(), token);
    return sameGeneration && sameToken;
  }

  /**
   * A new generation or retry token starts from an empty status, once the current attempt has
   * ended. An attempt still in progress (its runner pod was replaced after the spec was edited) is
   * finished first, with its claimed generation and its undo data; the new generation is the next
   * attempt.
   */
  static Neo4jRestore freshAttemptIfNeeded(Neo4jRestore r) {
    if (r.status() == null
        || r.status().attempt() == null
        || !Phases.isTerminal(r.status().phase())) {
      return r;
    }
    AttemptStatus a = r.status().attempt();
    long generation = r.metadata().generation() == null ? 1 : r.metadata().generation();
    boolean same =
        Objects.equals(a.generation(), generation)
            && Objects.equals(a.retryToken(), r.metadata().annotation(Annotations.RETRY));
    return same ? r : r.withStatus(carried(r.status()));
  }

  /**
   * What a new attempt keeps of the last one's status: a drill's history ({@code status.drills})
   * and its {@code DrillPassed} condition, so that alerting sees the last outcome until the next
   * one; nothing else (null without drills).
   */
  static io.neo4jrestore.api.model.Neo4jRestoreStatus carried(
      io.neo4jrestore.api.model.Neo4jRestoreStatus last) {
    if (last.drills() == null || last.drills().isEmpty()) {
      return null;
    }
    StatusDraft kept = new StatusDraft(null);
    var passed = last.condition(Conditions.DRILL_PASSED);
    if (passed != null) {
      kept.keepCondition(passed);
    }
    for (int i = last.drills().size() - 1; i >= 0; i--) {
      kept.drill(last.drills().get(i), last.drills().size());
    }
    return kept.build();
  }

  /** One line per call: control characters in user text are escaped, so they cannot forge lines. */
  private void log(String line) {
    StringBuilder safe = new StringBuilder();
    for (char ch : line.toCharArray()) {
      safe.append(
          Character.isISOControl(ch) ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
    }
    log.println(
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " " + safe);
    log.flush();
  }

  private static String name(Neo4jRestore r) {
    return r.metadata().namespace() + "/" + r.metadata().name();
  }

  private static String describe(ApiException e) {
    return e.getCode() == 0 ? String.valueOf(e.getCause()) : "HTTP " + e.getCode();
  }
}

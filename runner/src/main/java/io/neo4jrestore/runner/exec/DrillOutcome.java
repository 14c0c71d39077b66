package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.DrillRecord;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.model.StepStatus;
import io.neo4jrestore.api.validation.Durations;
import io.neo4jrestore.runner.drill.DrillServer;
import io.neo4jrestore.runner.kube.Finalizers;
import io.neo4jrestore.runner.status.StatusDraft;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Consumer;

/**
 * How a drill ends, whatever happens: everything it created is deleted (by label, so also what a
 * dead runner left), and the outcome is recorded in {@code status.drills} and the {@code
 * DrillPassed} condition.
 */
final class DrillOutcome {
  /** How often the cleanup tries to delete the drill server. */
  static final int CLEANUP_ATTEMPTS = RunContext.TRANSIENT_ATTEMPTS;

  private DrillOutcome() {}

  /**
   * Deletes the drill server's StatefulSet of this restore (selected by label, so idempotent and
   * independent of what this runner knows); Kubernetes' garbage collector deletes its dependents:
   * pod, claim, Service and the drill's restore Job. A transient error (API server unavailable) is
   * tried again after 1, 2, 3, 4 s. Returns {@code done}, or why it failed, what is left and how to
   * delete it by hand.
   */
  static String cleanUp(RunContext c, Consumer<String> log) {
    String ns = c.drillNamespace();
    String drill = DrillServer.selector(c.restore().metadata().uid());
    try {
      c.retryingTransient(
          () -> {
            List<String> deleted =
                c.cluster().deleteLabelled(CreateDrillServerStep.apps(ns), drill);
            if (!deleted.isEmpty()) {
              log.accept("drill cleanup: deleted StatefulSet " + deleted + " and its dependents");
            }
            if (!ns.equals(c.namespace())) {
              // nothing of the drill is left there: the restore may now be deleted
              c.cluster()
                  .finalizer(
                      RestoreApi.path(c.namespace(), c.name()), DrillServer.FINALIZER, false);
            }
            return null;
          },
          (e, pause) ->
              log.accept(
                  "drill cleanup: "
                      + Transient.describe(e)
                      + "; trying again in "
                      + pause.toSeconds()
                      + "s"));
      return "done";
    } catch (Exception e) {
      return "failed: "
          + (e instanceof ApiException ? Transient.describe(e) : e.getMessage())
          + "; left: StatefulSet "
          + ns
          + "/"
          + DrillServer.name(c.name(), c.restore().metadata().uid())
          + " with its claim, Service and restore Job; delete it with: kubectl -n "
          + ns
          + " delete statefulset -l "
          + drill
          + " (the others go with it)";
    }
  }

  /**
   * Whether the restore carries the drill's finalizer now (read again): a drill in another
   * namespace has made something there that its cleanup has not yet deleted. True when it cannot be
   * read: then the cleanup runs anyway.
   */
  static boolean holdsDeletion(RunContext c) {
    try {
      return c.cluster()
          .object(RestoreApi.path(c.namespace(), c.name()))
          .map(r -> Finalizers.has(r, DrillServer.FINALIZER))
          .orElse(false);
    } catch (Exception e) {
      return true;
    }
  }

  /** Records the drill as passed or failed: {@code status.drills} and {@code DrillPassed}. */
  static DrillRecord record(
      RunContext c, String reason, String message, Integer failedAssertion, String cleanup) {
    StatusDraft s = c.status();
    boolean passed = Reasons.DRILL_PASSED.equals(reason);
    int total = c.restore().spec().drill().assertionsOrEmpty().size();
    Instant start = s.startTime() == null ? c.startedAt() : Instant.parse(s.startTime());
    StepStatus assertions = s.step(Steps.RUN_ASSERTIONS);
    int held =
        failedAssertion != null
            ? failedAssertion
            : assertions != null && Steps.SUCCEEDED.equals(assertions.state()) ? total : 0;
    DrillRecord record =
        new DrillRecord(
            StatusDraft.time(start),
            Durations.format(Duration.between(start, c.now()).withNanos(0)),
            restoreDuration(s.step(Steps.RESTORE)),
            backupAge(s, start),
            total,
            held,
            failedAssertion,
            passed ? DrillRecord.PASSED : DrillRecord.FAILED,
            reason,
            message,
            cleanup);
    s.drill(record, c.restore().spec().drill().keepOrDefault());
    s.condition(
        Conditions.DRILL_PASSED,
        passed ? Conditions.TRUE : Conditions.FALSE,
        reason,
        message,
        c.generation(),
        c.now());
    return record;
  }

  /** How long the restore Job step took, when it succeeded. */
  static String restoreDuration(StepStatus restore) {
    if (restore == null
        || !Steps.SUCCEEDED.equals(restore.state())
        || restore.startTime() == null
        || restore.completionTime() == null) {
      return null;
    }
    return Durations.format(
        Duration.between(
            Instant.parse(restore.startTime()), Instant.parse(restore.completionTime())));
  }

  /**
   * How old the backup was when the drill started: from {@code backupInfo.backupCreatedAt} (a
   * verified backup), else the newest creation time among the pinned artifacts; null when neither
   * is known.
   */
  static String backupAge(StatusDraft s, Instant start) {
    Instant created = null;
    if (s.build().backupInfo() != null) {
      created = parse(s.build().backupInfo().backupCreatedAt());
    }
    ResolvedSource source = s.resolvedSource();
    if (created == null && source != null && source.artifacts() != null) {
      for (ResolvedSource.Artifact a : source.artifacts()) {
        Instant t = parse(a.createdAt());
        if (t != null && (created == null || t.isAfter(created))) {
          created = t;
        }
      }
    }
    if (created == null || created.isAfter(start)) {
      return null;
    }
    return Durations.format(Duration.between(created, start).withNanos(0));
  }

  private static Instant parse(String time) {
    if (time == null) {
      return null;
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

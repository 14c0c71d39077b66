package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1Job;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.EnvVar;
import io.neo4jrestore.api.model.HookOutcome;
import io.neo4jrestore.api.model.RestoreHookJob;
import io.neo4jrestore.api.model.RestoreHooks;
import io.neo4jrestore.api.validation.Durations;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.hook.HookDatabase;
import io.neo4jrestore.runner.hook.Redaction;
import io.neo4jrestore.runner.job.HookJob;
import io.neo4jrestore.runner.job.JobIdentity;
import io.neo4jrestore.runner.status.StatusDraft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one phase's hooks: the Cypher statements in order, then the Job; each outcome is recorded in
 * {@code status.hooks} before and after it runs. A resumed run skips what already succeeded (a
 * statement recorded {@code Running} when the runner died runs again: at least once). Statements
 * and env values never reach status, events or the log: only index, preview and scrubbed messages.
 */
final class HookRunner {
  static final String CYPHER = "cypher";
  static final String JOB = "job";
  static final String RUNNING = "Running";

  /** One phase of hooks. */
  enum Phase {
    PRE("preRestore", "pre-restore", JobRole.PRE_HOOK),
    POST("postRestore", "post-restore", JobRole.POST_HOOK);

    final String field;
    final String label;
    final JobRole role;

    Phase(String field, String label, JobRole role) {
      this.field = field;
      this.label = label;
      this.role = role;
    }

    /** {@code spec.options.preRestore} or {@code postRestore}, or null. */
    RestoreHooks of(RunContext c) {
      var options = c.restore().spec().options();
      if (options == null) {
        return null;
      }
      return this == PRE ? options.preRestore() : options.postRestore();
    }

    /** Why the step is skipped when there are no hooks. */
    String none() {
      return "no options." + field + " hooks";
    }
  }

  /** How long past the hook's own deadline the runner waits for Kubernetes to fail the Job. */
  static final Duration GRACE = Duration.ofSeconds(30);

  /** Kubernetes' default {@code terminationGracePeriodSeconds} of a pod. */
  static final Duration DEFAULT_TERMINATION_GRACE = Duration.ofSeconds(30);

  /**
   * How long the runner waits for a hook Job with {@code timeout}: the deadline, then the time its
   * pod may take to stop, then {@link #GRACE}. At the deadline the Job controller only marks the
   * Job {@code FailureTarget} and terminates its pod; the terminal {@code Failed} condition (reason
   * {@code DeadlineExceeded}) follows once the pod is gone (Kubernetes 1.31 and later,
   * kubernetes/kubernetes#123775), up to the pod's termination grace period later. Seen with a real
   * kubelet: a hook ignoring SIGTERM made the Job fail 46 s after it started with a 15 s timeout.
   */
  static Duration waitBound(Duration timeout, V1Job job) {
    Long grace =
        job.getSpec() == null
                || job.getSpec().getTemplate() == null
                || job.getSpec().getTemplate().getSpec() == null
            ? null
            : job.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    return timeout
        .plus(grace == null ? DEFAULT_TERMINATION_GRACE : Duration.ofSeconds(grace))
        .plus(GRACE);
  }

  private final RunContext c;
  private final Phase phase;
  private final String failReason;
  private final String nextStep;

  /**
   * @param failReason the reason a failure ends with
   * @param nextStep what the user should do after a failure (appended to every message)
   */
  HookRunner(RunContext c, Phase phase, String failReason, String nextStep) {
    this.c = c;
    this.phase = phase;
    this.failReason = failReason;
    this.nextStep = nextStep;
  }

  static boolean hasHooks(RestoreHooks hooks) {
    return hooks != null
        && (hooks.job() != null
            || (hooks.cypherStatements() != null && !hooks.cypherStatements().isEmpty()));
  }

  static List<String> statements(RestoreHooks hooks) {
    return hooks == null || hooks.cypherStatements() == null ? List.of() : hooks.cypherStatements();
  }

  /**
   * Runs the statements (those on the restored database are skipped when it does not exist) and the
   * Job; returns a summary for the step entry.
   */
  String run(RestoreHooks hooks, boolean databaseExists) throws Exception {
    String db = c.restore().spec().databaseName();
    List<String> statements = statements(hooks);
    int ran = 0;
    int skipped = 0;
    for (int i = 0; i < statements.size(); i++) {
      HookOutcome before = c.status().hook(phase.field, CYPHER, i);
      if (before != null
          && !RUNNING.equals(before.state())
          && !Steps.FAILED.equals(before.state())) {
        continue; // resumed: already done
      }
      String statement = statements.get(i);
      String preview = Redaction.preview(statement);
      String database = HookDatabase.databaseFor(statement, db);
      String what = phase.label + " hook statement #" + i + " (" + preview + ")";
      if (!databaseExists && !HookDatabase.SYSTEM.equals(database)) {
        record(CYPHER, i, preview, null, Steps.SKIPPED, "database " + db + " does not exist yet");
        c.save();
        skipped++;
        continue;
      }
      record(CYPHER, i, preview, null, RUNNING, "running on database " + database);
      c.save();
      try {
        c.database().runStatement(database, statement);
      } catch (RuntimeException e) {
        String why = Redaction.scrub(String.valueOf(e.getMessage()), statements);
        String message = what + " on database " + database + " failed: " + why;
        record(CYPHER, i, preview, null, Steps.FAILED, message);
        throw new RestoreFailure(failReason, message + "; " + nextStep);
      }
      record(CYPHER, i, preview, null, Steps.SUCCEEDED, "ran on database " + database);
      c.save();
      ran++;
    }
    String summary =
        ran + " statement(s) ran" + (skipped > 0 ? ", " + skipped + " skipped (no database)" : "");
    if (hooks.job() != null) {
      summary += ", hook Job " + runJob(hooks.job()) + " succeeded";
    }
    return summary;
  }

  /**
   * The phase's hook Job as it will be created; a hook the runner cannot build is refused with
   * {@code reason}, naming the field to fix.
   */
  static V1Job build(RunContext c, Phase phase, RestoreHookJob hook, String reason) {
    try {
      HookJob.timeout(hook);
      return HookJob.job(
          InspectArtifacts.identity(c, phase.role), hook, c.target().imagePullSecrets());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new RestoreFailure(
          reason,
          "cannot build the "
              + phase.label
              + " hook Job: "
              + e.getMessage()
              + "; fix spec.options."
              + phase.field
              + ".job");
    }
  }

  private String runJob(RestoreHookJob hook) throws Exception {
    JobIdentity id = InspectArtifacts.identity(c, phase.role);
    String image = hook.template().container().image();
    String preview = "image " + image;
    HookOutcome before = c.status().hook(phase.field, JOB, null);
    if (before != null && Steps.SUCCEEDED.equals(before.state())) {
      return id.name();
    }
    V1Job job = build(c, phase, hook, failReason);
    Duration timeout = HookJob.timeout(hook);
    record(JOB, null, preview, id.name(), RUNNING, "hook Job " + id.name() + " started");
    c.save();
    boolean created = JobLauncher.start(c, job);
    if (created) {
      c.event(
          "Normal",
          "HookJobCreated",
          "created " + phase.label + " hook Job " + id.name() + " (" + preview + ")");
    }
    try {
      JobWaiter.awaitCompletion(c, id.name(), phase.label + " hook Job", waitBound(timeout, job));
    } catch (RestoreFailure f) {
      String why = Redaction.scrub(f.getMessage(), envValues(hook));
      String message =
          phase.label
              + " hook Job "
              + c.namespace()
              + "/"
              + id.name()
              + " ("
              + preview
              + ", timeout "
              + Durations.format(timeout)
              + ") did not succeed: "
              + why;
      record(JOB, null, preview, id.name(), Steps.FAILED, message);
      throw new RestoreFailure(failReason, message + "; " + nextStep);
    }
    record(JOB, null, preview, id.name(), Steps.SUCCEEDED, "hook Job " + id.name() + " succeeded");
    c.save();
    return id.name();
  }

  static List<String> envValues(RestoreHookJob hook) {
    List<String> values = new ArrayList<>();
    var env = hook.template().container().env();
    if (env != null) {
      for (EnvVar e : env) {
        if (e.value() != null) {
          values.add(e.value());
        }
      }
    }
    return values;
  }

  private void record(
      String kind, Integer index, String preview, String jobName, String state, String message) {
    HookOutcome old = c.status().hook(phase.field, kind, index);
    String started =
        old != null && old.startTime() != null && !Steps.SKIPPED.equals(state)
            ? old.startTime()
            : StatusDraft.time(c.now());
    boolean finished = !RUNNING.equals(state);
    c.status()
        .hook(
            new HookOutcome(
                phase.field,
                kind,
                index,
                preview,
                jobName,
                state,
                message,
                started,
                finished ? StatusDraft.time(c.now()) : null));
  }
}

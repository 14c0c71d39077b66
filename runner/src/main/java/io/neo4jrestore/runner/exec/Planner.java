package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.model.RestoreHooks;
import io.neo4jrestore.api.model.RestorePlan;
import io.neo4jrestore.api.model.RestorePlan.PlanRefusal;
import io.neo4jrestore.api.model.RestorePlan.PlanStep;
import io.neo4jrestore.api.validation.Violation;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.pitr.PitrLayout;
import io.neo4jrestore.runner.status.StatusDraft;
import io.neo4jrestore.runner.target.Target;
import io.neo4jrestore.runner.target.TargetKind;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plan mode (docs/plan.md): for a plan-only resource, runs every step of a restore that only reads
 * and every refusal the runner makes before its first change, on a cluster that cannot be changed
 * ({@link PlanCluster}), then writes {@code status.plan} (phase stays {@code Pending}, condition
 * {@code Planned}) and exits. No Lease, no claim, no scale, no database stopped, no Job but a
 * requested verification's.
 */
public final class Planner {
  private final PrintStream log;

  public Planner(PrintStream log) {
    this.log = log;
  }

  /** Whether the plan runs the verify Job: only when {@code options.verifyBackup} asks for it. */
  static boolean verifies(Neo4jRestoreSpec spec) {
    return spec != null
        && spec.options() != null
        && Boolean.TRUE.equals(spec.options().verifyBackup());
  }

  /**
   * Whether the plan's cluster may create Jobs that read only the backup: the verify Job of a
   * requested verification, and the inspect Job that selects a PITR chain (the plan shows that
   * chain, its bounds and the recovery point objective, as the restore will pin them).
   */
  public static boolean inspects(Neo4jRestoreSpec spec) {
    return verifies(spec) || (spec != null && PitrLayout.isPitr(spec));
  }

  /** The cluster a plan of {@code spec} works on: reads only ({@link PlanCluster}). */
  public static io.neo4jrestore.runner.kube.ClusterOps readOnly(
      io.neo4jrestore.runner.kube.ClusterOps cluster, Neo4jRestoreSpec spec) {
    return new PlanCluster(cluster, inspects(spec));
  }

  /** Plans, writes the plan, returns the exit code (0: planned, whatever the plan says). */
  public RunnerExit plan(RunContext c) {
    try {
      RestorePlan plan = build(c);
      StatusDraft d = new StatusDraft(c.restore().status());
      d.plan(plan);
      String message = message(c, plan);
      d.phase(Phases.PENDING, message);
      boolean start = Boolean.TRUE.equals(plan.wouldStart());
      d.condition(
          Conditions.PLANNED,
          start ? Conditions.TRUE : Conditions.FALSE,
          start ? Reasons.WOULD_START : Reasons.WOULD_REFUSE,
          message,
          c.generation(),
          c.now());
      c.saveOther(d);
      log(message);
      return RunnerExit.SUCCEEDED;
    } catch (ApiException e) {
      log("cannot write the plan: HTTP " + e.getCode() + "; exiting so that the Job retries");
      return RunnerExit.CANNOT_RUN;
    } catch (RuntimeException e) {
      log("internal error while planning: " + e);
      return RunnerExit.INTERNAL;
    } finally {
      c.closeDatabase();
      c.closeWatches();
    }
  }

  /** The plan: each check in the order the restore makes it; a refusal does not stop the rest. */
  RestorePlan build(RunContext c) throws ApiException {
    List<PlanRefusal> refusals = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<Violation> violations = Runner.validate(c.restore());
    if (violations.isEmpty() && c.isDrill()) {
      // a plan shows a restore's steps; a drill has others (docs/drills.md)
      refusals.add(
          new PlanRefusal(
              Reasons.INVALID_SPEC,
              "spec.drill is set: a drill is not planned (it never changes the target); create it"
                  + " and read status.drills, or plan the restore without spec.drill"));
      return plan(c, refusals, warnings, List.of(), null);
    }
    if (!violations.isEmpty()) {
      refusals.add(
          new PlanRefusal(
              Reasons.INVALID_SPEC,
              "the resource is invalid: "
                  + violations
                  + "; fix it (kubectl edit neo4jrestore "
                  + c.name()
                  + ") and plan again"));
      return plan(c, refusals, warnings, List.of(), null);
    }
    checkVoid(refusals, warnings, () -> OperatorClaim.check(c));
    int before = refusals.size();
    String target = check(refusals, warnings, () -> new ResolveTargetStep().execute(c));
    boolean targetKnown =
        c.hasTarget()
            && refusals.subList(before, refusals.size()).stream()
                .allMatch(r -> Reasons.UNSAFE_SCALE_DOWN.equals(r.reason()));
    if (!targetKnown) {
      return plan(c, refusals, warnings, List.of(), null);
    }
    Integer replicas =
        c.cluster()
            .statefulSet(c.namespace(), c.target().statefulSet())
            .map(Planner::replicas)
            .orElse(null);
    String source = check(refusals, warnings, () -> new ResolveSourceStep().execute(c));
    ResolvedSource pinned = c.status().resolvedSource();
    String verify = null;
    if (pinned != null && verifies(c.restore().spec())) {
      verify = check(refusals, warnings, () -> new VerifyBackupStep().execute(c));
    }
    Boolean exists = databaseExists(c, refusals, warnings);
    String restoreJob = pinned == null ? null : restoreJob(c, exists, refusals, warnings);
    permissions(c, refusals, warnings);
    lockHolder(c, warnings);
    List<PlanStep> steps = steps(c, replicas, target, source, verify, exists, restoreJob);
    return plan(c, refusals, warnings, steps, replicas);
  }

  private RestorePlan plan(
      RunContext c,
      List<PlanRefusal> refusals,
      List<String> warnings,
      List<PlanStep> steps,
      Integer replicas) {
    List<PlanRefusal> distinct = refusals.stream().distinct().toList();
    Target t = c.hasTarget() ? c.target() : null;
    ResolvedSource source = c.status().resolvedSource();
    Map<String, String> facts = PlanFacts.of(c.generation(), t, replicas, source);
    return new RestorePlan(
        c.generation(),
        StatusDraft.time(c.now()),
        distinct.isEmpty(),
        steps.isEmpty() ? null : steps,
        distinct.isEmpty() ? null : distinct,
        warnings.isEmpty() ? null : List.copyOf(warnings),
        t == null ? null : downtime(c.restore().spec(), t, replicas),
        c.status().target(),
        source,
        facts,
        PlanFacts.digest(facts));
  }

  /** One check as the restore makes it: its refusal is recorded, the plan goes on. */
  private static String check(List<PlanRefusal> refusals, List<String> warnings, Check check)
      throws ApiException {
    try {
      return check.run();
    } catch (RestoreFailure f) {
      refusals.add(new PlanRefusal(f.reason(), f.getMessage()));
    } catch (PlanCluster.NotInPlan n) {
      warnings.add(n.getMessage());
    } catch (ApiException e) {
      if (Transient.is(e)) {
        throw e;
      }
      refusals.add(
          new PlanRefusal(
              Reasons.INTERNAL_ERROR, "Kubernetes API call refused: HTTP " + e.getCode()));
    } catch (Exception e) {
      refusals.add(new PlanRefusal(Reasons.INTERNAL_ERROR, "internal error: " + e));
    }
    return null;
  }

  @FunctionalInterface
  private interface Check {
    String run() throws Exception;
  }

  private static void checkVoid(List<PlanRefusal> r, List<String> w, VoidCheck check)
      throws ApiException {
    check(
        r,
        w,
        () -> {
          check.run();
          return "ok";
        });
  }

  @FunctionalInterface
  private interface VoidCheck {
    void run() throws Exception;
  }

  /** PrepareDatabase's read (Bolt, {@code system}), without its STOP. */
  private static Boolean databaseExists(
      RunContext c, List<PlanRefusal> refusals, List<String> warnings) {
    String db = c.restore().spec().databaseName();
    try {
      boolean exists = c.database().exists(db);
      if (exists && !c.restore().spec().mayReplaceExisting()) {
        RestoreFailure f = PrepareDatabaseStep.exists(c, db);
        refusals.add(new PlanRefusal(f.reason(), f.getMessage()));
      }
      return exists;
    } catch (RuntimeException e) {
      warnings.add(
          "could not ask Neo4j whether database "
              + db
              + " exists ("
              + e.getMessage()
              + "); PrepareDatabase asks when the restore runs");
      return null;
    }
  }

  /** The restore Job as it would be built now, sent as a dry run; its command, for the plan. */
  private static String restoreJob(
      RunContext c, Boolean exists, List<PlanRefusal> refusals, List<String> warnings)
      throws ApiException {
    return check(
        refusals,
        warnings,
        () -> {
          // as Restore builds it: overwriting when the database exists (PrepareDatabase's answer)
          V1Job job = RestoreStep.build(c, RestoreStep.inputs(c, Boolean.TRUE.equals(exists)));
          try {
            c.cluster().dryRunJob(c.namespace(), job);
          } catch (ApiException e) {
            if (e.getCode() != 400 && e.getCode() != 422) {
              throw e;
            }
            throw new RestoreFailure(
                Reasons.INVALID_SPEC,
                "the restore Job is refused by the API server (dry run, nothing was created): HTTP "
                    + e.getCode());
          }
          return describe(job, additionalArgs(c.restore().spec()));
        });
  }

  /**
   * Another restore holding the target's Lease is no refusal: the restore would wait for it ({@code
   * LockTarget}, up to its lock timeout). The plan says so, read without taking it.
   */
  private static void lockHolder(RunContext c, List<String> warnings) throws ApiException {
    Target t = c.target();
    String lease = ResourceNames.targetLease(t.kind().kind(), t.name());
    try {
      Optional<com.fasterxml.jackson.databind.JsonNode> held =
          c.cluster()
              .object(
                  "/apis/coordination.k8s.io/v1/namespaces/" + c.namespace() + "/leases/" + lease);
      String holder = held.map(l -> l.at("/spec/holderIdentity").asText("")).orElse("");
      if (!holder.isEmpty() && !holder.startsWith(c.name() + "/")) {
        warnings.add(
            "the target's Lease "
                + lease
                + " is held by "
                + holder
                + ": the restore would wait for it at LockTarget (LockTimeout after the lock"
                + " timeout)");
      }
    } catch (ApiException e) {
      if (Transient.is(e)) {
        throw e;
      }
      warnings.add("the target's Lease " + lease + " could not be read (HTTP " + e.getCode() + ")");
    }
  }

  /** Every call of the shipped Role, against what this identity may do in the namespace. */
  private static void permissions(RunContext c, List<PlanRefusal> refusals, List<String> warnings) {
    try {
      Optional<com.fasterxml.jackson.databind.JsonNode> review =
          c.cluster().rulesReview(c.namespace());
      if (review.isEmpty()) {
        warnings.add("the runner's permissions were not checked (no rules review)");
        return;
      }
      List<RunnerRole.Grant> missing = RunnerRole.missing(RunnerRole.forRestores(), review.get());
      if (missing.isEmpty()) {
        return;
      }
      String what =
          "the runner's identity may not: "
              + missing.stream().map(RunnerRole.Grant::toString).toList()
              + " in namespace "
              + c.namespace()
              + " (the shipped Role "
              + RunnerRole.ROLE
              + " grants them); apply it: kubectl neo4j-restore install --managed-namespace "
              + c.namespace();
      if (review.get().path("incomplete").asBoolean(false)) {
        warnings.add(what + " (the API server's answer was incomplete: it may be allowed)");
      } else {
        refusals.add(new PlanRefusal(Reasons.PERMISSION_MISSING, what));
      }
    } catch (ApiException e) {
      warnings.add(
          "the runner's permissions were not checked (SelfSubjectRulesReview: HTTP "
              + e.getCode()
              + ")");
    }
  }

  /** The steps of {@link Runner#STEPS}, each with what it would do. */
  private static List<PlanStep> steps(
      RunContext c,
      Integer replicas,
      String target,
      String source,
      String verify,
      Boolean exists,
      String restoreJob) {
    Neo4jRestoreSpec spec = c.restore().spec();
    Target t = c.target();
    String db = spec.databaseName();
    boolean offline = spec.stopClusterOrDefault();
    String sts = t.statefulSet();
    int up = replicas == null ? t.servers() : replicas;
    List<PlanStep> steps = new ArrayList<>();
    for (Step step : Runner.STEPS) {
      String name = step.name();
      String action =
          switch (name) {
            case Steps.RESOLVE_TARGET ->
                (target == null ? "read the target" : "read " + target)
                    + " (operator line "
                    + t.apiVersion()
                    + "), StatefulSet "
                    + sts
                    + " (persistentVolumeClaimRetentionPolicy.whenScaled: "
                    + (t.workload().whenScaled() == null ? "Retain" : t.workload().whenScaled())
                    + ")";
            case Steps.LOCK_TARGET ->
                "take the Lease of "
                    + t.kind().kind()
                    + " "
                    + t.name()
                    + " (one restore per target; waits while another restore holds it)";
            case Steps.CLAIM -> "phase Pending -> Running; record the attempt and what it follows";
            case Steps.RESOLVE_SOURCE ->
                source == null ? "pin the artifacts of spec.source" : "pin " + source;
            case Steps.VERIFY_BACKUP ->
                verifies(spec)
                    ? "inspect the pinned artifacts in a verify Job with image "
                        + t.image()
                        + (verify == null ? "" : " (planned: " + verify + ")")
                    : "skipped: options.verifyBackup is not set";
            case Steps.PRE_RESTORE_HOOKS ->
                hooks(spec.options() == null ? null : spec.options().preRestore(), "before");
            case Steps.PREPARE_DATABASE ->
                exists == null
                    ? "ask Neo4j whether " + db + " exists; if so, STOP DATABASE " + db + " WAIT"
                    : exists
                        ? "STOP DATABASE " + db + " WAIT (it exists and will be replaced)"
                        : "nothing to stop: database " + db + " does not exist yet";
            case Steps.STOP_CLUSTER ->
                offline
                    ? "scale " + sts + " " + up + " -> 0 (operator paused), wait for its pods to go"
                    : "skipped: online restore (spec.stopCluster: false)";
            case Steps.RESTORE ->
                restoreJob == null ? "restore Job with image " + t.image() : restoreJob;
            case Steps.START_CLUSTER ->
                offline
                    ? "scale " + sts + " 0 -> " + up + ", wait until Ready, check the data volumes"
                    : "skipped: online restore";
            case Steps.BRING_UP_DATABASE -> bringUp(t, db, exists);
            case Steps.POST_RESTORE_HOOKS ->
                hooks(spec.options() == null ? null : spec.options().postRestore(), "after");
            case Steps.FINISH -> "phase Completed";
            default -> "";
          };
      steps.add(new PlanStep(name, action));
    }
    return steps;
  }

  private static String hooks(RestoreHooks h, String when) {
    if (h == null
        || ((h.cypherStatements() == null || h.cypherStatements().isEmpty()) && h.job() == null)) {
      return "skipped: no hooks";
    }
    int n = h.cypherStatements() == null ? 0 : h.cypherStatements().size();
    return n
        + " Cypher statement(s)"
        + (h.job() == null ? "" : " then the hook Job")
        + ", "
        + when
        + " the restore";
  }

  private static String bringUp(Target t, String db, Boolean exists) {
    if (t.kind() == TargetKind.STANDALONE) {
      return Boolean.TRUE.equals(exists)
          ? "START DATABASE " + db + " WAIT"
          : "CREATE DATABASE " + db + " WAIT";
    }
    String seeder = "the server of pod " + t.pod(0);
    return (Boolean.TRUE.equals(exists)
            ? "recreate database " + db + " (dbms.recreateDatabase) seeded from " + seeder
            : "CREATE DATABASE " + db + " OPTIONS {existingData: 'use'} seeded from " + seeder)
        + ", then wait until every allocation is online";
  }

  /** The expected downtime, in words. */
  static String downtime(Neo4jRestoreSpec spec, Target t, Integer replicas) {
    String db = spec.databaseName();
    String bound = spec.timeout() == null ? "6h (default spec.timeout)" : spec.timeout();
    if (spec.stopClusterOrDefault()) {
      return "the whole "
          + t.kind().kind()
          + " "
          + t.name()
          + " ("
          + (replicas == null ? t.servers() : replicas)
          + " server(s), every database) is down from StopCluster until StartCluster has it Ready;"
          + " database "
          + db
          + " is unavailable from PrepareDatabase until BringUpDatabase. The restore Job is"
          + " bounded by "
          + bound;
    }
    return "database "
        + db
        + " is unavailable from PrepareDatabase (STOP DATABASE, if it exists) until"
        + " BringUpDatabase; the other databases and the servers stay up. The restore Job is"
        + " bounded by "
        + bound;
  }

  /**
   * The restore container's command, with {@code additionalArgs} masked (status never has them).
   */
  static String describe(V1Job job, List<String> additionalArgs) {
    V1Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<String> words = new ArrayList<>();
    if (container.getCommand() != null) {
      words.addAll(container.getCommand());
    }
    if (container.getArgs() != null) {
      words.addAll(container.getArgs());
    }
    List<String> shown =
        words.stream().map(w -> additionalArgs.contains(w) ? "<additionalArgs>" : w).toList();
    return "restore Job "
        + job.getMetadata().getName()
        + " with image "
        + container.getImage()
        + ": "
        + String.join(" ", shown);
  }

  private static List<String> additionalArgs(Neo4jRestoreSpec spec) {
    return spec.options() == null || spec.options().additionalArgs() == null
        ? List.of()
        : spec.options().additionalArgs();
  }

  private static Integer replicas(V1StatefulSet sts) {
    return sts.getSpec() == null ? null : sts.getSpec().getReplicas();
  }

  private static String message(RunContext c, RestorePlan plan) {
    if (Boolean.TRUE.equals(plan.wouldStart())) {
      return "planned: the restore would start ("
          + (plan.steps() == null ? 0 : plan.steps().size())
          + " steps); run it with kubectl neo4j-restore create --from-plan "
          + c.name()
          + " -n "
          + c.namespace();
    }
    return "planned: the restore would be refused: "
        + String.join(", ", plan.refusals().stream().map(PlanRefusal::reason).distinct().toList());
  }

  private void log(String line) {
    log.println(
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            + " "
            + line.replaceAll("\\p{Cntrl}", "?"));
    log.flush();
  }
}

package io.neo4jrestore.runner.status;

import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.AttemptStatus;
import io.neo4jrestore.api.model.Condition;
import io.neo4jrestore.api.model.DrillRecord;
import io.neo4jrestore.api.model.HookOutcome;
import io.neo4jrestore.api.model.Neo4jRestoreStatus;
import io.neo4jrestore.api.model.RecoveryPointStatus;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.model.RestoreBackupInfo;
import io.neo4jrestore.api.model.RestoreStats;
import io.neo4jrestore.api.model.StepStatus;
import io.neo4jrestore.api.model.TargetStatus;
import io.neo4jrestore.api.model.UndoRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The status the runner is building, as a mutable draft of {@link Neo4jRestoreStatus}. All status
 * transitions go through here: conditions keep their transition time while their status does not
 * change, steps keep their order, and {@link #build()} gives the value that is written.
 */
public final class StatusDraft {
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final List<Condition> conditions;
  String phase;
  String message;
  String startTime;
  String completionTime;
  RestoreStats stats;
  RestoreBackupInfo backupInfo;
  Long observedGeneration;
  AttemptStatus attempt;
  TargetStatus target;
  private final List<StepStatus> steps;
  ResolvedSource resolvedSource;
  UndoRecord undo;
  List<HookOutcome> hooks;
  RecoveryPointStatus recoveryPoint;
  io.neo4jrestore.api.model.RestorePlan plan;

  // --- restore drills (issue #18) ---
  List<DrillRecord> drills;

  public StatusDraft(Neo4jRestoreStatus status) {
    Neo4jRestoreStatus s = status == null ? Neo4jRestoreStatus.empty() : status;
    conditions = s.conditions() == null ? new ArrayList<>() : new ArrayList<>(s.conditions());
    phase = s.phase();
    message = s.message();
    startTime = s.startTime();
    completionTime = s.completionTime();
    stats = s.stats();
    backupInfo = s.backupInfo();
    observedGeneration = s.observedGeneration();
    attempt = s.attempt();
    target = s.target();
    steps = s.steps() == null ? new ArrayList<>() : new ArrayList<>(s.steps());
    resolvedSource = s.resolvedSource();
    undo = s.undo();
    hooks = s.hooks();
    recoveryPoint = s.recoveryPoint();
    plan = s.plan();
    drills = s.drills();
  }

  public Neo4jRestoreStatus build() {
    return new Neo4jRestoreStatus(
        conditions.isEmpty() ? null : List.copyOf(conditions),
        phase,
        message,
        startTime,
        completionTime,
        stats,
        backupInfo,
        observedGeneration,
        attempt,
        target,
        steps.isEmpty() ? null : List.copyOf(steps),
        resolvedSource,
        undo,
        hooks,
        recoveryPoint,
        plan,
        drills);
  }

  /** RFC 3339 in UTC, whole seconds: how Kubernetes writes times. */
  public static String time(Instant instant) {
    return RFC3339.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  public String phase() {
    return phase;
  }

  public void phase(String newPhase, String newMessage) {
    this.phase = newPhase;
    this.message = newMessage;
  }

  public UndoRecord undo() {
    return undo == null
        ? new UndoRecord(null, null, null, null, null, null, null, null, null, null, null)
        : undo;
  }

  /** {@code status.plan}: what a restore of this spec would do (a plan-only resource's runner). */
  public void plan(io.neo4jrestore.api.model.RestorePlan p) {
    this.plan = p;
  }

  public io.neo4jrestore.api.model.RestorePlan plan() {
    return plan;
  }

  // --- restore drills (issue #18) ---

  /** Keeps {@code condition} as it is (its transition time too): a new attempt's carried one. */
  public void keepCondition(Condition condition) {
    conditions.removeIf(c -> c.type().equals(condition.type()));
    conditions.add(condition);
  }

  /** {@code status.drills}, newest first (never null). */
  public List<DrillRecord> drills() {
    return drills == null ? List.of() : drills;
  }

  /**
   * Records a drill: the entry of the drill that started at {@code record.startTime()} is replaced
   * (a resumed or cleaned-up drill), otherwise it is added first; at most {@code keep} are kept.
   */
  public void drill(DrillRecord record, int keep) {
    List<DrillRecord> all = new ArrayList<>();
    all.add(record);
    for (DrillRecord d : drills()) {
      if (!java.util.Objects.equals(d.startTime(), record.startTime())) {
        all.add(d);
      }
    }
    drills = List.copyOf(all.subList(0, Math.min(Math.max(keep, 1), all.size())));
  }

  /** {@code status.recoveryPoint}: what a PITR restore can reach, measured before it runs. */
  public void recoveryPoint(RecoveryPointStatus point) {
    this.recoveryPoint = point;
  }

  public void undo(UndoRecord record) {
    this.undo = record;
  }

  public void target(TargetStatus t) {
    this.target = t;
  }

  public TargetStatus target() {
    return target;
  }

  public void resolvedSource(ResolvedSource source) {
    this.resolvedSource = source;
  }

  public ResolvedSource resolvedSource() {
    return resolvedSource;
  }

  public void backupInfo(RestoreBackupInfo info) {
    this.backupInfo = info;
  }

  public void stats(RestoreStats s) {
    this.stats = s;
  }

  public RestoreStats stats() {
    return stats;
  }

  public void attempt(AttemptStatus a) {
    this.attempt = a;
  }

  public AttemptStatus attempt() {
    return attempt;
  }

  public void claim(long generation, Instant now) {
    observedGeneration = generation;
    if (startTime == null) {
      startTime = time(now);
    }
    completionTime = null;
  }

  public void finish(String terminalPhase, String finalMessage, Instant now) {
    phase = terminalPhase;
    message = finalMessage;
    completionTime = time(now);
  }

  public String startTime() {
    return startTime;
  }

  /** When the attempt started, for an attempt that ends before it was claimed. */
  public void startTime(Instant at) {
    startTime = time(at);
  }

  /** The generation the runner acted on. */
  public void observe(long generation) {
    observedGeneration = generation;
  }

  /**
   * One more error the attempt met ({@code stats.errorCount}): a transient error it retried, a
   * status write it repeated, a runner pod that died and was replaced, or the failure that ended
   * it. Kept in status, so a resumed runner goes on counting.
   */
  public void countError() {
    RestoreStats s =
        stats == null ? new RestoreStats(null, null, null, null, null, null, null) : stats;
    int n = s.errorCount() == null ? 0 : s.errorCount();
    stats =
        new RestoreStats(
            s.duration(),
            s.dataSize(),
            s.throughput(),
            s.fileCount(),
            n + 1,
            s.dataSizeBytes(),
            s.restoreJobSeconds());
  }

  /** {@code stats.errorCount}, 0 when none was counted. */
  public int errorCount() {
    return stats == null || stats.errorCount() == null ? 0 : stats.errorCount();
  }

  public Long observedGeneration() {
    return observedGeneration;
  }

  /** Sets a condition; its transition time changes only when its status does. */
  public void condition(
      String type,
      String status,
      String reason,
      String conditionMessage,
      long generation,
      Instant now) {
    for (int i = 0; i < conditions.size(); i++) {
      Condition c = conditions.get(i);
      if (c.type().equals(type)) {
        String since = Objects.equals(c.status(), status) ? c.lastTransitionTime() : time(now);
        conditions.set(i, new Condition(type, status, reason, conditionMessage, since, generation));
        return;
      }
    }
    conditions.add(new Condition(type, status, reason, conditionMessage, time(now), generation));
  }

  public Condition condition(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst().orElse(null);
  }

  public boolean isTrue(String type) {
    Condition c = condition(type);
    return c != null && Conditions.TRUE.equals(c.status());
  }

  // --- hooks ---

  /** The recorded hook outcomes, in the order they were first recorded. */
  public List<HookOutcome> hooks() {
    return hooks == null ? List.of() : List.copyOf(hooks);
  }

  /** The outcome of one hook ({@code index} null for a Job), or null. */
  public HookOutcome hook(String hookPhase, String kind, Integer index) {
    return hooks().stream()
        .filter(h -> h.phase().equals(hookPhase) && h.kind().equals(kind))
        .filter(h -> Objects.equals(h.index(), index))
        .findFirst()
        .orElse(null);
  }

  /** Records a hook's outcome, replacing the entry of the same phase, kind and index. */
  public void hook(HookOutcome outcome) {
    List<HookOutcome> next = new ArrayList<>(hooks());
    for (int i = 0; i < next.size(); i++) {
      HookOutcome h = next.get(i);
      if (h.phase().equals(outcome.phase())
          && h.kind().equals(outcome.kind())
          && Objects.equals(h.index(), outcome.index())) {
        next.set(i, outcome);
        hooks = next;
        return;
      }
    }
    next.add(outcome);
    hooks = next;
  }

  // --- steps ---

  public StepStatus step(String name) {
    return steps.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  public List<StepStatus> steps() {
    return List.copyOf(steps);
  }

  public void stepRunning(String name, String stepMessage, Instant now) {
    StepStatus old = step(name);
    String started = old != null && old.startTime() != null ? old.startTime() : time(now);
    put(new StepStatus(name, Steps.RUNNING, started, null, stepMessage, null));
  }

  public void stepProgress(String name, String progress) {
    StepStatus old = step(name);
    if (old != null) {
      put(
          new StepStatus(
              name, old.state(), old.startTime(), old.completionTime(), old.message(), progress));
    }
  }

  public void stepDone(String name, String state, String stepMessage, Instant now) {
    StepStatus old = step(name);
    String started = old != null && old.startTime() != null ? old.startTime() : time(now);
    String progress = old == null ? null : old.progress();
    put(new StepStatus(name, state, started, time(now), stepMessage, progress));
  }

  private void put(StepStatus entry) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name().equals(entry.name())) {
        steps.set(i, entry);
        return;
      }
    }
    // keep the runner's order even when a step is first recorded late
    int at = steps.size();
    int order = Steps.ORDER.indexOf(entry.name());
    for (int i = 0; i < steps.size(); i++) {
      if (Steps.ORDER.indexOf(steps.get(i).name()) > order) {
        at = i;
        break;
      }
    }
    steps.add(at, entry);
  }

  public boolean isTerminal() {
    return Phases.isTerminal(phase);
  }
}

package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.common.Sleeper;
import io.neo4jrestore.runner.kube.ClusterOps;
import io.neo4jrestore.runner.kube.RestoreStore;
import io.neo4jrestore.runner.kube.Watches;
import io.neo4jrestore.runner.lock.LockSettings;
import io.neo4jrestore.runner.lock.TargetLock;
import io.neo4jrestore.runner.neo4j.DatabasePort;
import io.neo4jrestore.runner.status.StatusDraft;
import io.neo4jrestore.runner.target.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Everything one run of the runner works with: the resource and its status draft, the target, and
 * the ports (Kubernetes, Neo4j, clock, sleeper). Status is written only through {@link #save()}.
 */
public final class RunContext {
  private final RestoreStore store;
  private final ClusterOps cluster;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RunnerSettings settings;
  private final Function<Target, DatabasePort> databases;
  private final RestoreJobFactory jobs;
  private final String runnerPod;
  private final String runnerJob;
  private Neo4jRestore restore;
  private final StatusDraft status;
  private Target target;
  private DatabasePort database;
  // --- restore drills (issue #18) ---
  private DatabasePort drillDatabase;
  private LockSettings lockSettings = LockSettings.defaults();
  private TargetLock lock;
  private java.io.PrintStream log = System.out;
  private final Instant startedAt;
  private boolean watching = true;
  private Watches selfWatches;
  private boolean selfRefused;
  private io.neo4jrestore.runner.kube.Watched<com.fasterxml.jackson.databind.JsonNode> self;

  public RunContext(
      RestoreStore store,
      ClusterOps cluster,
      Clock clock,
      Sleeper sleeper,
      RunnerSettings settings,
      Function<Target, DatabasePort> databases,
      RestoreJobFactory jobs,
      String runnerPod,
      String runnerJob,
      Neo4jRestore restore) {
    this.store = store;
    this.cluster = cluster;
    this.clock = clock;
    this.sleeper = sleeper;
    this.settings = settings;
    this.databases = databases;
    this.jobs = jobs;
    this.runnerPod = runnerPod;
    this.runnerJob = runnerJob;
    this.restore = restore;
    this.status = new StatusDraft(restore.status());
    this.startedAt = clock.instant();
  }

  /** When this runner took the attempt up. */
  public Instant startedAt() {
    return startedAt;
  }

  public Neo4jRestore restore() {
    return restore;
  }

  public String namespace() {
    return restore.metadata().namespace();
  }

  public String name() {
    return restore.metadata().name();
  }

  /**
   * The generation this attempt works on: pinned when it was claimed, so an edit made while the
   * runner works (a new generation, handled by a later attempt) changes neither names nor plan.
   */
  public long generation() {
    if (status.attempt() != null && status.attempt().generation() != null) {
      return status.attempt().generation();
    }
    return restore.metadata().generation() == null ? 1 : restore.metadata().generation();
  }

  /** The retry token of the attempt (part of every Job name), or null. */
  public String retryToken() {
    return status.attempt() == null ? null : status.attempt().retryToken();
  }

  public StatusDraft status() {
    return status;
  }

  public ClusterOps cluster() {
    return cluster;
  }

  public RunnerSettings settings() {
    return settings;
  }

  /**
   * The bounds of this restore's waits: as the claimed plan recorded them, or else derived from
   * {@code spec.timeout} ({@link WaitBounds}).
   */
  public WaitBounds bounds() {
    WaitBounds planned =
        status.attempt() == null ? null : ClaimedPlan.bounds(status.attempt().plan());
    if (planned != null) {
      return planned;
    }
    try {
      return WaitBounds.of(settings, restore.spec() == null ? null : restore.spec().timeout());
    } catch (IllegalArgumentException e) {
      // a well-formed duration too long to hold: refused, first needed before anything changes
      throw new RestoreFailure(Reasons.INVALID_SPEC, "spec.timeout: " + e.getMessage());
    }
  }

  public RestoreJobFactory jobs() {
    return jobs;
  }

  public String runnerPod() {
    return runnerPod;
  }

  public String runnerJob() {
    return runnerJob;
  }

  public Instant now() {
    return clock.instant();
  }

  public Clock clock() {
    return clock;
  }

  public Sleeper sleeper() {
    return sleeper;
  }

  public LockSettings lockSettings() {
    return lockSettings;
  }

  /** The bounds of the per-target lock (tests use short ones). */
  public RunContext lockSettings(LockSettings settings) {
    this.lockSettings = settings;
    return this;
  }

  /** Where the runner's log lines go. */
  public java.io.PrintStream log() {
    return log;
  }

  public RunContext log(java.io.PrintStream out) {
    this.log = out;
    return this;
  }

  /** Keeps the target's Lease for this run and renews it in the background. */
  void holdLock(TargetLock held) {
    this.lock = held;
    held.startRenewing();
  }

  /**
   * Ends this run's hold on the target: released when the restore ended (as written), otherwise
   * only no longer renewed, so that the next runner pod of this restore takes it back and no other
   * restore gets a target this one may have left half-done.
   */
  void endLock() {
    if (lock == null) {
      return;
    }
    if (restore.status() != null && Phases.isTerminal(restore.status().phase())) {
      lock.release();
    } else {
      lock.stopRenewing();
    }
    lock = null;
  }

  public Target target() {
    if (target == null) {
      throw new IllegalStateException("the target is resolved by the first step");
    }
    return target;
  }

  /** The command that retries this restore (a new attempt), for failure messages. */
  public String retryCommand() {
    return retryCommand(name(), namespace());
  }

  /** The command that retries the restore {@code name} in {@code namespace}. */
  static String retryCommand(String name, String namespace) {
    return "kubectl annotate neo4jrestore "
        + name
        + " -n "
        + namespace
        + " "
        + Annotations.RETRY
        + "=$(date +%s) --overwrite";
  }

  /** Whether the first step resolved the target (a failure may come before it). */
  public boolean hasTarget() {
    return target != null;
  }

  public void target(Target resolved) {
    this.target = resolved;
  }

  /** The Bolt connection to the target, opened on first use. */
  public DatabasePort database() {
    if (database == null) {
      database = databases.apply(target());
    }
    return database;
  }

  void closeDatabase() {
    if (database != null) {
      database.close();
      database = null;
    }
    if (drillDatabase != null) {
      drillDatabase.close();
      drillDatabase = null;
    }
  }

  // --- restore drills (issue #18) ---

  /** Whether this resource is a drill ({@code spec.drill}): the target is only read. */
  public boolean isDrill() {
    return restore.spec() != null && restore.spec().drill() != null;
  }

  /**
   * Where a drill's objects are made: {@code spec.drill.namespace} as claimed, else the restore's
   * own namespace.
   */
  public String drillNamespace() {
    return restore.spec().drill().namespaceOr(namespace());
  }

  /** A drill's throw-away server, as a standalone target in {@link #drillNamespace}. */
  public Target drillServer() {
    return io.neo4jrestore.runner.drill.DrillServer.target(
        name(), restore.metadata().uid(), target(), drillNamespace());
  }

  /** The Bolt connection to the drill's throw-away server, opened on first use. */
  public DatabasePort drillDatabase() {
    if (drillDatabase == null) {
      drillDatabase = databases.apply(drillServer());
    }
    return drillDatabase;
  }

  /**
   * Writes the status draft. A conflict (someone changed the resource, e.g. a cancel annotation)
   * re-reads it and writes again: the draft is this runner's truth for the attempt it holds. A
   * transient error (API server unavailable) is retried after 1, 2, 3, 4 s; then the runner exits
   * "cannot run" and the next pod resumes.
   */
  public void save() throws ApiException {
    write(status);
  }

  /**
   * Writes {@code draft} instead of the run's own: a plan writes only its result on the status it
   * read, never what its steps left in the run's draft (docs/plan.md).
   */
  void saveOther(StatusDraft draft) throws ApiException {
    write(draft);
  }

  private void write(StatusDraft draft) throws ApiException {
    for (int attempt = 1; ; attempt++) {
      try {
        // the answer carries the spec as it is now: this run keeps following its own
        restore = keepSpec(store.writeStatus(draft.build(), restore.metadata().resourceVersion()));
        return;
      } catch (ApiException e) {
        if (e.getCode() == 404) {
          throw new RestoreFailure(
              Reasons.CANCELLED,
              "the Neo4jRestore " + namespace() + "/" + name() + " was deleted while running",
              false,
              e);
        }
        if (Transient.is(e) && attempt < 5) {
          status.countError();
          pause(Duration.ofSeconds(attempt), e); // API server busy or restarting: back off
          continue;
        }
        if (e.getCode() != 409 || attempt >= 5) {
          throw e;
        }
        restore =
            keepSpec(
                store
                    .read()
                    .orElseThrow(
                        () ->
                            new RestoreFailure(Reasons.CANCELLED, "the Neo4jRestore was deleted")));
      }
    }
  }

  private void pause(Duration d, ApiException cause) throws ApiException {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw cause;
    }
  }

  /**
   * Re-reads the resource (annotations such as cancel), keeping the status draft; a transient error
   * is retried after 1, 2, 3, 4 s, like a status write.
   */
  public void refresh() throws ApiException {
    retryingTransient(
        () -> {
          store.read().ifPresent(r -> restore = keepSpec(r));
          return null;
        },
        (e, pause) -> {});
  }

  /** How often {@link #retryingTransient} makes its call at most. */
  static final int TRANSIENT_ATTEMPTS = 5;

  /** A call to the API server, for {@link #retryingTransient}. */
  @FunctionalInterface
  interface ApiCall<T> {
    T call() throws ApiException;
  }

  /**
   * Makes {@code call}; a transient error (API server unavailable) is counted and tried again after
   * 1, 2, 3, 4 s, each retry told to {@code onRetry} first; the last one, or any other error, is
   * thrown (also when the pause is interrupted).
   */
  <T> T retryingTransient(
      ApiCall<T> call, java.util.function.BiConsumer<ApiException, Duration> onRetry)
      throws ApiException {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (ApiException e) {
        if (!Transient.is(e) || attempt >= TRANSIENT_ATTEMPTS) {
          throw e;
        }
        status.countError();
        onRetry.accept(e, Duration.ofSeconds(attempt));
        pause(Duration.ofSeconds(attempt), e);
      }
    }
  }

  /**
   * The resource's annotation {@code key} as it is now: from a watch of the resource kept for the
   * whole run (no request per look), or from a fresh read when waits do not watch or the runner may
   * not watch it.
   */
  public String currentAnnotation(String key) throws Exception {
    String pointer = "/metadata/annotations/" + key.replace("~", "~0").replace("/", "~1");
    return current(pointer, () -> restore.metadata().annotation(key));
  }

  /**
   * Whether the resource is being deleted now (a drill's finalizer holds it until its cleanup),
   * read as {@link #currentAnnotation} reads.
   */
  public boolean currentlyDeleted() throws Exception {
    return current("/metadata/deletionTimestamp", () -> restore.metadata().deletionTimestamp())
        != null;
  }

  /** A text of the resource as it is now: from its watch, else read again ({@code read}). */
  private String current(String pointer, java.util.function.Supplier<String> read)
      throws Exception {
    if (watching && self == null && !selfRefused) {
      selfWatches = watches();
      self = selfWatches.restore(namespace(), name());
    }
    if (self != null) {
      try {
        var now = self.only();
        if (now.isPresent()) {
          var value = now.get().at(pointer);
          return value.isMissingNode() || value.isNull() ? null : value.asText();
        }
      } catch (ApiException e) {
        if (!Transient.is(e)) {
          selfRefused = true; // an older Role: read instead, from now on
          closeWatches();
        }
      }
    }
    refresh();
    return read.get();
  }

  /** Ends the run's watch of the resource. */
  void closeWatches() {
    if (selfWatches != null) {
      selfWatches.close();
    }
    selfWatches = null;
    self = null;
  }

  /**
   * Fresh metadata (annotations, resourceVersion), but the spec this run follows and the generation
   * that spec is: an edit made while it runs is the next attempt, never part of this one.
   */
  private Neo4jRestore keepSpec(Neo4jRestore fresh) {
    return new Neo4jRestore(
        fresh.apiVersion(),
        fresh.kind(),
        fresh.metadata().withGeneration(restore.metadata().generation()),
        restore.spec(),
        fresh.status());
  }

  public void event(String type, String reason, String message) {
    store.event(restore, type, reason, message);
  }

  /**
   * Waits until {@code check} is true or fails with {@code reason} at the deadline. A transient
   * error of a check (API server or Bolt unavailable) counts as "not yet" until the deadline.
   */
  public void waitFor(String what, Duration timeout, Check check, String reason) throws Exception {
    waitFor(what, timeout, settings.poll(), sleeper::sleep, check, reason);
  }

  /**
   * As {@link #waitFor(String, Duration, Check, String)} for a check that reads what {@code
   * watches} keep (no request per check): it runs when a watch saw a change, and at least every
   * {@link #RECHECK} for conditions on time.
   */
  public void waitFor(String what, Duration timeout, Watches watches, Check check, String reason)
      throws Exception {
    waitFor(what, timeout, RECHECK, watches::awaitChange, check, reason);
  }

  /** How often a check of watched objects runs without a change (it costs no request). */
  static final Duration RECHECK = Duration.ofMillis(250);

  private void waitFor(
      String what,
      Duration timeout,
      Duration every,
      Sleeper.Pause pause,
      Check check,
      String reason)
      throws Exception {
    Instant deadline = now().plus(timeout);
    Exception lastError = null;
    while (true) {
      try {
        if (check.done()) {
          return;
        }
      } catch (RestoreFailure | ApiException e) {
        if (!Transient.is(e)) {
          throw e;
        }
        status.countError();
        lastError = e;
      }
      if (now().isAfter(deadline)) {
        throw new RestoreFailure(
            reason,
            "timed out after "
                + timeout.toSeconds()
                + "s waiting for "
                + what
                + (lastError == null
                    ? ""
                    : " (last error: " + Transient.describe(lastError) + ")"));
      }
      // never past the deadline, but a whole interval when it is reached (a stopped test clock)
      Duration left = Duration.between(now(), deadline);
      boolean cut = left.compareTo(every) < 0 && !left.isNegative() && !left.isZero();
      sleeper.await(pause, cut ? left : every);
    }
  }

  /** A condition checked by {@link #waitFor}. */
  @FunctionalInterface
  public interface Check {
    boolean done() throws Exception;
  }

  /**
   * Watches for one wait (close them when it ends): the objects it checks, kept current by the API
   * server's watch, or read every {@link RunnerSettings#poll()} when watching is off.
   */
  public Watches watches() {
    return cluster.watches(
        settings.poll(),
        watching,
        line -> {
          log.println(
              Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " " + line);
          log.flush();
        });
  }

  /** Whether waits watch (default) or read every poll interval (as before watches). */
  public RunContext watching(boolean on) {
    this.watching = on;
    return this;
  }

  public boolean isTerminal() {
    return Phases.isTerminal(status.phase());
  }
}

package io.neo4jrestore.runner.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.PlanOnly;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.RunnerJobs;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.AttemptStatus;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreStatus;
import io.neo4jrestore.runner.drill.DrillServer;
import io.neo4jrestore.runner.kube.RawApi;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The GitOps path: finds every Neo4jRestore whose current generation (and retry token) has no
 * attempt yet and creates its runner Job, under the same deterministic name the plugin uses, so
 * whoever comes second gets {@code AlreadyExists}: exactly one attempt per generation.
 */
public final class Dispatcher {
  /** Page size of the list calls: thousands of finished restores cost a few requests. */
  static final int PAGE = 250;

  /** What the dispatcher decided for one restore. */
  public enum Decision {
    START,
    DONE,
    RUNNING,
    WAIT_FOR_CURRENT_ATTEMPT,
    DELETING,
    /** A plan (docs/plan.md): never started as a restore; the plugin starts its plan runner. */
    PLAN_ONLY
  }

  private final RawApi raw;
  private final String runnerImage;
  private final PrintStream out;

  private final int pageSize;
  private LostRunners lostRunners;
  private LeftDrills leftDrills;
  private java.time.Clock clock = java.time.Clock.systemUTC();
  private java.time.Duration startBound = java.time.Duration.ofMinutes(10);

  /**
   * Puts the target of a restore whose runner is gone for good back and ends it {@code Failed} with
   * reason {@code RunnerLost}; {@code why} is the Kubernetes reason, in words.
   */
  @FunctionalInterface
  public interface LostRunners {
    void compensate(Neo4jRestore restore, String why) throws Exception;
  }

  /**
   * Deletes what a drill whose cleanup failed left (its server, found by label) and records that in
   * its {@code status.drills} entry (docs/drills.md).
   */
  @FunctionalInterface
  public interface LeftDrills {
    void cleanUp(Neo4jRestore restore) throws Exception;
  }

  /**
   * Also cleans up after every ended drill whose own cleanup failed ({@link #drillLeftBehind}),
   * through {@code handler}.
   */
  public Dispatcher leftDrills(LeftDrills handler) {
    this.leftDrills = handler;
    return this;
  }

  /**
   * Pure: whether {@code r} is a drill whose attempt has ended ({@link Decision#DONE}) and whose
   * last drill's cleanup failed, so that its server may still be there.
   */
  public static boolean drillLeftBehind(Neo4jRestore r) {
    return decide(r) == Decision.DONE
        && r.spec() != null
        && r.spec().drill() != null
        && r.status().drills() != null
        && !r.status().drills().isEmpty()
        && r.status().drills().get(0).leftItsServer();
  }

  /**
   * Pure: whether {@code r} is being deleted while its drill's finalizer holds the deletion (its
   * drill server in another namespace may still be there: docs/drills.md).
   */
  public static boolean drillHoldsDeletion(Neo4jRestore r) {
    return r.metadata().deletionTimestamp() != null
        && r.metadata().finalizers() != null
        && r.metadata().finalizers().contains(DrillServer.FINALIZER);
  }

  /**
   * Also checks every {@code Running} restore's runner Job; a runner gone for good (see {@link
   * RunnerLiveness}) is handed to {@code handler}. A pod that cannot start counts as gone after
   * {@code startBound}.
   */
  public Dispatcher lostRunners(
      LostRunners handler, java.time.Clock now, java.time.Duration startBound) {
    this.lostRunners = handler;
    this.clock = now;
    this.startBound = startBound;
    return this;
  }

  public Dispatcher(RawApi raw, String runnerImage, PrintStream out) {
    this(raw, runnerImage, out, PAGE);
  }

  public Dispatcher(RawApi raw, String runnerImage, PrintStream out, int pageSize) {
    this.raw = raw;
    this.runnerImage = runnerImage;
    this.out = out;
    this.pageSize = pageSize;
  }

  /** Pure: whether a restore needs a new runner Job now. */
  public static Decision decide(Neo4jRestore r) {
    if (r.metadata().deletionTimestamp() != null) {
      return Decision.DELETING;
    }
    if (PlanOnly.is(r)) {
      return Decision.PLAN_ONLY;
    }
    Neo4jRestoreStatus s = r.status();
    long generation = r.metadata().generation() == null ? 1 : r.metadata().generation();
    String token = r.metadata().annotation(Annotations.RETRY);
    AttemptStatus a = s == null ? null : s.attempt();
    boolean sameAttempt =
        a != null
            && Objects.equals(a.generation(), generation)
            && Objects.equals(a.retryToken(), token);
    if (s != null && Phases.isTerminal(s.phase())) {
      return sameAttempt || (a == null && Objects.equals(s.observedGeneration(), generation))
          ? Decision.DONE
          : Decision.START;
    }
    if (s != null && Phases.RUNNING.equals(s.phase())) {
      // a spec edited mid-run is a new attempt after the current one ends
      return sameAttempt ? Decision.RUNNING : Decision.WAIT_FOR_CURRENT_ATTEMPT;
    }
    return Decision.START;
  }

  // --- restore drills (issue #18): spec.drill.schedule ---

  /** The retry token a scheduled drill gets: {@code drill-} and its fire time (UTC, minutes). */
  static final java.time.format.DateTimeFormatter DRILL_TOKEN =
      java.time.format.DateTimeFormatter.ofPattern("'drill-'yyyyMMdd'T'HHmm'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  /**
   * Pure: the retry token of the scheduled drill due now, or empty. A drill with {@code
   * spec.drill.schedule} whose attempt has ended ({@link Decision#DONE}) is due when the schedule
   * fired after that attempt started (or, without one, after the resource was created); its token
   * names the fire time, so racing dispatchers set the same one.
   */
  public static java.util.Optional<String> drillDue(Neo4jRestore r, java.time.Instant now) {
    if (r.spec() == null
        || r.spec().drill() == null
        || r.spec().drill().schedule() == null
        || decide(r) != Decision.DONE
        || !io.neo4jrestore.api.validation.Cron.isValid(r.spec().drill().schedule())) {
      return java.util.Optional.empty();
    }
    String since = r.status() == null ? null : r.status().startTime();
    if (since == null) {
      since = r.metadata().creationTimestamp();
    }
    java.util.Optional<java.time.Instant> fired =
        io.neo4jrestore.api.validation.Cron.parse(r.spec().drill().schedule())
            .firedSince(since == null ? null : java.time.Instant.parse(since), now);
    if (fired.isEmpty()) {
      return java.util.Optional.empty();
    }
    String token = DRILL_TOKEN.format(fired.get());
    return token.equals(r.metadata().annotation(Annotations.RETRY))
        ? java.util.Optional.empty()
        : java.util.Optional.of(token);
  }

  /**
   * Starts the scheduled drill: the retry annotation set to {@code token} (a new attempt, as a
   * user's retry is), then its runner Job.
   */
  private java.util.Optional<String> startDrill(Neo4jRestore r, String token) throws ApiException {
    com.fasterxml.jackson.databind.node.ObjectNode patch = ApiMapper.json().createObjectNode();
    patch.putObject("metadata").putObject("annotations").put(Annotations.RETRY, token);
    JsonNode updated;
    try {
      updated =
          raw.mergePatch(RestoreApi.path(r.metadata().namespace(), r.metadata().name()), patch);
    } catch (ApiException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      out.println(
          "not starting the scheduled drill of Neo4jRestore "
              + r.metadata().namespace()
              + "/"
              + r.metadata().name()
              + ": the dispatcher may not patch it (its Role predates drills); run: kubectl"
              + " neo4j-restore install --managed-namespace "
              + r.metadata().namespace());
      return java.util.Optional.empty();
    }
    out.println(
        "scheduled drill of Neo4jRestore "
            + r.metadata().namespace()
            + "/"
            + r.metadata().name()
            + " due: "
            + Annotations.RETRY
            + "="
            + token);
    try {
      return start(ApiMapper.json().treeToValue(updated, Neo4jRestore.class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the patched Neo4jRestore is unreadable", e);
    }
  }

  /** One sweep over the given namespaces (empty: all namespaces); returns the Jobs it created. */
  public List<String> sweep(List<String> namespaces) throws ApiException {
    List<String> started = new ArrayList<>();
    List<String> scopes =
        namespaces.isEmpty() ? java.util.Collections.singletonList(null) : namespaces;
    for (String ns : scopes) {
      String base =
          ns == null
              ? "/apis/" + RestoreApi.API_VERSION + "/" + RestoreApi.PLURAL
              : "/apis/" + RestoreApi.API_VERSION + "/namespaces/" + ns + "/" + RestoreApi.PLURAL;
      String cont = null;
      do {
        Map<String, String> query =
            new java.util.HashMap<>(Map.of("limit", Integer.toString(pageSize)));
        if (cont != null) {
          query.put("continue", cont);
        }
        JsonNode page = raw.call("GET", base, null, null, query);
        for (JsonNode item : page.path("items")) {
          Neo4jRestore r;
          try {
            r = ApiMapper.json().treeToValue(item, Neo4jRestore.class);
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            out.println("skipping unreadable item: " + e.getOriginalMessage());
            continue;
          }
          Decision decision = decide(r);
          java.util.Optional<String> drill =
              decision == Decision.DONE ? drillDue(r, clock.instant()) : java.util.Optional.empty();
          if (decision == Decision.START) {
            start(r).ifPresent(started::add);
          } else if (drill.isPresent()) {
            startDrill(r, drill.get()).ifPresent(started::add);
          } else if (leftDrills != null && drillLeftBehind(r)) {
            cleanUpDrill(r);
          } else if (decision == Decision.DELETING && leftDrills != null && drillHoldsDeletion(r)) {
            if (r.status() == null || !Phases.RUNNING.equals(r.status().phase())) {
              cleanUpDrill(r); // deleted after (or before) its drill ran
            } else if (lostRunners != null) {
              checkRunner(r); // its runner cleans up; one gone for good is compensated
            }
          } else if ((decision == Decision.RUNNING || decision == Decision.WAIT_FOR_CURRENT_ATTEMPT)
              && lostRunners != null) {
            try {
              checkRunner(r);
            } catch (ApiException e) {
              if (e.getCode() != 403) {
                throw e;
              }
              // all-namespaces mode: listed here, but no rights in that namespace
              out.println(
                  "cannot check the runner of Neo4jRestore "
                      + r.metadata().namespace()
                      + "/"
                      + r.metadata().name()
                      + ": the dispatcher has no rights in namespace "
                      + r.metadata().namespace()
                      + "; run: kubectl neo4j-restore install --managed-namespace "
                      + r.metadata().namespace());
            }
          }
        }
        cont = page.at("/metadata/continue").asText("");
      } while (cont != null && !cont.isEmpty());
    }
    out.println(
        "dispatch: started "
            + started.size()
            + " runner Job(s)"
            + (started.isEmpty() ? "" : ": " + started));
    return started;
  }

  private void cleanUpDrill(Neo4jRestore r) {
    try {
      leftDrills.cleanUp(r);
    } catch (Exception e) {
      // the next sweep tries again; the record still says what is left and how to delete it
      out.println(
          "cannot delete what the drill of Neo4jRestore "
              + r.metadata().namespace()
              + "/"
              + r.metadata().name()
              + " left: "
              + e.getMessage());
    }
  }

  /** A Running restore whose runner Job is gone for good is compensated (reason RunnerLost). */
  private void checkRunner(Neo4jRestore r) throws ApiException {
    String ns = r.metadata().namespace();
    String job = r.status().attempt().runnerJob();
    if (job == null || job.isEmpty()) {
      return; // run outside a Job (by hand): nothing to judge it by
    }
    JsonNode jobNode = raw.find("/apis/batch/v1/namespaces/" + ns + "/jobs/" + job).orElse(null);
    List<JsonNode> pods = new ArrayList<>();
    raw.call(
            "GET",
            "/api/v1/namespaces/" + ns + "/pods",
            null,
            null,
            Map.of("labelSelector", "job-name=" + job))
        .path("items")
        .forEach(pods::add);
    JsonNode warning = null;
    for (JsonNode e :
        raw.call(
                "GET",
                "/api/v1/namespaces/" + ns + "/events",
                null,
                null,
                Map.of(
                    "fieldSelector",
                    "involvedObject.kind=Job,involvedObject.name=" + job + ",type=Warning"))
            .path("items")) {
      warning = e;
    }
    java.util.Optional<String> lost =
        RunnerLiveness.lost(job, jobNode, pods, warning, clock.instant(), startBound);
    if (lost.isEmpty()) {
      return;
    }
    String path = RestoreApi.path(ns, r.metadata().name());
    String now = raw.find(path).map(n -> n.at("/metadata/resourceVersion").asText()).orElse("");
    if (!now.equals(r.metadata().resourceVersion())) {
      return; // it changed since the list (a runner came back?): judge it again next sweep
    }
    out.println(
        "Neo4jRestore " + ns + "/" + r.metadata().name() + " lost its runner: " + lost.get());
    try {
      lostRunners.compensate(r, lost.get());
    } catch (Exception e) {
      out.println("could not compensate for " + ns + "/" + r.metadata().name() + ": " + e);
    }
  }

  private java.util.Optional<String> start(Neo4jRestore r) throws ApiException {
    long generation = r.metadata().generation() == null ? 1 : r.metadata().generation();
    RunnerJobs.Request request =
        new RunnerJobs.Request(
            r.metadata().namespace(),
            r.metadata().name(),
            r.metadata().uid(),
            generation,
            r.metadata().annotation(Annotations.RETRY),
            runnerImage);
    String name = RunnerJobs.name(request);
    String where = r.metadata().namespace() + "/" + name;
    try {
      raw.post(
          "/apis/batch/v1/namespaces/" + r.metadata().namespace() + "/jobs",
          RunnerJobs.job(request),
          Map.of());
      out.println(
          "started runner Job "
              + where
              + " for Neo4jRestore "
              + r.metadata().name()
              + " (generation "
              + generation
              + ")");
      return java.util.Optional.of(where);
    } catch (ApiException e) {
      if (e.getCode() == 409) {
        return java.util.Optional.empty(); // someone (the plugin, another dispatcher) was first
      }
      if (e.getCode() == 403) {
        // all-namespaces mode lists everywhere but may start runners only where install put them
        out.println(
            "not starting Neo4jRestore "
                + r.metadata().namespace()
                + "/"
                + r.metadata().name()
                + ": the dispatcher may not create Jobs in namespace "
                + r.metadata().namespace()
                + " (the runner is not installed there); run: kubectl neo4j-restore install"
                + " --managed-namespace "
                + r.metadata().namespace());
        return java.util.Optional.empty();
      }
      out.println(
          "could not start runner Job "
              + where
              + ": HTTP "
              + e.getCode()
              + " "
              + e.getResponseBody());
      throw e;
    }
  }
}

package io.neo4jrestore.runner.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.common.Sleeper;
import io.neo4jrestore.runner.neo4j.DatabasePort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * Fault injection for one in-process runner, at the boundaries it really has: its HTTP calls to the
 * API server (an OkHttp interceptor: status writes, scale patches, Job creation), its Neo4j port,
 * its clock and its sleeper. It follows the step in progress from the status the runner writes,
 * records which injection points each step reaches, and fires one armed fault in one step.
 */
final class Faults implements Interceptor, Sleeper {
  /** The faults of the matrix, each with the injection point it needs a step to reach. */
  enum Kind {
    RESTORE_JOB_FAILS("restore Job fails", Point.RESTORE_JOB, false),
    DATA_VOLUME_REPLACED(
        "a data PVC deleted while scaled down (new, empty one on scale-up)",
        Point.RESTORE_JOB,
        false),
    BOLT_UNAVAILABLE("Bolt unavailable", Point.BOLT, false),
    SCALE_REFUSED("StatefulSet patch refused", Point.SCALE, false),
    DEADLINE_EXCEEDED("deadline exceeded", Point.WAIT, false),
    API_UNAVAILABLE("API server unavailable once (HTTP 503)", Point.API, true);

    final String title;
    final Point point;

    /** A transient fault: the step is run again and the restore completes. */
    final boolean survived;

    Kind(String title, Point point, boolean survived) {
      this.title = title;
      this.point = point;
      this.survived = survived;
    }
  }

  /** Where a step touches the outside. */
  enum Point {
    RESTORE_JOB,
    BOLT,
    SCALE,
    WAIT,
    API
  }

  /**
   * The runner "process" ends here, as if its pod were lost. Not an Exception: nothing catches it.
   */
  static final class RunnerKilled extends Error {
    RunnerKilled(String where) {
      super("runner killed after " + where);
    }
  }

  /** A clock that can jump ahead (a deadline passes at once). */
  static final class JumpClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    void jump(Duration d) {
      offset = offset.plus(d);
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  final JumpClock clock = new JumpClock();
  private final Map<String, Set<Point>> hits = Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<String> writes = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> lastStates = new LinkedHashMap<>();
  private volatile String step;
  private volatile Thread runner;
  private volatile int killAfterWrite = -1;
  private volatile String killAfterLabel;
  private volatile String killAfterRequest;
  private volatile Kind armed;
  private volatile String armedStep;
  private volatile boolean fired;
  private volatile boolean refuseScaleUp;
  private volatile boolean boltDownForStart;
  private volatile String boltDownFor;
  private volatile Consumer<String> onRestoreJob = job -> {};
  private volatile Runnable onVolumes = () -> {};
  private volatile String enterStep;
  private volatile OnEnter onEnter;
  private JsonNode lastUndo;

  /** Kills the runner right after its {@code n}-th status write (1-based). */
  Faults killAfterWrite(int n) {
    this.killAfterWrite = n;
    return this;
  }

  /**
   * Kills the runner right after the first {@code method} request to a path matching {@code path}.
   */
  Faults killAfterRequest(String method, String path) {
    this.killAfterRequest = method + " " + path;
    return this;
  }

  /** Kills the runner right after the first status write described as {@code label}. */
  Faults killAfter(String label) {
    this.killAfterLabel = label;
    return this;
  }

  /** Fires {@code kind} once, at its injection point, while {@code inStep} is in progress. */
  Faults arm(Kind kind, String inStep) {
    this.armed = kind;
    this.armedStep = inStep;
    return this;
  }

  /** Every scale-up is refused and every START DATABASE fails: compensation cannot succeed. */
  Faults breakCompensation() {
    this.refuseScaleUp = true;
    this.boltDownForStart = true;
    return this;
  }

  /** Something done on the runner's thread when a step starts (holding back what it awaits). */
  @FunctionalInterface
  interface OnEnter {
    void run() throws Exception;
  }

  /** Runs {@code action} when {@code inStep} starts, before the runner goes on. */
  Faults onEnter(String inStep, OnEnter action) {
    this.enterStep = inStep;
    this.onEnter = action;
    return this;
  }

  /**
   * Called (on the runner's thread, before the restore Job is created: the target is at 0) when
   * {@link Kind#DATA_VOLUME_REPLACED} fires: the test deletes a data PVC there.
   */
  Faults onVolumes(Runnable callback) {
    this.onVolumes = callback;
    return this;
  }

  /** Called with the name of every restore Job the runner creates. */
  Faults onRestoreJob(Consumer<String> callback) {
    this.onRestoreJob = callback;
    return this;
  }

  /** The thread the runner runs on (sleeps of other threads, e.g. Lease renewal, are not waits). */
  void runnerThread(Thread t) {
    this.runner = t;
  }

  boolean fired() {
    return fired;
  }

  List<String> writes() {
    return List.copyOf(writes);
  }

  /** The injection points each step reached (step null: before the first step). */
  Map<String, Set<Point>> hits() {
    synchronized (hits) {
      return new LinkedHashMap<>(hits);
    }
  }

  private void hit(Point p) {
    hits.computeIfAbsent(String.valueOf(step), k -> new LinkedHashSet<>()).add(p);
  }

  private boolean fire(Kind kind) {
    if (armed == kind && step != null && step.equals(armedStep) && !fired) {
      fired = true;
      return true;
    }
    return false;
  }

  // --- the API server side ---

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String path = request.url().encodedPath();
    String method = request.method();
    boolean statusWrite =
        "PATCH".equals(method) && path.endsWith("/status") && path.contains("/neo4jrestores/");
    if (!statusWrite && Thread.currentThread() == runner) {
      hit(Point.API);
      if (fire(Kind.API_UNAVAILABLE)) {
        return failure(
            request, 503, "ServiceUnavailable", "the API server is restarting (injected)");
      }
    }
    if ("PATCH".equals(method) && path.matches(".*/statefulsets/[^/]+/scale")) {
      hit(Point.SCALE);
      JsonNode patch = ApiMapper.json().readTree(body(request));
      boolean up = patch.at("/spec/replicas").asInt(0) > 0;
      if (fire(Kind.SCALE_REFUSED) || (refuseScaleUp && up)) {
        return failure(request, 403, "Forbidden", "statefulsets/scale refused (injected)");
      }
    }
    if ("POST".equals(method) && path.endsWith("/jobs")) {
      JsonNode job = ApiMapper.json().readTree(body(request));
      if (JobRole.RESTORE
          .label()
          .equals(job.at("/metadata/labels").path(Labels.COMPONENT).asText())) {
        hit(Point.RESTORE_JOB);
        if (fire(Kind.RESTORE_JOB_FAILS)) {
          onRestoreJob.accept(job.at("/metadata/name").asText());
        }
        if (fire(Kind.DATA_VOLUME_REPLACED)) {
          onVolumes.run();
        }
      }
    }
    Response response = chain.proceed(request);
    String call = method + " " + path;
    if (killAfterRequest != null && call.matches(killAfterRequest) && response.isSuccessful()) {
      killAfterRequest = null;
      response.close();
      throw new RunnerKilled(call);
    }
    if (statusWrite) {
      String label = track(ApiMapper.json().readTree(body(request)));
      writes.add(label);
      if (response.isSuccessful()
          && (writes.size() == killAfterWrite || label.equals(killAfterLabel))) {
        response.close();
        throw new RunnerKilled("status write " + writes.size() + " (" + label + ")");
      }
    }
    return response;
  }

  /** Follows the step in progress; describes the write by the step entry it changed. */
  private synchronized String track(JsonNode patch) {
    String changed = null;
    String running = null;
    for (JsonNode s : patch.at("/status/steps")) {
      String name = s.path("name").asText();
      String state = s.path("state").asText();
      if ("Running".equals(state)) {
        running = name;
      }
      if (!state.equals(lastStates.put(name, state))) {
        changed = name + " " + state;
      }
    }
    boolean first = lastStates.isEmpty() && patch.at("/status/steps").isEmpty();
    JsonNode undo = patch.at("/status/undo");
    List<String> undone = new ArrayList<>();
    undo.fieldNames()
        .forEachRemaining(
            f -> {
              if (lastUndo == null || !undo.get(f).equals(lastUndo.get(f))) {
                // names carry the restore's UID hash, volumes their UIDs: shown as set, so the
                // matrix reads the same
                undone.add(
                    undo.get(f).isTextual() || undo.get(f).isContainerNode()
                        ? f + " set"
                        : f + "=" + undo.get(f));
              }
            });
    lastUndo = undo.isMissingNode() || undo.isNull() ? lastUndo : undo.deepCopy();
    if (first) {
      return "Pending (runner started, before the first step)";
    }
    if (changed != null) {
      return changed;
    }
    String where = running != null ? running : "between steps";
    return undone.isEmpty()
        ? "status update in " + where
        : "undo record in " + where + ": " + String.join(", ", undone);
  }

  // --- the runner's log: the step in progress ---

  private static final Pattern STARTED = Pattern.compile("\\S+ (\\w+): started");
  private final List<String> started = Collections.synchronizedList(new ArrayList<>());

  /**
   * The runner's log, written to {@code out}; its "STEP: started" lines tell which step is in
   * progress (status is not written at the start of every step), and run {@link #onEnter}.
   */
  PrintStream log(OutputStream out) {
    OutputStream lines =
        new OutputStream() {
          private final ByteArrayOutputStream line = new ByteArrayOutputStream();

          @Override
          public void write(int b) throws IOException {
            out.write(b);
            if (b == '\n') {
              started(line.toString(StandardCharsets.UTF_8));
              line.reset();
            } else {
              line.write(b);
            }
          }
        };
    return new PrintStream(lines, true, StandardCharsets.UTF_8);
  }

  /** The steps the runner started, in order. */
  List<String> started() {
    return List.copyOf(started);
  }

  private void started(String line) {
    Matcher m = STARTED.matcher(line.strip());
    if (!m.matches() || !Steps.ORDER.contains(m.group(1))) {
      return;
    }
    step = m.group(1);
    started.add(step);
    if (step.equals(enterStep) && onEnter != null) {
      try {
        onEnter.run();
      } catch (Exception e) {
        throw new IllegalStateException("cannot hold back what " + step + " awaits", e);
      }
    }
  }

  private static String body(Request request) throws IOException {
    if (request.body() == null) {
      return "{}";
    }
    Buffer buffer = new Buffer();
    request.body().writeTo(buffer);
    return buffer.readUtf8();
  }

  private static Response failure(Request request, int code, String reason, String message) {
    String status =
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\""
            + message
            + "\",\"reason\":\""
            + reason
            + "\",\"code\":"
            + code
            + "}";
    return new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(code)
        .message(reason)
        .body(ResponseBody.create(status, MediaType.get("application/json")))
        .build();
  }

  // --- the runner's clock and waits ---

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (Thread.currentThread() == runner) {
      hit(Point.WAIT);
      if (fire(Kind.DEADLINE_EXCEEDED)) {
        clock.jump(Duration.ofDays(1));
      }
    }
    Thread.sleep(duration.toMillis());
  }

  @Override
  public void await(Sleeper.Pause pause, Duration max) throws InterruptedException {
    if (Thread.currentThread() == runner) {
      hit(Point.WAIT);
      if (fire(Kind.DEADLINE_EXCEEDED)) {
        clock.jump(Duration.ofDays(1));
      }
    }
    pause.await(max);
  }

  // --- the Neo4j side ---

  /** {@code database} behind the Bolt faults. */
  DatabasePort database(FakeDatabase database) {
    return new DatabasePort() {
      private void call(String what) {
        hit(Point.BOLT);
        if (fire(Kind.BOLT_UNAVAILABLE)) {
          boltDownFor = what; // the step's retries of this call fail too; other calls work
        }
        if (what.equals(boltDownFor) || ("start".equals(what) && boltDownForStart)) {
          throw new RestoreFailure(
              Reasons.BRING_UP_FAILED,
              "Neo4j is unavailable over Bolt (injected: connection refused) during " + what,
              true,
              null);
        }
      }

      @Override
      public boolean exists(String db) {
        call("exists");
        return database.exists(db);
      }

      @Override
      public void stop(String db, Duration wait) {
        call("stop");
        database.stop(db, wait);
      }

      @Override
      public void start(String db, Duration wait) {
        call("start");
        database.start(db, wait);
      }

      @Override
      public void bringUp(String db, boolean existed, String seederPod, Duration deadline) {
        call("bringUp");
        database.bringUp(db, existed, seederPod, deadline);
      }

      @Override
      public void runStatement(String db, String statement) {
        call("statement");
        database.runStatement(db, statement);
      }

      @Override
      public java.util.List<java.util.Map<String, Object>> query(String db, String statement) {
        call("query");
        return database.query(db, statement);
      }

      @Override
      public void close() {}
    };
  }
}

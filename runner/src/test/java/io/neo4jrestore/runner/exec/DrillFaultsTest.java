package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.Condition;
import io.neo4jrestore.api.model.DrillRecord;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.drill.DrillServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neo4j.driver.exceptions.ServiceUnavailableException;

/**
 * Faults injected into each drill step that talks to Kubernetes or Neo4j, armed when the runner
 * logs that the step started so that they hit that step's calls: an API server answering 503, a
 * status write answering 409, the drill server's Bolt port down. The drill either runs the step
 * again and passes, or fails with a reason that names what failed; either way everything it created
 * is gone at the end and the target was only read. docs/drills.md ("Faults per step") has the
 * table.
 */
class DrillFaultsTest extends InMemoryDrills {
  /** How the runner logs a step it runs again after a 503 (the step's name first). */
  private static final String HTTP_503 = ": API server: HTTP 503; trying the step again in 1s";

  /** "Bolt down" for as long as a drill runs. */
  private static final int DOWN = Integer.MAX_VALUE;

  /**
   * One row: at the start of {@code step}, {@code inject} arms {@code fault}. The drill passes
   * ({@code reason} null; {@code says}, when set, is in the runner's log: what ran again) or fails
   * with {@code reason} and a message that says {@code says}.
   */
  record Fault(
      String step, String fault, Consumer<DrillFaultsTest> inject, String reason, String says) {
    @Override
    public String toString() {
      return step + ", " + fault + ": " + (reason == null ? "passes" : reason);
    }
  }

  static Stream<Fault> faults() {
    String retried = "blocking the port)?; trying the step again in 1s";
    return Stream.of(
        api503(Steps.RESOLVE_TARGET, "reading the target", "object", ""),
        write(Steps.CLAIM, 503),
        write(Steps.CLAIM, 409),
        api503(Steps.RESOLVE_SOURCE, "reading the target's pod", "pod", ""),
        write(Steps.CREATE_DRILL_SERVER, 409),
        delete503(Steps.CREATE_DRILL_SERVER, "deleting an earlier drill's objects"),
        api503(Steps.CREATE_DRILL_SERVER, "creating the StatefulSet", "createObject", STS),
        api503(Steps.CREATE_DRILL_SERVER, "creating the claim", "createObject", PVC),
        api503(Steps.CREATE_DRILL_SERVER, "creating the Service", "createObject", SVC),
        write(Steps.RESTORE, 409),
        api503(Steps.RESTORE, "creating the restore Job", "createJob", JOBS),
        write(Steps.START_DRILL_SERVER, 409),
        api503(Steps.START_DRILL_SERVER, "scaling the server to 1", "scale", STS),
        write(Steps.BRING_UP_DATABASE, 409),
        passes(Steps.BRING_UP_DATABASE, "Bolt down for one statement", boltDown(1), retried),
        fails(
            Steps.BRING_UP_DATABASE,
            "Bolt down",
            Reasons.BRING_UP_FAILED,
            "creating orders on the drill server drill-r-"),
        write(Steps.RUN_ASSERTIONS, 409),
        passes(Steps.RUN_ASSERTIONS, "Bolt down for one statement", boltDown(1), retried),
        fails(
            Steps.RUN_ASSERTIONS,
            "Bolt down",
            Reasons.DRILL_SERVER_NOT_READY,
            " did not answer assertion 0 (of 2, 0-based): "),
        write(Steps.CLEAN_UP_DRILL, 409),
        delete503(Steps.CLEAN_UP_DRILL, "deleting the StatefulSet"),
        write(Steps.FINISH, 409),
        write(Steps.FINISH, 503));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void a_fault_in_a_drill_step_is_retried_or_fails_the_drill_and_nothing_of_it_is_left(Fault f) {
    AtomicBoolean armed = new AtomicBoolean();
    out.on(
        f.step(),
        () -> {
          f.inject().accept(this);
          armed.set(true);
        });

    RunnerExit exit = run(drill(5));

    Neo4jRestore done = stored();
    assertTrue(armed.get(), "armed when " + f.step() + " started");
    assertEquals(0, world.faultsLeft(), "the fault armed at " + f.step() + " hit");
    Condition passed = done.status().condition(Conditions.DRILL_PASSED);
    DrillRecord d = lastDrill();
    if (f.reason() == null) {
      assertEquals(RunnerExit.SUCCEEDED, exit, out.toString());
      assertEquals(Phases.COMPLETED, done.status().phase(), done.status().message());
      assertEquals(Conditions.TRUE, passed.status());
      assertEquals(DrillRecord.PASSED, d.outcome());
      if (f.says() != null) {
        assertTrue(out.toString().contains(f.says()), "ran again: " + out);
      }
    } else {
      assertEquals(RunnerExit.FAILED, exit, out.toString());
      assertEquals(Phases.FAILED, done.status().phase());
      assertEquals(Conditions.FALSE, passed.status());
      assertEquals(f.reason(), passed.reason());
      assertEquals(Conditions.TRUE, done.status().condition(Conditions.STALLED).status());
      assertEquals(DrillRecord.FAILED, d.outcome());
      assertEquals(f.reason(), d.reason());
      assertTrue(d.message().contains(f.says()), d.message());
      assertTrue(d.message().contains("could not reach Neo4j"), "Bolt down: " + d.message());
      assertTrue(
          world.events().stream()
              .anyMatch(e -> "Warning".equals(e.type()) && f.reason().equals(e.reason())),
          "a Warning " + f.reason() + " event");
    }
    assertEquals("done", d.cleanup());
    assertNothingLeft();
    assertTargetUntouched();
  }

  /**
   * A cleanup that keeps failing (the StatefulSet's delete answers 503 every time the runner
   * tries), after a drill that passed and after one that failed: the record and a Warning event say
   * what is left and the {@code kubectl delete} that removes it; the next drill of the resource
   * deletes it before it creates its own server.
   */
  @ParameterizedTest(name = "after a drill that {0}")
  @MethodSource("cleanupFailures")
  void a_cleanup_that_keeps_failing_says_what_is_left_and_the_next_drill_deletes_it(
      String outcome, String step, boolean boltDown) throws Exception {
    out.on(
        step,
        () -> {
          if (boltDown) {
            boltDown(DOWN).accept(this);
          }
          for (int i = 0; i < DrillOutcome.CLEANUP_ATTEMPTS; i++) {
            world.failNext("deleteLabelled", STS, 503);
          }
        });

    run(drill(5));

    Neo4jRestore done = stored();
    String uid = done.metadata().uid();
    String drill = DrillServer.name("r", uid);
    assertEquals(0, world.faultsLeft(), "every attempt of the cleanup failed");
    DrillRecord d = lastDrill();
    assertEquals(outcome, d.outcome());
    String how =
        "failed: API server: HTTP 503; left: StatefulSet ns/"
            + drill
            + " with its claim, Service and restore Job; delete it with: kubectl -n ns delete"
            + " statefulset -l restore.neo4j.neo4j.com/drill="
            + uid
            + " (the others go with it)";
    assertEquals(how, d.cleanup());
    if (DrillRecord.FAILED.equals(outcome)) {
      assertTrue(d.message().endsWith("; DRILL CLEANUP " + how), d.message());
    } else {
      assertTrue(
          world.events().stream()
              .anyMatch(
                  e ->
                      "Warning".equals(e.type())
                          && "DrillCleanupFailed".equals(e.reason())
                          && e.message().equals(how)),
          "a Warning DrillCleanupFailed event says how");
    }
    assertTrue(world.collectionNames(STS).contains(drill), "the drill server is left");
    assertTargetUntouched();

    server.notFailing("");
    clock.sleep(Duration.ofMinutes(1));
    retry("t2");
    Since since = since();
    RunnerExit next = run(stored());

    assertEquals(RunnerExit.SUCCEEDED, next, out.toString());
    since.calls().inOrder("deleteLabelled " + STS, "createObject " + STS + "/" + drill);
    assertTrue(
        out.toString().contains("drill cleanup: deleted StatefulSet [" + drill + "]"),
        out.toString());
    assertNothingLeft();
    assertTargetUntouched();
  }

  @Test
  void the_dispatcher_deletes_what_a_failed_cleanup_left_and_the_record_says_so() throws Exception {
    out.on(
        Steps.CLEAN_UP_DRILL,
        () -> {
          for (int i = 0; i < DrillOutcome.CLEANUP_ATTEMPTS; i++) {
            world.failNext("deleteLabelled", STS, 503);
          }
        });
    run(drill(5));
    Neo4jRestore left = stored();
    String drill = DrillServer.name("r", left.metadata().uid());
    assertTrue(world.collectionNames(STS).contains(drill), "the drill server is left");
    assertTrue(
        io.neo4jrestore.runner.dispatch.Dispatcher.drillLeftBehind(left), "the sweep's choice");

    RunnerExit exit =
        new Runner(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8))
            .cleanUpLeftDrill(drillContext(left));

    Neo4jRestore done = stored();
    assertEquals(RunnerExit.SUCCEEDED, exit, out.toString());
    assertNothingLeft();
    assertTargetUntouched();
    DrillRecord d = lastDrill();
    assertEquals(DrillRecord.PASSED, d.outcome(), "the drill's outcome is kept");
    assertTrue(d.cleanup().startsWith("done by the dispatcher at "), d.cleanup());
    assertEquals(left.status().phase(), done.status().phase());
    assertEquals(left.status().drills().size(), done.status().drills().size());
    assertTrue(
        world.events().stream()
            .anyMatch(
                e -> "Normal".equals(e.type()) && Reasons.DRILL_CLEANED_UP.equals(e.reason())),
        "a Normal DrillCleanedUp event");
    assertTrue(
        !io.neo4jrestore.runner.dispatch.Dispatcher.drillLeftBehind(done),
        "the next sweep leaves it alone");

    // a second call finds nothing to do and makes no call
    int calls = world.calls().size();
    assertEquals(
        RunnerExit.SUCCEEDED,
        new Runner(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8))
            .cleanUpLeftDrill(drillContext(done)));
    assertEquals(calls, world.calls().size(), "no call");
  }

  /** The drill's outcome; the step at whose start the faults are armed; whether Bolt is down. */
  static Stream<Arguments> cleanupFailures() {
    return Stream.of(
        Arguments.of(DrillRecord.PASSED, Steps.CLEAN_UP_DRILL, false),
        Arguments.of(DrillRecord.FAILED, Steps.RUN_ASSERTIONS, true));
  }

  /**
   * A 503 that outlasts the step's retry window: the runner exits "cannot run" without cleaning up
   * (the API server is what is failing), the runner Job's next pod resumes the drill at the step,
   * and that drill passes and deletes everything.
   */
  @Test
  void an_api_server_down_for_longer_than_the_retry_window_is_resumed_by_the_next_runner_pod() {
    out.on(
        Steps.START_DRILL_SERVER,
        () -> {
          for (int i = 0; i < 10; i++) {
            world.failNext("scale", STS, 503);
          }
        });

    RunnerExit first = run(drill(5));

    assertEquals(RunnerExit.CANNOT_RUN, first, out.toString());
    assertEquals(Phases.RUNNING, stored().status().phase());
    String drill = DrillServer.name("r", stored().metadata().uid());
    assertTrue(world.collectionNames(STS).contains(drill), "left for the next runner pod");
    RunnerExit next = first;
    for (int pods = 1; next == RunnerExit.CANNOT_RUN && pods < 10; pods++) {
      next = run(stored()); // the runner Job's next pod, while the API server still fails
    }

    assertEquals(RunnerExit.SUCCEEDED, next, out.toString());
    assertEquals(0, world.faultsLeft());
    assertEquals(DrillRecord.PASSED, lastDrill().outcome());
    assertEquals("done", lastDrill().cleanup());
    assertNothingLeft();
    assertTargetUntouched();
  }

  private static Fault passes(
      String step, String fault, Consumer<DrillFaultsTest> inject, String logged) {
    return new Fault(step, fault, inject, null, logged);
  }

  /** The drill server's Bolt port down from the start of {@code step}: the drill fails. */
  private static Fault fails(String step, String fault, String reason, String message) {
    return new Fault(step, fault, boltDown(DOWN), reason, message);
  }

  /** A 503 on the step's next call of {@code method}: the step runs again and the drill passes. */
  private static Fault api503(String step, String what, String method, String path) {
    return passes(step, "503 " + what, api(method, path, 503), step + HTTP_503);
  }

  /** A 503 on the drill cleanup's delete (by label): the cleanup tries again and deletes. */
  private static Fault delete503(String step, String what) {
    return passes(
        step,
        "503 " + what,
        api("deleteLabelled", STS, 503),
        "drill cleanup: API server: HTTP 503; trying again in 1s");
  }

  /** {@code code} on the step's status write (the Completed write in Finish): written again. */
  private static Fault write(String step, int code) {
    return passes(step, code + " on its status write", statusWrite(code), null);
  }

  /** The next call of {@code method} on a path starting with {@code path} answers {@code code}. */
  private static Consumer<DrillFaultsTest> api(String method, String path, int code) {
    return t -> t.world.failNext(method, path, code);
  }

  /** The next status write answers {@code code}. */
  private static Consumer<DrillFaultsTest> statusWrite(int code) {
    return t -> t.world.failNext("writeStatus", "", code);
  }

  /** The drill server's Bolt port refuses the next {@code statements} statements. */
  private static Consumer<DrillFaultsTest> boltDown(int statements) {
    return t ->
        t.server.failing(
            "",
            new ServiceUnavailableException("Unable to connect to fake-neo4j:7687"),
            statements);
  }
}

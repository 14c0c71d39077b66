package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.Condition;
import io.neo4jrestore.api.model.UndoRecord;
import io.neo4jrestore.runner.common.RestoreFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a failed restore puts back: a named list of undo steps, each driven by the undo record (what
 * this attempt changed, written before it changed it), run in order. An undo step either puts its
 * change back, finds nothing to do, leaves something as it is on purpose (the database stays
 * stopped: that ends compensation and becomes the failure's reason), or cannot put it back (a
 * problem, with the commands to do it by hand; the next undo step still runs).
 */
final class Compensation {
  static final String SCALE_BACK = "ScaleBack";
  static final String KEEP_OFF_REPLACED_VOLUMES = "KeepOffReplacedVolumes";
  static final String START_DATABASE = "StartDatabase";

  /** The undo steps, in the order they run. */
  static final List<Undo> UNDO =
      List.of(new ScaleBack(), new KeepOffReplacedVolumes(), new StartDatabase());

  private Compensation() {}

  /** One named undo step. */
  interface Undo {
    String name();

    /** Whether the undo record says there is something to put back (or to decide). */
    boolean applies(RunContext c);

    Outcome undo(RunContext c);
  }

  /** What one undo step did. */
  sealed interface Outcome permits Done, Left, Problem {}

  /** Put back. */
  record Done() implements Outcome {}

  /**
   * Left as it is on purpose: compensation ends here, and {@code reason} becomes the failure's
   * reason, {@code note} part of its message.
   */
  record Left(String reason, String note) implements Outcome {}

  /** Could not be put back: how to do it by hand. */
  record Problem(String how) implements Outcome {}

  /**
   * What compensation did: the undo steps that put something back, what was left on purpose (or
   * null), and what could not be put back.
   */
  record Result(List<String> done, Left left, List<String> problems) {
    /** Whether any undo step changed something. */
    boolean changed() {
      return !done.isEmpty();
    }
  }

  /** Runs every undo step that applies, in order, until one leaves something on purpose. */
  static Result run(RunContext c, List<Undo> steps, Consumer<String> log) {
    List<String> done = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Undo step : steps) {
      if (!step.applies(c)) {
        continue;
      }
      log.accept("compensating: " + step.name());
      Outcome outcome;
      try {
        outcome = step.undo(c);
      } catch (RuntimeException e) {
        outcome = new Problem(step.name() + " stopped: " + e.getMessage());
      }
      if (outcome instanceof Left left) {
        return new Result(List.copyOf(done), left, List.copyOf(problems));
      }
      if (outcome instanceof Problem problem) {
        problems.add(problem.how());
      } else {
        done.add(step.name());
      }
    }
    return new Result(List.copyOf(done), null, List.copyOf(problems));
  }

  static Result run(RunContext c, Consumer<String> log) {
    return run(c, UNDO, log);
  }

  /**
   * Scale back to the recorded replicas, wait until Ready, check the data volumes, lift the pause:
   * step {@link StartClusterStep}, run again. Back up on replaced volumes, the database is left off
   * them.
   */
  static final class ScaleBack implements Undo {
    private final StartClusterStep start = new StartClusterStep();

    @Override
    public String name() {
      return SCALE_BACK;
    }

    @Override
    public boolean applies(RunContext c) {
      return start.applies(c);
    }

    @Override
    public Outcome undo(RunContext c) {
      UndoRecord undo = c.status().undo();
      if (!c.hasTarget()) {
        return new Problem(
            "the target could not be resolved, so it was not scaled back; scale its StatefulSet"
                + " back to "
                + undo.originalReplicas()
                + " replicas and remove the annotation "
                + Annotations.OPERATOR_RESTORE_IN_PROGRESS
                + " from it");
      }
      try {
        c.status().stepDone(start.name(), Steps.SUCCEEDED, start.execute(c), c.now());
        return new Done();
      } catch (RestoreFailure f) {
        if (!Reasons.DATA_VOLUME_REPLACED.equals(f.reason())) {
          return new Problem(scaleBackFailed(c, undo, f));
        }
        // the target is back up, on volumes that are not the ones it had
        c.status().stepDone(start.name(), Steps.FAILED, f.getMessage(), c.now());
        return new Left(Reasons.DATA_VOLUME_REPLACED, f.getMessage() + "; " + volumeNote(c));
      } catch (Exception e) {
        return new Problem(scaleBackFailed(c, undo, e));
      }
    }
  }

  /** The data volumes were found replaced (now or earlier): nothing starts on them. */
  static final class KeepOffReplacedVolumes implements Undo {
    @Override
    public String name() {
      return KEEP_OFF_REPLACED_VOLUMES;
    }

    @Override
    public boolean applies(RunContext c) {
      Condition volumes = c.status().condition(Conditions.DATA_VOLUMES_INTACT);
      return volumes != null && Conditions.FALSE.equals(volumes.status());
    }

    @Override
    public Outcome undo(RunContext c) {
      return new Left(Reasons.DATA_VOLUME_REPLACED, volumeNote(c));
    }
  }

  /**
   * Start the database this restore stopped, unless its store may be half-written: then it is left
   * stopped, and a retry restores it.
   */
  static final class StartDatabase implements Undo {
    @Override
    public String name() {
      return START_DATABASE;
    }

    @Override
    public boolean applies(RunContext c) {
      UndoRecord undo = c.status().undo();
      return undo.is(undo.databaseStopped());
    }

    @Override
    public Outcome undo(RunContext c) {
      UndoRecord undo = c.status().undo();
      String db = c.restore().spec().databaseName();
      if (undo.is(undo.storeMayBeIncomplete()) && undo.is(undo.databaseExisted())) {
        return new Left(
            Reasons.RESTORE_INCOMPLETE,
            "database "
                + db
                + " is left STOPPED because the restore may have half-written its store;"
                + " retry with: "
                + c.retryCommand());
      }
      try {
        c.database().start(db, c.bounds().databaseCommand());
      } catch (Exception e) {
        return new Problem(
            "starting database "
                + db
                + " failed ("
                + e.getMessage()
                + "); run in cypher-shell against system: START DATABASE `"
                + db.replace("`", "``")
                + "`");
      }
      c.status().undo(undo.withDatabaseStopped(false));
      c.event(
          "Normal",
          "DatabaseStarted",
          "started database " + db + " again after the failed restore");
      return new Done();
    }
  }

  /** Why the database stays off the replaced volumes, as the failure message says it. */
  private static String volumeNote(RunContext c) {
    UndoRecord undo = c.status().undo();
    String db = c.restore().spec().databaseName();
    return undo.is(undo.databaseStopped())
        ? "database " + db + " is left STOPPED: it is not started on a replaced volume"
        : "database " + db + " is not brought up on a replaced volume";
  }

  /** The commands that put the target back by hand when the runner could not. */
  private static String scaleBackFailed(RunContext c, UndoRecord undo, Exception e) {
    return "scale back failed ("
        + e.getMessage()
        + "); run: kubectl -n "
        + c.namespace()
        + " scale statefulset/"
        + c.target().statefulSet()
        + " --replicas="
        + undo.originalReplicas()
        + " && kubectl -n "
        + c.namespace()
        + " annotate "
        + c.target().kind().plural()
        + "/"
        + c.target().name()
        + " "
        + Annotations.OPERATOR_RESTORE_IN_PROGRESS
        + "-";
  }
}

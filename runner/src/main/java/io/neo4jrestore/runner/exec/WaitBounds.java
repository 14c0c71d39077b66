package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.validation.Durations;
import io.neo4jrestore.runner.job.BackupInspect;
import java.time.Duration;

/**
 * The bound of every wait of one restore, derived from {@code spec.timeout} so that a large
 * database (whose restore needs a long timeout) also gets the time to stop, start and come online
 * (pure; docs/runner.md, "Transient errors and deadlines"). With {@code T} = {@code spec.timeout}
 * ({@link RunnerSettings#defaultRestoreTimeout()}, 6 h, when absent), each wait gets a share of
 * {@code T}, never less than its floor from {@link RunnerSettings}:
 *
 * <pre>
 * restore Job            T (its activeDeadlineSeconds), the runner waits T + scaleUp floor
 * scale-down (pods gone) T / 12, floor scaleDown        (10 min)
 * scale-up (Ready)       T / 4,  floor scaleUp          (20 min)
 * STOP / START DATABASE  T / 24, floor databaseWait     (5 min)
 * bring-up (all online)  T / 2,  floor databaseWait     (5 min)
 * inspect / verify Job   T / 12, floor 15 min
 * </pre>
 *
 * Hook Jobs keep their own {@code job.timeout}; the lock wait, the "cannot start" bound and the
 * retry window of a transient error do not grow with the data and keep their settings.
 *
 * @param restoreJob the restore Job's {@code activeDeadlineSeconds}
 * @param restoreJobWait how long the runner waits for the restore Job to end
 * @param scaleDown how long the target's pods may take to go after scaling to 0
 * @param scaleUp how long the target may take to be Ready again
 * @param databaseCommand the WAIT bound of {@code STOP DATABASE} and {@code START DATABASE}
 * @param bringUp creating or recreating the database until every allocation is online
 * @param inspectJob the deadline of an inspect or verify Job
 */
public record WaitBounds(
    Duration restoreJob,
    Duration restoreJobWait,
    Duration scaleDown,
    Duration scaleUp,
    Duration databaseCommand,
    Duration bringUp,
    Duration inspectJob) {

  /** The bounds for {@code timeout} ({@code spec.timeout}, null when absent). */
  public static WaitBounds of(RunnerSettings floors, String timeout) {
    Duration t = timeout == null ? floors.defaultRestoreTimeout() : Durations.parse(timeout);
    return new WaitBounds(
        t,
        t.plus(floors.scaleUp()),
        max(t.dividedBy(12), floors.scaleDown()),
        max(t.dividedBy(4), floors.scaleUp()),
        max(t.dividedBy(24), floors.databaseWait()),
        max(t.dividedBy(2), floors.databaseWait()),
        max(t.dividedBy(12), BackupInspect.DEFAULT_DEADLINE));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}

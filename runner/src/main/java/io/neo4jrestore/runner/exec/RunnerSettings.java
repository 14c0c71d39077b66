package io.neo4jrestore.runner.exec;

import java.time.Duration;

/**
 * Bounds and intervals of the runner's waits. Every wait has a deadline; tests use short ones. The
 * waits that grow with the data are derived from {@code spec.timeout} ({@link WaitBounds}); the
 * values here are their floors.
 *
 * @param poll interval between polls of Kubernetes objects
 * @param scaleDown the least time the target's pods may take to go after scaling to 0
 * @param stayDown how long the StatefulSet must stay at 0 before restoring (an older operator
 *     re-asserts replicas)
 * @param scaleUp the least time the target may take to be Ready again
 * @param databaseWait the least WAIT bound of STOP/START DATABASE and of bring-up, and the window
 *     in which a step hit by transient errors is run again
 * @param defaultRestoreTimeout the restore Job's bound when {@code spec.timeout} is absent
 * @param unschedulable how long the restore Job's pod may stay unschedulable before failing
 */
public record RunnerSettings(
    Duration poll,
    Duration scaleDown,
    Duration stayDown,
    Duration scaleUp,
    Duration databaseWait,
    Duration defaultRestoreTimeout,
    Duration unschedulable) {

  public static RunnerSettings defaults() {
    return new RunnerSettings(
        Duration.ofSeconds(2),
        Duration.ofMinutes(10),
        Duration.ofSeconds(10),
        Duration.ofMinutes(20),
        Duration.ofMinutes(5),
        Duration.ofHours(6),
        Duration.ofMinutes(5));
  }
}

package io.neo4jrestore.runner.exec;

import java.time.Duration;

/**
 * Bounds and intervals of the runner's waits. Every wait has a deadline; tests use short ones.
 *
 * @param poll interval between polls of Kubernetes objects
 * @param scaleDown how long the target's pods may take to go after scaling to 0
 * @param stayDown how long the StatefulSet must stay at 0 before restoring (an older operator
 *     re-asserts replicas)
 * @param scaleUp how long the target may take to be Ready again
 * @param databaseWait the WAIT bound of STOP/START/CREATE DATABASE and of bring-up
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

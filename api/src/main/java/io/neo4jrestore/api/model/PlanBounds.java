package io.neo4jrestore.api.model;

/**
 * The bound of every wait of an attempt, in seconds, as derived from {@code spec.timeout} when the
 * attempt was claimed.
 *
 * @param restoreJob the restore Job's {@code activeDeadlineSeconds}
 * @param restoreJobWait how long the runner waits for the restore Job to end
 * @param scaleDown how long the target's pods may take to go after scaling to 0
 * @param scaleUp how long the target may take to be Ready again
 * @param databaseCommand the WAIT bound of {@code STOP DATABASE} and {@code START DATABASE}
 * @param bringUp creating or recreating the database until every allocation is online
 * @param inspectJob the deadline of an inspect or verify Job
 */
public record PlanBounds(
    Long restoreJob,
    Long restoreJobWait,
    Long scaleDown,
    Long scaleUp,
    Long databaseCommand,
    Long bringUp,
    Long inspectJob) {}

package io.neo4jrestore.api.model;

/**
 * PITR: how close the newest available log comes to the requested point in time.
 *
 * @param newestLogTime time of the newest transaction the chain covers
 * @param gap the measured gap between the newest log and the requested point, e.g. {@code 40s}
 * @param objective the configured {@code recoveryPointObjective}
 * @param met whether the gap is within the objective
 */
public record RecoveryPointStatus(
    String requested, String newestLogTime, String gap, String objective, Boolean met) {}

package io.neo4jrestore.api.model;

/**
 * One hook of the plan, by identity only: its statements and its Job's command and environment are
 * pinned by digest ({@link AttemptPlan#pinned()}), never written into status.
 *
 * @param phase {@code preRestore} or {@code postRestore}
 * @param kind {@code cypher} or {@code job}
 * @param statements how many Cypher statements (kind {@code cypher})
 * @param image the hook Job's image (kind {@code job})
 * @param timeout the hook Job's bound (kind {@code job})
 */
public record PlannedHook(
    String phase, String kind, Integer statements, String image, String timeout) {}

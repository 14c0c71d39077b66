package io.neo4jrestore.api.model;

/**
 * One hook's outcome. Statements and env values may hold secrets: only the index and a redacted
 * preview are recorded.
 *
 * @param phase {@code preRestore} or {@code postRestore}
 * @param kind {@code cypher} or {@code job}
 * @param index position of the statement in {@code cypherStatements} (0-based)
 * @param preview a redacted, shortened preview of the statement
 * @param jobName the hook Job's name (kind {@code job})
 * @param state {@code Running}, {@code Succeeded} or {@code Failed}
 */
public record HookOutcome(
    String phase,
    String kind,
    Integer index,
    String preview,
    String jobName,
    String state,
    String message,
    String startTime,
    String completionTime) {}

package io.neo4jrestore.api.model;

/**
 * One runner step.
 *
 * @param name step name from {@link io.neo4jrestore.api.Steps}
 * @param state {@code Pending}, {@code Running}, {@code Succeeded}, {@code Failed} or {@code
 *     Skipped}
 * @param progress free text the runner updates while the step runs, e.g. {@code 1.2GiB of 4GiB}
 */
public record StepStatus(
    String name,
    String state,
    String startTime,
    String completionTime,
    String message,
    String progress) {}

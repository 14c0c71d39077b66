package io.neo4jrestore.api.model;

/**
 * A {@code metav1.Condition}: {@code status} is {@code True}, {@code False} or {@code Unknown};
 * {@code reason} is a CamelCase constant from {@link io.neo4jrestore.api.Reasons}.
 */
public record Condition(
    String type,
    String status,
    String reason,
    String message,
    String lastTransitionTime,
    Long observedGeneration) {}

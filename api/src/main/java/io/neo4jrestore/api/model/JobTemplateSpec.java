package io.neo4jrestore.api.model;

/** The hook Job's container and retry budget. */
public record JobTemplateSpec(ContainerSpec container, Integer backoffLimit) {}

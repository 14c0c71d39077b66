package io.neo4jrestore.api.model;

/** A hook Job and its time bound (e.g. {@code 30m}). */
public record RestoreHookJob(JobTemplateSpec template, String timeout) {}

package io.neo4jrestore.api.model;

import java.util.List;

/** Cypher statements (run first, in order) and a Job, before or after the restore. */
public record RestoreHooks(RestoreHookJob job, List<String> cypherStatements) {}

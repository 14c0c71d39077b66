/**
 * What every package of the runner may use, at the bottom of its package graph: {@link
 * io.neo4jrestore.runner.common.RestoreFailure} (a step failed for a reason the runner understands)
 * and {@link io.neo4jrestore.runner.common.Sleeper} (how waits pass time). It imports no other
 * package of the runner, so the resolvers, the lock and the Neo4j adapter can fail and wait as the
 * executor does without depending on it.
 */
package io.neo4jrestore.runner.common;

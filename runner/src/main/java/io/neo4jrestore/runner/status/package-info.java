/**
 * The restore's status as the runner builds it: {@link io.neo4jrestore.runner.status.StatusDraft}
 * holds every transition (phase, conditions, steps, undo records) and gives the value that is
 * written. Pure: it reads no clock (callers pass the time) and writes nothing itself.
 */
package io.neo4jrestore.runner.status;

/**
 * The Jobs the runner creates in the target's Neo4j image, as pure functions: values in, {@code
 * V1Job}s and argument lists out. Nothing here calls the API server, reads the clock or the
 * environment, so every manifest is pinned by golden files.
 *
 * <ul>
 *   <li>{@link io.neo4jrestore.runner.job.AdditionalArgsPolicy}: which {@code additionalArgs} a
 *       restore may carry, per Neo4j version; checked before anything changes.
 *   <li>{@link io.neo4jrestore.runner.job.RestoreArguments}: the exec-form {@code neo4j-admin
 *       database restore} argument list.
 *   <li>{@link io.neo4jrestore.runner.job.RestoreJobBuilder}: the restore Job (DESIGN step 9) from
 *       a {@link io.neo4jrestore.runner.job.RestoreJobRequest}; {@link
 *       io.neo4jrestore.runner.job.RestoreJobs} assembles that request, and the PITR {@link
 *       io.neo4jrestore.runner.job.StageContainer}, from what the runner observed.
 *   <li>{@link io.neo4jrestore.runner.job.BackupInspect} and {@link
 *       io.neo4jrestore.runner.job.BackupInspectParser}: the short Job that lists backup artifacts
 *       with {@code neo4j-admin backup inspect}, and the reader of its output.
 * </ul>
 *
 * <p>Every command is an exec-form argument list: a user's value is always exactly one argument and
 * is never interpreted by a shell.
 */
package io.neo4jrestore.runner.job;

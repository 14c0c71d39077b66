package io.neo4jrestore.runner.job;

import io.kubernetes.client.openapi.models.V1Pod;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.runner.target.Target;
import java.util.function.Supplier;

/**
 * What the restore Job is assembled from ({@link RestoreJobs#build}): the restore and its attempt,
 * and what the runner observed that the Job depends on.
 *
 * @param restore the restore (its spec; its name and uid label the Job)
 * @param generation the generation the attempt runs
 * @param target the resolved target
 * @param pinned the source as pinned for the attempt ({@code status.resolvedSource})
 * @param jobName the Job's name (from {@link io.neo4jrestore.api.ResourceNames})
 * @param offline true when the target is scaled down and the Job mounts its data PVC
 * @param dataPvc the data PVC the Job writes to
 * @param servingPod online: the pod whose data volume the Job writes into (node, tolerations)
 * @param overwrite whether {@code --overwrite-destination} is passed
 * @param activeDeadlineSeconds the Job's bound, from {@code spec.timeout}
 * @param runnerImage the runner's own image, asked for only when a PITR chain is staged (finding it
 *     may read the runner's pod)
 */
public record RestoreJobInputs(
    Neo4jRestore restore,
    long generation,
    Target target,
    ResolvedSource pinned,
    String jobName,
    boolean offline,
    String dataPvc,
    V1Pod servingPod,
    boolean overwrite,
    long activeDeadlineSeconds,
    Supplier<String> runnerImage) {}

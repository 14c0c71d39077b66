package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1Pod;

/**
 * What the runner observed that the restore Job depends on.
 *
 * @param jobName the Job's name (from {@link io.neo4jrestore.api.ResourceNames})
 * @param offline true when the target is scaled down and the Job mounts its data PVC
 * @param dataPvc the data PVC the Job writes to
 * @param servingPod online: the pod whose data volume the Job writes into (node, tolerations)
 * @param overwrite whether {@code --overwrite-destination} is passed
 * @param activeDeadlineSeconds the Job's bound, from {@code spec.timeout}
 */
public record RestoreJobInputs(
    String jobName,
    boolean offline,
    String dataPvc,
    V1Pod servingPod,
    boolean overwrite,
    long activeDeadlineSeconds) {}

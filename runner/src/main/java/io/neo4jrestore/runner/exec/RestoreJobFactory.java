package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1Job;
import io.neo4jrestore.runner.job.RestoreJobInputs;

/**
 * Builds the restore Job from what the runner observed ({@link
 * io.neo4jrestore.runner.job.RestoreJobs#build} as deployed); what cannot be built is an
 * IllegalArgumentException.
 */
@FunctionalInterface
public interface RestoreJobFactory {
  V1Job restoreJob(RestoreJobInputs inputs);
}

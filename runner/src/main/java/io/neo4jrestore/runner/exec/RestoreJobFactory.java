package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1Job;

/** Builds the restore Job for the current plan (pure: everything it needs is in the context). */
@FunctionalInterface
public interface RestoreJobFactory {
  V1Job restoreJob(RunContext context, RestoreJobInputs inputs);
}

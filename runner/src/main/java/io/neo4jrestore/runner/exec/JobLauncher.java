package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1Job;
import io.neo4jrestore.api.ResourceNames;

/**
 * Creates a Job of this restore (restore, inspect) after making sure the ServiceAccount it runs as
 * exists: a Job whose ServiceAccount is missing never creates its pod.
 */
final class JobLauncher {
  private JobLauncher() {}

  /** Returns false when a Job of that name already exists (a resumed run). */
  static boolean start(RunContext c, V1Job job) throws Exception {
    String serviceAccount = job.getSpec().getTemplate().getSpec().getServiceAccountName();
    String autoCreated = WorkloadIdentity.autoCreated(c);
    if (ResourceNames.unprivilegedServiceAccount().equals(serviceAccount)) {
      c.cluster().ensureServiceAccount(c.namespace(), serviceAccount);
    } else if (autoCreated != null && autoCreated.equals(serviceAccount)) {
      WorkloadIdentity.apply(c, serviceAccount);
    }
    return c.cluster().createJob(c.namespace(), job);
  }
}

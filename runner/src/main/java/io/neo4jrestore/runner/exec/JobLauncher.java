package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1Job;
import io.neo4jrestore.api.ResourceNames;

/**
 * Creates a Job of this restore (restore, inspect) after making sure the unprivileged
 * ServiceAccount exists when it runs as that one: a Job whose ServiceAccount is missing never
 * creates its pod. A workload-identity ServiceAccount was checked (or created) when the source was
 * resolved ({@link WorkloadIdentity}).
 */
final class JobLauncher {
  private JobLauncher() {}

  /** Returns false when a Job of that name already exists (a resumed run). */
  static boolean start(RunContext c, V1Job job) throws Exception {
    String serviceAccount = job.getSpec().getTemplate().getSpec().getServiceAccountName();
    if (ResourceNames.unprivilegedServiceAccount().equals(serviceAccount)) {
      c.cluster().ensureServiceAccount(c.namespace(), serviceAccount);
    }
    return c.cluster().createJob(c.namespace(), job);
  }
}

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
    // the Job's own namespace: a drill's may be another one (spec.drill.namespace)
    String ns =
        job.getMetadata().getNamespace() == null ? c.namespace() : job.getMetadata().getNamespace();
    String serviceAccount = job.getSpec().getTemplate().getSpec().getServiceAccountName();
    if (ResourceNames.unprivilegedServiceAccount().equals(serviceAccount)) {
      c.cluster().ensureServiceAccount(ns, serviceAccount);
    }
    return c.cluster().createJob(ns, job);
  }
}

package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.runner.source.SourceResolver;
import java.util.List;

/**
 * After the source is resolved and before any Job of the restore: the ServiceAccount of an
 * auto-created workload identity ({@code identity.autoCreate} in the restore's storage, in a
 * Neo4jBackup's or in the PITR base backup's), one per restore UID so restores with different
 * identities never share one, carrying the annotations and owned by the restore; and the warnings
 * the resolution found, as Warning events.
 */
final class WorkloadIdentity {
  private WorkloadIdentity() {}

  /** Returns the warnings, for the step's message. */
  static List<String> prepare(RunContext c, SourceResolver resolved) throws Exception {
    for (String w : resolved.warnings()) {
      c.event("Warning", Reasons.CONFIGURATION_WARNING, w);
    }
    var auto = resolved.autoCreated();
    if (auto.isPresent()) {
      V1OwnerReference owner =
          new V1OwnerReference()
              .apiVersion(RestoreApi.API_VERSION)
              .kind(RestoreApi.KIND)
              .name(c.name())
              .uid(c.restore().metadata().uid());
      c.status().undo(c.status().undo().withServiceAccount(auto.get().name()));
      c.save();
      c.cluster()
          .createIdentityServiceAccount(
              c.namespace(), auto.get().name(), auto.get().annotations(), owner);
    }
    return resolved.warnings();
  }
}

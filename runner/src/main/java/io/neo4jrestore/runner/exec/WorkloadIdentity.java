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
 * the resolution found, as Warning events. The ServiceAccount is first sent as a dry run ({@link
 * ServerChecks#identity}), so annotations the API server refuses are {@code InvalidSpec} before
 * anything is made.
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
      String name = auto.get().name();
      // the annotations are user text: the API server judges them first, nothing made
      ServerChecks.identity(c, auto.get(), owner);
      c.status().undo(c.status().undo().withServiceAccount(name));
      c.save();
      c.cluster()
          .createIdentityServiceAccount(c.namespace(), name, auto.get().annotations(), owner);
    }
    return resolved.warnings();
  }
}

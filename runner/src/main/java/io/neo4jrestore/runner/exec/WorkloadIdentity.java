package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.model.CloudIdentity;
import io.neo4jrestore.api.model.RestoreSource;
import java.util.Map;

/**
 * {@code cloud.identity.autoCreate}: a ServiceAccount per restore (never shared between restores
 * with different identities) carrying the workload-identity annotations, owned by the restore.
 */
final class WorkloadIdentity {
  private WorkloadIdentity() {}

  /** The ServiceAccount to auto-create for this restore's source, or null. */
  static String autoCreated(RunContext c) {
    CloudIdentity identity = identity(c.restore().spec().source());
    if (identity == null
        || identity.serviceAccount() != null
        || identity.autoCreate() == null
        || !identity.autoCreate().enabledOrDefault()) {
      return null;
    }
    return ResourceNames.serviceAccount(c.name(), c.restore().metadata().uid());
  }

  static void apply(RunContext c, String name) throws Exception {
    c.status().undo(c.status().undo().withServiceAccount(name));
    c.save();
    create(c, name, false);
  }

  /**
   * The API server's verdict on the ServiceAccount (its annotations are user text), nothing made.
   */
  static void dryRun(RunContext c, String name) throws Exception {
    create(c, name, true);
  }

  private static void create(RunContext c, String name, boolean dryRun) throws Exception {
    CloudIdentity identity = identity(c.restore().spec().source());
    Map<String, String> annotations =
        identity.autoCreate().annotations() == null
            ? Map.of()
            : identity.autoCreate().annotations();
    V1OwnerReference owner =
        new V1OwnerReference()
            .apiVersion(RestoreApi.API_VERSION)
            .kind(RestoreApi.KIND)
            .name(c.name())
            .uid(c.restore().metadata().uid());
    c.cluster().createIdentityServiceAccount(c.namespace(), name, annotations, owner, dryRun);
  }

  private static CloudIdentity identity(RestoreSource source) {
    if (source.storage() != null && source.storage().cloud() != null) {
      return source.storage().cloud().identity();
    }
    return null;
  }
}

package io.neo4jrestore.runner.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.runner.lock.Holder;
import io.neo4jrestore.runner.lock.HolderProbe;

/**
 * {@link HolderProbe} on the API server (or anything that reads objects by path, as the tests'
 * in-memory world): the holder's pod and restore, by name.
 */
public final class KubeHolderProbe implements HolderProbe {
  private final ObjectSource objects;
  private final String namespace;

  public KubeHolderProbe(ObjectSource objects, String namespace) {
    this.objects = objects;
    this.namespace = namespace;
  }

  @Override
  public boolean podGone(Holder holder) throws ApiException {
    JsonNode pod =
        objects.find("/api/v1/namespaces/" + namespace + "/pods/" + holder.pod()).orElse(null);
    if (pod == null) {
      return true;
    }
    String phase = pod.at("/status/phase").asText("");
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  @Override
  public boolean restoreUnfinished(Holder holder) throws ApiException {
    JsonNode restore = objects.find(RestoreApi.path(namespace, holder.restore())).orElse(null);
    return restore != null
        && holder.uid().equals(restore.at("/metadata/uid").asText())
        && !Phases.isTerminal(restore.at("/status/phase").asText(null));
  }
}

package io.neo4jrestore.runner.lock;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.runner.kube.ObjectSource;

/**
 * {@link HolderProbe} on the API server (or anything that reads objects by path, as the tests'
 * in-memory world): the holder's pod and restore, by name.
 */
public final class KubeHolderProbe implements HolderProbe {
  private final ObjectSource raw;
  private final String namespace;

  public KubeHolderProbe(ObjectSource raw, String namespace) {
    this.raw = raw;
    this.namespace = namespace;
  }

  @Override
  public boolean podGone(Holder holder) throws ApiException {
    JsonNode pod =
        raw.find("/api/v1/namespaces/" + namespace + "/pods/" + holder.pod()).orElse(null);
    if (pod == null) {
      return true;
    }
    String phase = pod.at("/status/phase").asText("");
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  @Override
  public boolean restoreUnfinished(Holder holder) throws ApiException {
    JsonNode restore =
        raw.find(
                "/apis/"
                    + RestoreApi.API_VERSION
                    + "/namespaces/"
                    + namespace
                    + "/"
                    + RestoreApi.PLURAL
                    + "/"
                    + holder.restore())
            .orElse(null);
    return restore != null
        && holder.uid().equals(restore.at("/metadata/uid").asText())
        && !Phases.isTerminal(restore.at("/status/phase").asText(null));
  }
}

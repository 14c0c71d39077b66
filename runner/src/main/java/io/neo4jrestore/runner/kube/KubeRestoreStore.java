package io.neo4jrestore.runner.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreStatus;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * {@link RestoreStore} on a real API server. Status writes are merge patches to {@code /status}
 * carrying the read {@code resourceVersion}, so a concurrent writer makes the write fail with 409
 * instead of being overwritten.
 */
public final class KubeRestoreStore implements RestoreStore {
  private final RawApi raw;
  private final CoreV1Api core;
  private final String namespace;
  private final String name;
  private final Clock clock;
  private final String reportingInstance;

  public KubeRestoreStore(
      RawApi raw, String namespace, String name, Clock clock, String reportingInstance) {
    this.raw = raw;
    this.core = new CoreV1Api(raw.client());
    this.namespace = namespace;
    this.name = name;
    this.clock = clock;
    this.reportingInstance = reportingInstance;
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public String name() {
    return name;
  }

  private String path() {
    return RestoreApi.path(namespace, name);
  }

  /** The resource, or empty when it does not exist (deleted). */
  @Override
  public Optional<Neo4jRestore> read() throws ApiException {
    try {
      return Optional.of(ApiMapper.json().treeToValue(raw.get(path()), Neo4jRestore.class));
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw e;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ApiException(e);
    }
  }

  /**
   * Writes the whole status if the resource is still at {@code resourceVersion}; returns the
   * updated resource. A 409 means someone else wrote in between: re-read and decide again.
   */
  @Override
  public Neo4jRestore writeStatus(Neo4jRestoreStatus status, String resourceVersion)
      throws ApiException {
    ObjectNode patch = ApiMapper.json().createObjectNode();
    patch.putObject("metadata").put("resourceVersion", resourceVersion);
    ObjectNode body = ApiMapper.json().valueToTree(status);
    // the runner owns the whole status: fields it does not set are removed, not merged
    for (var component : Neo4jRestoreStatus.class.getRecordComponents()) {
      if (!body.has(component.getName())) {
        body.putNull(component.getName());
      }
    }
    patch.set("status", body);
    JsonNode updated = raw.mergePatch(path() + "/status", patch);
    try {
      return ApiMapper.json().treeToValue(updated, Neo4jRestore.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ApiException(e);
    }
  }

  /** Merges annotations into the resource's metadata (not the status). */
  @Override
  public void annotate(java.util.Map<String, String> annotations) throws ApiException {
    ObjectNode patch = ApiMapper.json().createObjectNode();
    ObjectNode a = patch.putObject("metadata").putObject("annotations");
    annotations.forEach(a::put);
    raw.mergePatch(path(), patch);
  }

  /** Records a Kubernetes Event on the resource. Failures to record are not fatal. */
  @Override
  public void event(Neo4jRestore restore, String type, String reason, String message) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    CoreV1Event event =
        new CoreV1Event()
            .metadata(new V1ObjectMeta().generateName(name + ".").namespace(namespace))
            .involvedObject(
                new V1ObjectReference()
                    .apiVersion(RestoreApi.API_VERSION)
                    .kind(RestoreApi.KIND)
                    .name(name)
                    .namespace(namespace)
                    .uid(restore.metadata().uid())
                    .resourceVersion(restore.metadata().resourceVersion()))
            .type(type)
            .reason(reason)
            .message(truncate(message, 1000))
            .source(new V1EventSource().component("neo4j-restore-runner"))
            .reportingComponent("neo4j-restore.neo4j.neo4j.com/runner")
            .reportingInstance(reportingInstance)
            .firstTimestamp(now)
            .lastTimestamp(now)
            .count(1);
    try {
      core.createNamespacedEvent(namespace, event).execute();
    } catch (ApiException e) {
      System.err.println("warning: could not record event " + reason + ": HTTP " + e.getCode());
    }
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}

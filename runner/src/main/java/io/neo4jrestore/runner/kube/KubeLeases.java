package io.neo4jrestore.runner.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.runner.lock.LeaseRecord;
import io.neo4jrestore.runner.lock.Leases;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/** {@link Leases} on the API server: get, create and update (the runner's only Lease verbs). */
public final class KubeLeases implements Leases {
  /** Kubernetes MicroTime: RFC 3339 with microseconds, in UTC. */
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final RawApi raw;
  private final String namespace;

  public KubeLeases(RawApi raw, String namespace) {
    this.raw = raw;
    this.namespace = namespace;
  }

  private String collection() {
    return "/apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases";
  }

  @Override
  public Optional<LeaseRecord> get(String name) throws ApiException {
    return raw.find(collection() + "/" + name).map(KubeLeases::record);
  }

  @Override
  public LeaseRecord create(String name, LeaseRecord lease) throws ApiException {
    return record(raw.post(collection(), manifest(name, lease), Map.of()));
  }

  @Override
  public LeaseRecord replace(String name, LeaseRecord lease) throws ApiException {
    return record(
        raw.call("PUT", collection() + "/" + name, manifest(name, lease), RawApi.JSON, Map.of()));
  }

  private ObjectNode manifest(String name, LeaseRecord lease) {
    ObjectNode m = ApiMapper.json().createObjectNode();
    m.put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
    ObjectNode meta = m.putObject("metadata");
    meta.put("name", name).put("namespace", namespace);
    meta.putObject("labels")
        .put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .put(Labels.PART_OF, Labels.MANAGED_BY_VALUE);
    if (lease.resourceVersion() != null) {
      meta.put("resourceVersion", lease.resourceVersion());
    }
    ObjectNode spec = m.putObject("spec");
    if (lease.released()) {
      spec.putNull("holderIdentity");
    } else {
      spec.put("holderIdentity", lease.holder());
    }
    spec.put("leaseDurationSeconds", lease.durationSeconds());
    if (lease.acquired() != null) {
      spec.put("acquireTime", MICRO_TIME.format(lease.acquired()));
    }
    if (lease.renewed() != null) {
      spec.put("renewTime", MICRO_TIME.format(lease.renewed()));
    }
    spec.put("leaseTransitions", lease.transitions());
    return m;
  }

  private static LeaseRecord record(JsonNode lease) {
    JsonNode spec = lease.path("spec");
    return new LeaseRecord(
        spec.path("holderIdentity").asText(null),
        spec.path("leaseDurationSeconds").asInt(0),
        time(spec.path("acquireTime")),
        time(spec.path("renewTime")),
        spec.path("leaseTransitions").asInt(0),
        lease.at("/metadata/resourceVersion").asText(null));
  }

  private static Instant time(JsonNode node) {
    return node.isTextual() ? Instant.parse(node.asText()) : null;
  }
}

package io.neo4jrestore.runner.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.runner.lock.LeaseRecord;
import io.neo4jrestore.runner.lock.Leases;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link Leases} in the in-memory world: a create is refused with 409 when the Lease exists, a
 * replace with 409 when its resourceVersion is not the stored one (404 when it is gone).
 */
final class WorldLeases implements Leases {
  private final InMemoryWorld world;
  private final String namespace;

  WorldLeases(InMemoryWorld world, String namespace) {
    this.world = world;
    this.namespace = namespace;
  }

  private String path(String name) {
    return "/apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases/" + name;
  }

  @Override
  public Optional<LeaseRecord> get(String name) throws ApiException {
    world.record("lease.get " + namespace + "/" + name);
    world.fault("lease.get", path(name));
    return world.find(path(name)).map(WorldLeases::record);
  }

  @Override
  public LeaseRecord create(String name, LeaseRecord lease) throws ApiException {
    world.record("lease.create " + namespace + "/" + name + " holder=" + lease.holder());
    world.fault("lease.create", path(name));
    return record(world.create(path(name), lease(lease)));
  }

  @Override
  public LeaseRecord replace(String name, LeaseRecord lease) throws ApiException {
    world.record("lease.replace " + namespace + "/" + name + " holder=" + lease.holder());
    world.fault("lease.replace", path(name));
    return record(world.replace(path(name), lease(lease)));
  }

  /** The Lease as stored: its spec fields and the version its write is conditional on. */
  private static ObjectNode lease(LeaseRecord r) {
    ObjectNode lease = ApiMapper.json().createObjectNode();
    lease.put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
    ObjectNode meta = lease.putObject("metadata");
    if (r.resourceVersion() != null) {
      meta.put("resourceVersion", r.resourceVersion());
    }
    ObjectNode spec = lease.putObject("spec");
    spec.put("holderIdentity", r.released() ? null : r.holder());
    spec.put("leaseDurationSeconds", r.durationSeconds());
    spec.put("acquireTime", r.acquired() == null ? null : r.acquired().toString());
    spec.put("renewTime", r.renewed() == null ? null : r.renewed().toString());
    spec.put("leaseTransitions", r.transitions());
    return lease;
  }

  private static LeaseRecord record(JsonNode lease) {
    JsonNode spec = lease.path("spec");
    return new LeaseRecord(
        spec.path("holderIdentity").textValue(),
        spec.path("leaseDurationSeconds").asInt(),
        instant(spec.path("acquireTime")),
        instant(spec.path("renewTime")),
        spec.path("leaseTransitions").asInt(),
        InMemoryWorld.version(lease));
  }

  private static Instant instant(JsonNode time) {
    return time.isTextual() ? Instant.parse(time.textValue()) : null;
  }
}

package io.neo4jrestore.runner;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Secret;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.exec.RestoreJobFactory;
import io.neo4jrestore.runner.job.RestoreJobs;
import io.neo4jrestore.runner.kube.ClusterOps;
import io.neo4jrestore.runner.neo4j.BoltConnector;
import io.neo4jrestore.runner.neo4j.BoltDatabasePort;
import io.neo4jrestore.runner.neo4j.BoltEndpoint;
import io.neo4jrestore.runner.neo4j.BringUp;
import io.neo4jrestore.runner.neo4j.DatabasePort;
import io.neo4jrestore.runner.neo4j.Neo4jAdminException;
import io.neo4jrestore.runner.neo4j.Neo4jCredentials;
import io.neo4jrestore.runner.target.Target;
import io.neo4jrestore.runner.target.TargetKind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/** The runner as deployed: Bolt to the target's service, restore Jobs from {@link RestoreJobs}. */
public final class ProductionWiring implements RunCommand.Wiring {
  public static final ProductionWiring INSTANCE = new ProductionWiring();

  private ProductionWiring() {}

  @Override
  public Function<Target, DatabasePort> databases(ClusterOps cluster) {
    return target -> {
      try {
        return new BoltDatabasePort(
            new BoltConnector().connect(endpoint(cluster, target)), topology(target));
      } catch (Neo4jAdminException e) {
        throw new RestoreFailure(
            e.kind() == Neo4jAdminException.Kind.UNAVAILABLE
                ? Reasons.BRING_UP_FAILED
                : Reasons.CREDENTIALS_MISSING,
            e.getMessage(),
            e.retryable(),
            e);
      }
    };
  }

  private static BringUp.Topology topology(Target target) {
    return target.kind() == TargetKind.STANDALONE
        ? BringUp.Topology.STANDALONE
        : BringUp.Topology.CLUSTER;
  }

  @Override
  public RestoreJobFactory jobs() {
    return RestoreJobs::build;
  }

  /** The Bolt endpoint of a target: its Service, the admin Secret, and its CA when TLS is on. */
  public static BoltEndpoint endpoint(ClusterOps cluster, Target t) {
    try {
      V1Secret admin =
          cluster
              .secret(t.namespace(), t.adminSecret())
              .orElseThrow(
                  () ->
                      new RestoreFailure(
                          Reasons.CREDENTIALS_MISSING,
                          "admin Secret "
                              + t.namespace()
                              + "/"
                              + t.adminSecret()
                              + " of "
                              + t.name()
                              + " not found; the runner needs it to talk to Neo4j over Bolt"));
      Neo4jCredentials credentials =
          Neo4jCredentials.fromSecretData(
              t.adminSecret(), admin.getData() == null ? java.util.Map.of() : admin.getData());
      Optional<String> ca = Optional.empty();
      if (t.tls()) {
        V1Secret caSecret =
            cluster
                .secret(t.namespace(), t.caSecret())
                .orElseThrow(
                    () ->
                        new RestoreFailure(
                            Reasons.CREDENTIALS_MISSING,
                            "TLS CA Secret "
                                + t.namespace()
                                + "/"
                                + t.caSecret()
                                + " of "
                                + t.name()
                                + " not found; Bolt over TLS is verified against its ca.crt, never skipped"));
        byte[] pem = caSecret.getData() == null ? null : caSecret.getData().get("ca.crt");
        if (pem == null) {
          throw new RestoreFailure(
              Reasons.CREDENTIALS_MISSING,
              "Secret " + t.namespace() + "/" + t.caSecret() + " has no ca.crt");
        }
        ca = Optional.of(new String(pem, StandardCharsets.UTF_8));
      }
      return new BoltEndpoint(
          URI.create(t.boltUri()),
          credentials,
          ca,
          new BoltEndpoint.Origin(
              t.kind().kind() + " " + t.namespace() + "/" + t.name(),
              t.adminSecret(),
              Optional.ofNullable(t.caSecret())));
    } catch (ApiException e) {
      throw new RestoreFailure(
          Reasons.CREDENTIALS_MISSING,
          "cannot read the Secrets of " + t.name() + ": HTTP " + e.getCode(),
          true,
          e);
    } catch (Neo4jAdminException | IllegalArgumentException e) {
      throw new RestoreFailure(Reasons.CREDENTIALS_MISSING, e.getMessage());
    }
  }
}

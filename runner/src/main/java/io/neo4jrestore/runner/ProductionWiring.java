package io.neo4jrestore.runner;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Secret;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.exec.RestoreJobFactory;
import io.neo4jrestore.runner.exec.RunnerImage;
import io.neo4jrestore.runner.job.BackupAccess;
import io.neo4jrestore.runner.job.JobIdentity;
import io.neo4jrestore.runner.job.Placement;
import io.neo4jrestore.runner.job.RestoreArguments;
import io.neo4jrestore.runner.job.RestoreJobBuilder;
import io.neo4jrestore.runner.job.RestoreJobRequest;
import io.neo4jrestore.runner.job.Scratch;
import io.neo4jrestore.runner.kube.ClusterOps;
import io.neo4jrestore.runner.neo4j.BoltConnector;
import io.neo4jrestore.runner.neo4j.BoltDatabasePort;
import io.neo4jrestore.runner.neo4j.BoltEndpoint;
import io.neo4jrestore.runner.neo4j.BringUp;
import io.neo4jrestore.runner.neo4j.DatabasePort;
import io.neo4jrestore.runner.neo4j.Neo4jAdminException;
import io.neo4jrestore.runner.neo4j.Neo4jCredentials;
import io.neo4jrestore.runner.pitr.PitrLayout;
import io.neo4jrestore.runner.target.Target;
import io.neo4jrestore.runner.target.TargetKind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The runner as deployed: Bolt to the target's service, restore Jobs from {@link
 * RestoreJobBuilder}.
 */
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
    return restoreJobs();
  }

  /** Restore Jobs as the product builds them (also used by the integration tests). */
  public static RestoreJobFactory restoreJobs() {
    return (c, in) -> {
      Target t = c.target();
      Neo4jRestoreSpec spec = c.restore().spec();
      ResolvedSource pinned = c.status().resolvedSource();
      List<String> command =
          arguments(c.target(), spec, PitrLayout.forArguments(spec, pinned), in.overwrite());
      JobIdentity id =
          new JobIdentity(
              in.jobName(),
              c.namespace(),
              Labels.forJob(
                  c.name(), c.restore().metadata().uid(), c.generation(), JobRole.RESTORE));
      BackupAccess access = BackupAccess.from(c.status().resolvedSource());
      String timeout = spec.timeout();
      Scratch scratch = Scratch.of(Scratch.sourcePvc(spec), t.workload());
      RestoreJobRequest request =
          (in.offline()
                  ? RestoreJobRequest.offline(id, t, command, Placement.anywhere(), access, timeout)
                  : RestoreJobRequest.online(id, t, command, in.servingPod(), access, timeout))
              .withScratch(scratch);
      V1Job job = RestoreJobBuilder.build(request);
      return PitrLayout.staged(spec, pinned)
          ? PitrLayout.restoreStage(spec, pinned, RunnerImage.of(c)).addTo(job, scratch)
          : job;
    };
  }

  /** The neo4j-admin argument list; refusals become InvalidSpec failures naming the argument. */
  public static List<String> arguments(
      Target t,
      Neo4jRestoreSpec spec,
      io.neo4jrestore.api.model.ResolvedSource source,
      boolean databaseExists) {
    try {
      return RestoreArguments.build(
          new RestoreArguments.Request(
              t.version(),
              spec.databaseName(),
              source,
              databaseExists,
              spec.mayReplaceExisting(),
              spec.options() == null || spec.options().additionalArgs() == null
                  ? List.of()
                  : spec.options().additionalArgs()));
    } catch (IllegalArgumentException e) {
      throw new RestoreFailure(Reasons.INVALID_SPEC, e.getMessage());
    }
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

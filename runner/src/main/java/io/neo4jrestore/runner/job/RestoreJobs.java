package io.neo4jrestore.runner.job;

import io.kubernetes.client.openapi.models.V1Job;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.pitr.PitrLayout;
import io.neo4jrestore.runner.target.Target;
import java.util.List;

/**
 * The restore Job as the runner creates it (DESIGN step 9): the neo4j-admin arguments for the
 * pinned source, the request (online beside the serving pod, or offline on the data PVC), the
 * scratch space, and for a staged PITR chain the {@code stage} init container. Pure but for the
 * runner image, which {@link RestoreJobInputs#runnerImage} gives only when a chain is staged.
 */
public final class RestoreJobs {
  private RestoreJobs() {}

  /** The restore Job for {@code in}; what cannot be built is an IllegalArgumentException. */
  public static V1Job build(RestoreJobInputs in) {
    Target t = in.target();
    Neo4jRestoreSpec spec = in.restore().spec();
    ResolvedSource pinned = in.pinned();
    List<String> command =
        arguments(t, spec, PitrLayout.forArguments(spec, pinned), in.overwrite());
    JobIdentity id =
        new JobIdentity(
            in.jobName(),
            in.restore().metadata().namespace(),
            Labels.forJob(
                in.restore().metadata().name(),
                in.restore().metadata().uid(),
                in.generation(),
                JobRole.RESTORE));
    BackupAccess access = BackupAccess.from(pinned);
    String timeout = spec.timeout();
    Scratch scratch = Scratch.of(Scratch.sourcePvc(spec), t.workload());
    RestoreJobRequest request =
        (in.offline()
                ? RestoreJobRequest.offline(id, t, command, Placement.anywhere(), access, timeout)
                : RestoreJobRequest.online(id, t, command, in.servingPod(), access, timeout))
            .withScratch(scratch);
    V1Job job = RestoreJobBuilder.build(request);
    return PitrLayout.staged(spec, pinned)
        ? StageContainer.forRestore(spec, pinned, in.runnerImage().get()).addTo(job, scratch)
        : job;
  }

  /** The neo4j-admin argument list; refusals become InvalidSpec failures naming the argument. */
  public static List<String> arguments(
      Target t, Neo4jRestoreSpec spec, ResolvedSource source, boolean databaseExists) {
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
}

package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.validation.Violation;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.job.AdditionalArgsPolicy;
import io.neo4jrestore.runner.job.RestoreArguments;
import io.neo4jrestore.runner.source.SourceResolver;
import java.util.ArrayList;
import java.util.List;

/** Step 4: pin the artifacts; a resumed run keeps what was pinned even if the spec changed. */
final class ResolveSourceStep implements Step {
  @Override
  public String name() {
    return Steps.RESOLVE_SOURCE;
  }

  @Override
  public boolean announce(RunContext c) {
    return false; // it only reads: the next write carries it
  }

  @Override
  public String execute(RunContext c) throws Exception {
    ResolvedSource pinned = c.status().resolvedSource();
    List<String> warnings = new ArrayList<>();
    if (pinned == null && PitrSource.applies(c)) {
      pinned = PitrSource.pin(c, warnings);
      c.status().resolvedSource(pinned);
    }
    if (pinned == null) {
      SourceResolver resolver = new SourceResolver(c.cluster());
      ResolvedSource resolved =
          resolver.resolve(
              c.namespace(),
              c.name(),
              c.restore().metadata().uid(),
              c.restore().spec(),
              c.target());
      warnings.addAll(WorkloadIdentity.prepare(c, resolver));
      if (resolved.artifacts().isEmpty()
          && !RestoreArguments.supportsFolderSource(c.target().version())) {
        resolved = InspectArtifacts.pin(c, resolved);
      }
      pinned = resolved;
      c.status().resolvedSource(pinned);
    }
    checkArguments(c, pinned);
    c.status().backupInfo(BackupInfos.known(pinned));
    String warned = warnings.isEmpty() ? "" : "; warning: " + String.join("; warning: ", warnings);
    if (pinned.artifacts().isEmpty()) {
      return "backup folder "
          + pinned.location()
          + " (neo4j-admin "
          + c.target().version()
          + " reads the chain from it)"
          + warned;
    }
    return pinned.artifacts().size() + " artifact(s) at " + pinned.location() + warned;
  }

  /**
   * The neo4j-admin arguments are checked here, before anything changes: unknown or forbidden
   * {@code additionalArgs} and sources the target's version cannot read are refused now, not after
   * the target was stopped.
   */
  private static void checkArguments(RunContext c, ResolvedSource pinned) throws Exception {
    var spec = c.restore().spec();
    List<String> extra =
        spec.options() == null || spec.options().additionalArgs() == null
            ? List.of()
            : spec.options().additionalArgs();
    List<Violation> refused = AdditionalArgsPolicy.check(extra, c.target().version());
    if (!refused.isEmpty()) {
      throw new RestoreFailure(
          Reasons.INVALID_SPEC,
          "neo4j-admin "
              + c.target().version()
              + " refuses "
              + refused
              + "; fix spec.options.additionalArgs");
    }
    try {
      RestoreArguments.build(
          new RestoreArguments.Request(
              c.target().version(),
              spec.databaseName(),
              io.neo4jrestore.runner.pitr.PitrLayout.forArguments(spec, pinned),
              false,
              spec.mayReplaceExisting(),
              extra));
    } catch (IllegalArgumentException e) {
      throw new RestoreFailure(Reasons.INVALID_SPEC, e.getMessage());
    }
    // and the whole restore Job, as it would be built now
    RestoreStep.build(c, RestoreStep.inputs(c, false));
    // and what the API server alone can judge (hook containers, identity annotations)
    ServerChecks.run(c);
  }
}

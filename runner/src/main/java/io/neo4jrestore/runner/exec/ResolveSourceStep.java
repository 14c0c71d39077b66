package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.model.RestoreBackupInfo;
import io.neo4jrestore.api.validation.Violation;
import io.neo4jrestore.runner.job.AdditionalArgsPolicy;
import io.neo4jrestore.runner.job.RestoreArguments;
import io.neo4jrestore.runner.source.SourceResolver;
import java.util.List;

/** Step 4: pin the artifacts; a resumed run keeps what was pinned even if the spec changed. */
final class ResolveSourceStep implements Step {
  @Override
  public String name() {
    return Steps.RESOLVE_SOURCE;
  }

  @Override
  public String execute(RunContext c) throws Exception {
    ResolvedSource pinned = c.status().resolvedSource();
    if (pinned == null && PitrSource.applies(c)) {
      pinned = PitrSource.pin(c);
      c.status().resolvedSource(pinned);
    }
    if (pinned == null) {
      ResolvedSource resolved =
          new SourceResolver(c.cluster())
              .resolve(
                  c.namespace(),
                  c.name(),
                  c.restore().metadata().uid(),
                  c.restore().spec(),
                  c.target());
      if (resolved.artifacts().isEmpty()
          && !RestoreArguments.supportsFolderSource(c.target().version())) {
        resolved = InspectArtifacts.pin(c, resolved);
      }
      pinned = resolved;
      c.status().resolvedSource(pinned);
    }
    checkArguments(c, pinned);
    long known =
        pinned.artifacts().stream()
            .filter(a -> a.sizeBytes() != null)
            .mapToLong(a -> a.sizeBytes())
            .sum();
    c.status()
        .backupInfo(
            new RestoreBackupInfo(
                pinned.location(),
                pinned.artifacts().size() == 1 ? pinned.artifacts().get(0).createdAt() : null,
                pinned.sourceDatabase(),
                null,
                known > 0 ? ByteSizes.format(known) : null,
                null,
                null,
                null,
                false));
    return pinned.artifacts().size() + " artifact(s) at " + pinned.location();
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
  }
}

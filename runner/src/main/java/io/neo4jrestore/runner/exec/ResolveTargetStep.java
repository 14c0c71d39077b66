package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.TargetStatus;
import io.neo4jrestore.api.model.UndoRecord;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.target.Target;
import io.neo4jrestore.runner.target.TargetResolver;
import io.neo4jrestore.runner.target.TargetWorkload;
import java.util.Optional;

/**
 * Step 1: find the target and refuse what cannot be restored into, before anything changes: among
 * others an offline restore of a StatefulSet whose scale-down would delete its data volumes ({@link
 * ScaleDownGuard}).
 */
final class ResolveTargetStep implements Step {
  @Override
  public String name() {
    return Steps.RESOLVE_TARGET;
  }

  @Override
  public boolean announce(RunContext c) {
    return false; // it only reads: the next write carries it
  }

  @Override
  public String execute(RunContext c) throws Exception {
    String outcome = resolve(c);
    UndoRecord undo = c.status().undo();
    // a resumed attempt that already recorded its scale-down is past this point
    if (c.restore().spec().stopClusterOrDefault()
        && undo.originalReplicas() == null
        && !undo.is(undo.scaledDown())) {
      Optional<RestoreFailure> refused = ScaleDownGuard.refusal(c.target(), c.name());
      if (refused.isPresent()) {
        throw refused.get();
      }
    }
    return outcome;
  }

  /** Reads the target and its StatefulSet (also the dispatcher's way to find what to put back). */
  String resolve(RunContext c) throws Exception {
    Target t =
        new TargetResolver(c.cluster()).resolve(c.namespace(), c.restore().spec().targetCluster());
    c.target(t);
    c.status()
        .target(
            new TargetStatus(
                t.kind().kind(),
                t.apiVersion(),
                t.name(),
                t.statefulSet(),
                t.servers(),
                t.version().toString(),
                t.image()));
    Optional<V1StatefulSet> sts = c.cluster().statefulSet(t.namespace(), t.statefulSet());
    if (sts.isEmpty()) {
      throw new RestoreFailure(
          io.neo4jrestore.api.Reasons.TARGET_NOT_FOUND,
          "StatefulSet "
              + t.namespace()
              + "/"
              + t.statefulSet()
              + " of "
              + t.kind().kind()
              + " "
              + t.name()
              + " not found; is the target deployed?");
    }
    t = t.withWorkload(TargetWorkload.of(sts.get()));
    c.target(t);
    return t.kind().kind()
        + " "
        + t.name()
        + ", Neo4j "
        + t.version()
        + ", "
        + t.servers()
        + " server(s)";
  }
}

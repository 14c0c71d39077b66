package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.TargetStatus;
import io.neo4jrestore.runner.target.Target;
import io.neo4jrestore.runner.target.TargetResolver;

/** Step 1: find the target and refuse what cannot be restored into, before anything changes. */
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
    Target t =
        new TargetResolver(c.cluster().raw())
            .resolve(c.namespace(), c.restore().spec().targetCluster());
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
    if (c.cluster().statefulSet(t.namespace(), t.statefulSet()).isEmpty()) {
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

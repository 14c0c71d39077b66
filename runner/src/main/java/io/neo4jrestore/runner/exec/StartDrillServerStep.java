package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.runner.kube.Watched;
import io.neo4jrestore.runner.kube.Watches;
import io.neo4jrestore.runner.target.Target;

/**
 * Drill step: the throw-away server scaled to its one replica once the restore Job has written its
 * claim, then waited for until Ready (bounded as a target's scale-up is).
 */
final class StartDrillServerStep implements Step {
  @Override
  public String name() {
    return Steps.START_DRILL_SERVER;
  }

  @Override
  public String execute(RunContext c) throws Exception {
    Target t = c.drillServer();
    c.cluster().scale(t.namespace(), t.statefulSet(), 1);
    try (Watches watches = c.watches()) {
      Watched<V1StatefulSet> watched = watches.statefulSet(t.namespace(), t.statefulSet());
      c.waitFor(
          "the drill server " + t.pod(0) + " to be ready",
          c.bounds().scaleUp(),
          watches,
          () -> {
            V1StatefulSet sts = watched.only().orElseThrow();
            Integer ready = sts.getStatus() == null ? null : sts.getStatus().getReadyReplicas();
            return ready != null && ready >= 1;
          },
          Reasons.DRILL_SERVER_NOT_READY);
    }
    return "drill server " + t.pod(0) + " ready";
  }
}

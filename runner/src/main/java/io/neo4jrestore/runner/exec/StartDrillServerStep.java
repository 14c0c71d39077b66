package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.drill.DrillServer;
import io.neo4jrestore.runner.kube.Watched;
import io.neo4jrestore.runner.kube.Watches;
import io.neo4jrestore.runner.target.Target;
import java.util.Optional;

/**
 * Drill step: the throw-away server scaled to its one replica once the restore Job has written its
 * claim, then waited for until Ready (bounded as a target's scale-up is). A server container that
 * cannot start (its image, or a Secret key its environment reads) fails the step once it has waited
 * so for as long as a Job's pod may ({@link RunnerSettings#unschedulable}), not at the bound.
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
    StuckFor stuckFor = new StuckFor();
    try (Watches watches = c.watches()) {
      Watched<V1StatefulSet> watched = watches.statefulSet(t.namespace(), t.statefulSet());
      Watched<V1Pod> pods =
          watches.pods(t.namespace(), DrillServer.selector(c.restore().metadata().uid()));
      c.waitFor(
          "the drill server " + t.pod(0) + " to be ready",
          c.bounds().scaleUp(),
          watches,
          () -> {
            V1StatefulSet sts = watched.only().orElseThrow();
            Integer ready = sts.getStatus() == null ? null : sts.getStatus().getReadyReplicas();
            if (ready != null && ready >= 1) {
              return true;
            }
            Optional<String> stuck =
                pods.items().stream()
                    .map(JobWaiter::waitingToStart)
                    .flatMap(Optional::stream)
                    .findFirst();
            if (stuckFor.outlasted(stuck.isPresent(), c.now(), c.settings().unschedulable())) {
              throw new RestoreFailure(
                  Reasons.DRILL_SERVER_NOT_READY,
                  "the drill server cannot start: "
                      + stuck.get()
                      + "; the drill is cleaned up and the target was not touched");
            }
            return false;
          },
          Reasons.DRILL_SERVER_NOT_READY);
    }
    return "drill server " + t.pod(0) + " ready";
  }
}

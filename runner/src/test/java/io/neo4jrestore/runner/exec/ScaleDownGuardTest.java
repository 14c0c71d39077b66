package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.neo4j.Neo4jVersion;
import io.neo4jrestore.runner.target.Target;
import io.neo4jrestore.runner.target.TargetKind;
import io.neo4jrestore.runner.target.TargetWorkload;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScaleDownGuardTest {
  private static Target cluster(String whenScaled, List<String> templates) {
    return new Target(
            TargetKind.CLUSTER,
            "prod",
            "graph",
            "neo4j.neo4j.com/v1beta1",
            2,
            "neo4j:5.26.3-enterprise",
            null,
            List.of(),
            Neo4jVersion.parseTag("5.26.3-enterprise"),
            "neo4j-admin-secret",
            false,
            null)
        .withWorkload(new TargetWorkload(whenScaled, templates, 0, null, null));
  }

  @Test
  void when_scaled_delete_is_refused_naming_the_statefulset_the_policy_and_both_ways_out() {
    RestoreFailure f =
        ScaleDownGuard.refusal(cluster("Delete", List.of("data")), "nightly").orElseThrow();
    assertEquals(Reasons.UNSAFE_SCALE_DOWN, f.reason());
    String m = f.getMessage();
    for (String part :
        List.of(
            "StatefulSet prod/graph-server",
            "persistentVolumeClaimRetentionPolicy.whenScaled: Delete",
            "data-graph-server-0, data-graph-server-1",
            "nothing was changed",
            "spec.stopCluster: false",
            "kubectl -n prod patch neo4jrestore nightly --type=merge -p"
                + " '{\"spec\":{\"stopCluster\":false}}'",
            "kubectl -n prod patch statefulset graph-server --type=merge -p"
                + " '{\"spec\":{\"persistentVolumeClaimRetentionPolicy\":{\"whenScaled\":\"Retain\"}}}'",
            "kubectl annotate neo4jrestore nightly -n prod restore.neo4j.neo4j.com/retry=",
            "may set the policy back")) {
      assertTrue(m.contains(part), "missing \"" + part + "\" in: " + m);
    }
  }

  @Test
  void retain_an_absent_policy_or_no_claim_templates_scale_down_safely() {
    assertEquals(Optional.empty(), ScaleDownGuard.refusal(cluster("Retain", List.of("data")), "r"));
    assertEquals(Optional.empty(), ScaleDownGuard.refusal(cluster(null, List.of("data")), "r"));
    assertEquals(Optional.empty(), ScaleDownGuard.refusal(cluster("Delete", List.of()), "r"));
  }
}

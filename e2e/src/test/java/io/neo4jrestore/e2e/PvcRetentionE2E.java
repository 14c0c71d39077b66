package io.neo4jrestore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.testenv.neo4j.StandInBackup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A cluster whose StatefulSet deletes the claims of pods it scales away ({@code
 * persistentVolumeClaimRetentionPolicy.whenScaled: Delete}): scaling it to 0 for an offline restore
 * would make Kubernetes delete every data claim. The runner refuses before it scales ({@code
 * UnsafeScaleDown}); no claim is lost, no pod restarted.
 */
class PvcRetentionE2E extends K3sTest {
  private static final String NS = "e2e-retention";

  private Targets.Target keep;
  private List<Path> artifacts;

  PvcRetentionE2E() {
    super(NS);
  }

  @Override
  protected void setUp() throws Exception {
    Instant t = hoursAgo(1);
    artifacts = backups("keep", StandInBackup.of("events", t, true, 1, 9));
    keep = targets.cluster(NS, "keep", 3, Targets.Servers.plain().whenScaled("Delete"));
  }

  @Test
  void an_offline_restore_of_a_statefulset_that_deletes_claims_when_scaled_is_refused_untouched()
      throws Exception {
    Map<String, String> pods = targets.podUids(keep);
    Map<String, String> claims = targets.claimUids(keep);
    create(
        "events-offline",
        "keep",
        "events",
        "  stopCluster: true\n" + pvcSource("keep", artifacts.get(0)));
    Neo4jRestore failed = restores.awaitEnd(NS, "events-offline", Duration.ofMinutes(4));
    assertEquals(Phases.FAILED, failed.status().phase(), failed.status().message());
    assertEquals(
        "UnsafeScaleDown", failed.status().condition("Ready").reason(), failed.status().message());
    assertTrue(failed.status().message().contains("whenScaled"), failed.status().message());

    // nothing changed: never scaled, same pods, every claim still there with its UID
    assertEquals(
        3,
        new AppsV1Api(e2e.k3s().admin())
            .readNamespacedStatefulSet(keep.statefulSet(), NS)
            .execute()
            .getSpec()
            .getReplicas());
    assertEquals(pods, targets.podUids(keep));
    assertEquals(claims, targets.claimUids(keep));
    assertTrue(restores.jobs(NS, "events-offline", "restore").isEmpty());
  }
}

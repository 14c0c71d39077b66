package io.neo4jrestore.runner.job;

import static io.neo4jrestore.runner.job.Fixtures.NS;
import static io.neo4jrestore.runner.job.Fixtures.UID;
import static io.neo4jrestore.runner.job.Fixtures.V5_26;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1Job;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.ObjectMeta;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.model.RestoreOptions;
import io.neo4jrestore.api.model.RestoreSource;
import io.neo4jrestore.runner.common.RestoreFailure;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The restore Job assembled from what the runner observed, as the deployed runner builds it. */
class RestoreJobsTest {
  private static final String IMAGE = "ghcr.io/acme/neo4j-restore-runner:0.1.0";

  private static RestoreJobInputs offline(
      Neo4jRestoreSpec spec, ResolvedSource pinned, Supplier<String> runnerImage) {
    ObjectMeta meta =
        new ObjectMeta(
            "orders-nightly", null, NS, UID, null, 3L, null, null, null, null, null, null);
    return new RestoreJobInputs(
        Neo4jRestore.of(meta, spec),
        3,
        Fixtures.cluster(V5_26),
        pinned,
        ResourceNames.job("orders-nightly", UID, 3, null, JobRole.RESTORE),
        true,
        "data-orders-server-0",
        null,
        true,
        7200,
        runnerImage);
  }

  private static Neo4jRestoreSpec fromS3(RestoreOptions options) {
    return new Neo4jRestoreSpec(
        "orders",
        new RestoreSource("s3", null, null, null, null, null),
        "orders",
        options,
        true,
        true,
        "2h",
        null);
  }

  @Test
  void a_staged_pitr_chain_gets_the_stage_container_in_the_runner_image() {
    V1Job job =
        RestoreJobs.build(
            offline(PitrRestoreJobTest.spec(), PitrRestoreJobTest.pinned(), () -> IMAGE));
    assertEquals(Fixtures.identity(JobRole.RESTORE).name(), job.getMetadata().getName());
    assertEquals(Fixtures.identity(JobRole.RESTORE).labels(), job.getMetadata().getLabels());
    var init = job.getSpec().getTemplate().getSpec().getInitContainers();
    assertEquals(1, init.size());
    assertEquals(StageContainer.CONTAINER, init.get(0).getName());
    assertEquals(IMAGE, init.get(0).getImage());
    List<String> command =
        job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
    assertTrue(
        command.stream().anyMatch(a -> a.contains(io.neo4jrestore.runner.pitr.PitrLayout.CHAIN)),
        "neo4j-admin reads the staged chain: " + command);
  }

  @Test
  void a_backup_that_is_not_staged_never_asks_for_the_runner_image() {
    Neo4jRestoreSpec spec = fromS3(null);
    V1Job job =
        RestoreJobs.build(
            offline(
                spec,
                Fixtures.s3(null, "s3://acme-backups/neo4j/orders.backup"),
                () -> {
                  throw new AssertionError("the runner image was asked for");
                }));
    assertNull(job.getSpec().getTemplate().getSpec().getInitContainers());
  }

  @Test
  void arguments_neo4j_admin_refuses_are_an_invalid_spec_failure() {
    Neo4jRestoreSpec spec =
        fromS3(new RestoreOptions(null, null, List.of("--to-path=/elsewhere"), null, null));
    RestoreFailure f =
        assertThrows(
            RestoreFailure.class,
            () ->
                RestoreJobs.build(
                    offline(
                        spec, Fixtures.s3(null, "s3://acme-backups/neo4j/orders.backup"), null)));
    assertEquals(Reasons.INVALID_SPEC, f.reason());
  }
}

package io.neo4jrestore.runner.job;

import static io.neo4jrestore.runner.job.Fixtures.V2025_06;
import static io.neo4jrestore.runner.job.Fixtures.V2025_08;
import static io.neo4jrestore.runner.job.Fixtures.V5_26;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1Job;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.model.ResolvedSource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupInspectTest {

  @Test
  void lists_a_folder_as_the_documented_table_with_metadata_on_5_26() {
    assertEquals(
        List.of(
            "neo4j-admin",
            "backup",
            "inspect",
            "s3://acme-backups/neo4j",
            "--format=TABULAR",
            "--show-metadata",
            "--database=orders",
            "--latest-chain"),
        BackupInspect.command(V5_26, "s3://acme-backups/neo4j", "orders", true));
  }

  @Test
  void passes_show_metadata_only_before_2025_07_where_it_became_the_default() {
    assertTrue(BackupInspect.needsShowMetadata(V5_26));
    assertTrue(BackupInspect.needsShowMetadata(V2025_06));
    assertFalse(BackupInspect.needsShowMetadata(V2025_08));
    assertEquals(
        List.of("neo4j-admin", "backup", "inspect", "/backup/run-1", "--format=TABULAR"),
        BackupInspect.command(V2025_08, "/backup/run-1", null, false));
  }

  @Test
  void an_inspect_job_for_s3_on_5_26_matches_its_golden_file() {
    ResolvedSource source = Fixtures.s3(null);
    V1Job job =
        BackupInspect.job(
            new BackupInspect.Request(
                Fixtures.identity(JobRole.INSPECT),
                Fixtures.standalone(V5_26),
                "s3://acme-backups/neo4j",
                "orders",
                true,
                BackupAccess.from(source),
                null,
                null));
    Golden.assertMatches("inspect-s3-5.26.json", job);
    assertEquals(900L, job.getSpec().getActiveDeadlineSeconds());
    assertEquals("inspect", job.getMetadata().getLabels().get(Labels.COMPONENT));
  }

  @Test
  void a_verify_job_for_a_pvc_on_2025_matches_its_golden_file() {
    ResolvedSource source = Fixtures.pvc(null);
    V1Job job =
        BackupInspect.job(
            new BackupInspect.Request(
                Fixtures.identity(JobRole.VERIFY),
                Fixtures.cluster(V2025_08),
                "/backup/orders-daily-20250104-000000/orders-2025-01-04T12-00-03.backup",
                null,
                true,
                BackupAccess.from(source),
                new Placement(null, Fixtures.dedicatedNodes(), null, null),
                Duration.ofMinutes(5)));
    Golden.assertMatches("verify-pvc-2025.08.json", job);
    var pod = job.getSpec().getTemplate().getSpec();
    assertTrue(pod.getVolumes().get(0).getPersistentVolumeClaim().getReadOnly());
    assertEquals(300L, job.getSpec().getActiveDeadlineSeconds());
    assertEquals(0, job.getSpec().getBackoffLimit());
    assertEquals("verify", job.getMetadata().getLabels().get(Labels.COMPONENT));
  }

  @Test
  void an_inspect_job_gets_the_same_gcs_key_file_as_the_restore_job() {
    ResolvedSource source = Fixtures.cloud("gcs", "gs://b/p", "gcs-key", null);
    V1Job job =
        BackupInspect.job(
            new BackupInspect.Request(
                Fixtures.identity(JobRole.INSPECT),
                Fixtures.standalone(V2025_08),
                "gs://b/p",
                null,
                false,
                BackupAccess.from(source),
                null,
                null));
    var c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals(
        "/var/run/secrets/neo4j-restore/gcp/credentials.json",
        RestoreJobBuilderTest.env(c, "GOOGLE_APPLICATION_CREDENTIALS").getValue());
    RestoreJobBuilderTest.assertNoLiteralSecrets(c);
  }
}

package io.neo4jrestore.runner.job;

import static io.neo4jrestore.runner.job.Fixtures.V5_26;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.model.BaseBackupSource;
import io.neo4jrestore.api.model.CompressionConfig;
import io.neo4jrestore.api.model.EncryptionConfig;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.PitrConfig;
import io.neo4jrestore.api.model.PvcSpec;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.model.RestoreSource;
import io.neo4jrestore.api.model.StorageLocation;
import io.neo4jrestore.runner.pitr.PitrLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The restore Job of a staged PITR chain: stage init container, arguments on staged files. */
class PitrRestoreJobTest {
  static Neo4jRestoreSpec spec() {
    PitrConfig pitr =
        new PitrConfig(
            new BaseBackupSource("backup", "orders-daily", null, null),
            new StorageLocation("pvc", null, "orders/", null, new PvcSpec("txlogs", null, null)),
            null,
            "5m",
            true,
            new CompressionConfig(true, "zstd", 3),
            new EncryptionConfig(true, "AES256", "pitr-key", "aes"));
    return new Neo4jRestoreSpec(
        "orders",
        new RestoreSource("pitr", null, null, null, "2025-01-04T12:30:00Z", pitr),
        "orders",
        null,
        true,
        true,
        "2h",
        null);
  }

  static ResolvedSource pinned() {
    return new ResolvedSource(
        "pvc",
        "/backup/orders-daily-20250104-000000",
        List.of(
            new ResolvedSource.Artifact(
                "orders-2025-01-04T00-00-05.backup",
                null,
                "orders",
                "2025-01-04T00:00:05Z",
                true,
                1L,
                41L,
                null),
            new ResolvedSource.Artifact(
                "orders-2025-01-04T12-45-00.backup",
                null,
                "orders",
                "2025-01-04T12:45:00Z",
                false,
                42L,
                63L,
                null)),
        null,
        "2025-01-04 12:30:00",
        null,
        "backups",
        null,
        null);
  }

  static V1Job job() {
    Neo4jRestoreSpec spec = spec();
    ResolvedSource pinned = pinned();
    List<String> command =
        RestoreArguments.build(
            new RestoreArguments.Request(
                V5_26, "orders", PitrLayout.forArguments(spec, pinned), true, true, List.of()));
    V1Job job =
        RestoreJobBuilder.build(
            RestoreJobRequest.offline(
                Fixtures.identity(JobRole.RESTORE),
                Fixtures.cluster(V5_26),
                command,
                null,
                BackupAccess.from(pinned),
                "2h"));
    return StageContainer.forRestore(spec, pinned, "ghcr.io/acme/neo4j-restore-runner:0.1.0")
        .addTo(job, Scratch.of(null, Fixtures.cluster(V5_26).workload()));
  }

  @Test
  void a_staged_chain_matches_its_golden_file() {
    Golden.assertMatches("restore-pitr-staged-5.26.json", job());
  }

  @Test
  void neo4j_admin_reads_the_last_staged_file_until_the_point_in_time() {
    List<String> command =
        job().getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
    assertTrue(
        command.contains("--from-path=/restore-staged/chain/orders-2025-01-04T12-45-00.backup"),
        command.toString());
    assertTrue(command.contains("--restore-until=2025-01-04 12:30:00"), command.toString());
  }

  @Test
  void the_stage_container_gets_the_chain_in_order_and_the_key_only_as_a_secret_volume() {
    V1Container stage = job().getSpec().getTemplate().getSpec().getInitContainers().get(0);
    assertEquals("ghcr.io/acme/neo4j-restore-runner:0.1.0", stage.getImage());
    assertEquals(
        List.of(
            "stage",
            "--from=/backup/orders-daily-20250104-000000",
            "--from=/backup-logs/orders",
            "--to=/restore-staged/chain",
            "--artifact=orders-2025-01-04T00-00-05.backup",
            "--artifact=orders-2025-01-04T12-45-00.backup",
            "--verify-checksums",
            "--compression=zstd",
            "--encryption=AES256",
            "--key-file=/var/run/secrets/neo4j-restore/pitr-key/key"),
        stage.getArgs());
    assertTrue(stage.getEnv() == null && stage.getEnvFrom() == null, "no key in the environment");
    var keyVolume =
        job().getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getSecret() != null)
            .findFirst()
            .orElseThrow();
    assertEquals("pitr-key", keyVolume.getSecret().getSecretName());
    assertEquals("aes", keyVolume.getSecret().getItems().get(0).getKey());
    V1Container restore = job().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertFalse(
        restore.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().contains("pitr-key")),
        "the Neo4j container never sees the key");
  }
}

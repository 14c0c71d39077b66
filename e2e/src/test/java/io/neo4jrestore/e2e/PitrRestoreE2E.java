package io.neo4jrestore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.testenv.neo4j.StandInBackup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A point-in-time restore from a full backup on one claim and differential "logs" on another,
 * gzip-compressed and AES-256 encrypted by the runner's own {@code pack}: the {@code stage} init
 * containers of the inspect and restore Jobs really run (the runner image, with the key Secret
 * mounted), decode the chain, and neo4j-admin replays it up to the point in time.
 */
class PitrRestoreE2E extends K3sTest {
  private static final String NS = "e2e-pitr";

  /**
   * A run folder as the v1alpha1 operator's backup Jobs name them on a PVC ({@code
   * <backup>-<yyyyMMdd-HHmmss>}, docs/compat.md): that line records no run, so the restore names
   * it.
   */
  private static final String RUN_FOLDER = "daily-20250104-000000";

  private Targets.Target books;
  private Instant now;
  private String key;

  PitrRestoreE2E() {
    super(NS);
  }

  @Override
  protected void setUp() throws Exception {
    now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<Path> full = targets.artifacts(StandInBackup.of("ledger", ago(50), true, 1, 40));
    List<Path> logs =
        targets.artifacts(
            StandInBackup.of("ledger", ago(30), false, 41, 60),
            StandInBackup.of("ledger", ago(10), false, 61, 80),
            StandInBackup.of("ledger", ago(2), false, 81, 90));
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    key = Base64.getEncoder().encodeToString(raw);
    Path keyFile = Files.createTempFile(e2e.work(), "pitr-key", ".txt");
    Files.writeString(keyFile, key, StandardCharsets.US_ASCII);
    List<Path> packed = pack(logs, keyFile);
    assertTrue(
        packed.stream().anyMatch(p -> p.getFileName().toString().endsWith(".backup.gz.enc")),
        packed.toString());

    targets.backupVolume(NS, "base-backups", Map.of(RUN_FOLDER, full));
    targets.backupVolume(NS, "backup-logs", Map.of("ledger", packed));
    targets.apply(
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: pitr-key, namespace: %s}
        stringData: {key: "%s"}
        ---
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jBackup
        metadata: {name: daily, namespace: %s}
        spec:
          storage: {type: pvc, pvc: {name: base-backups}}
        """
            .formatted(NS, key, NS));
    books = targets.standalone(NS, "books", Targets.Servers.plain());
  }

  private Instant ago(int minutes) {
    return now.minus(Duration.ofMinutes(minutes));
  }

  /** {@code neo4j-restore-runner pack --compression gzip --encryption AES256}, this build's jar. */
  private List<Path> pack(List<Path> files, Path keyFile) throws Exception {
    Path out = Files.createTempDirectory(e2e.work(), "packed-");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                e2e.repo().resolve("runner/target/neo4j-restore-runner.jar").toString(),
                "pack",
                "--to",
                out.toString(),
                "--compression",
                "gzip",
                "--encryption",
                "AES256",
                "--key-file",
                keyFile.toString()));
    files.forEach(f -> command.add(f.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0, "pack failed: " + output);
    try (Stream<Path> s = Files.list(out)) {
      return s.sorted().toList();
    }
  }

  @Test
  void a_point_in_time_restore_stages_compressed_and_encrypted_logs_in_a_real_init_container()
      throws Exception {
    Instant point = ago(20);
    restores.create(
        NS,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: ledger-pitr}
        spec:
          targetCluster: books
          databaseName: ledger
          source:
            type: pitr
            pointInTime: "%s"
            pitr:
              baseBackup: {type: backup, backupRef: daily, backupPath: %s}
              logStorage: {type: pvc, path: ledger, pvc: {name: backup-logs}}
              compression: {enabled: true, algorithm: gzip}
              encryption: {enabled: true, algorithm: AES256, keySecret: pitr-key}
        """
            .formatted(point, RUN_FOLDER));
    Cli.Result watched = restores.watch(NS, "ledger-pitr", Duration.ofMinutes(8));
    assertEquals(0, watched.exitCode(), watched.toString());

    Neo4jRestore done = restores.read(NS, "ledger-pitr");
    assertEquals(Phases.COMPLETED, done.status().phase(), done.status().message());
    assertEquals(
        Boolean.TRUE,
        done.status().recoveryPoint().met(),
        done.status().recoveryPoint().toString());
    // the chain that reaches the point: the full backup and the logs up to the first after it
    assertEquals(
        3,
        done.status().resolvedSource().artifacts().size(),
        done.status().resolvedSource().toString());

    // the inspect Job and the restore Job each ran the stage init container to exit 0
    for (String role : List.of("inspect", "restore")) {
      V1Job job = restores.jobs(NS, "ledger-pitr", role).get(0);
      V1Pod pod = restores.pods(NS, job.getMetadata().getName()).get(0);
      V1ContainerStatus stage = pod.getStatus().getInitContainerStatuses().get(0);
      assertEquals("stage", stage.getName());
      assertEquals(0, stage.getState().getTerminated().getExitCode(), role + ": " + stage);
      String stageLog =
          e2e.cli().kubectlOk("logs", "-n", NS, pod.getMetadata().getName(), "-c", "stage");
      assertTrue(stageLog.contains(".backup.gz.enc"), role + " stage log:\n" + stageLog);
      assertFalse(stageLog.contains(key), "the key was logged");
    }

    // neo4j-admin replayed the chain up to the point: transactions 41..60 were committed by then
    Map<String, String> store = targets.store(books, 0, "ledger");
    assertEquals("60", store.get("lastTx"), store.toString());
    assertEquals(point.toString(), store.get("restoreUntil"));
    assertEquals("online", targets.databases(books).get("ledger"));
    Cli.Result logs = restores.logs(NS, "ledger-pitr");
    assertFalse(logs.out().contains(key), "the key was logged");
  }
}

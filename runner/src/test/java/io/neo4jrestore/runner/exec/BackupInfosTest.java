package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.model.ResolvedSource.Artifact;
import io.neo4jrestore.api.model.RestoreBackupInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupInfosTest {
  private static ResolvedSource pinned(List<Artifact> artifacts, String sourceDatabase) {
    return new ResolvedSource(
        "pvc", "/backup", artifacts, sourceDatabase, null, null, "backup-pvc", null, null);
  }

  @Test
  void a_pinned_chain_tells_time_database_kind_and_transactions_but_never_a_version() {
    RestoreBackupInfo info =
        BackupInfos.known(
            pinned(
                List.of(
                    new Artifact("/backup/o-1.backup", 1000L, "orders", "T1", true, 1L, 41L, null),
                    new Artifact("/backup/o-2.backup", 24L, "orders", "T2", false, 42L, 57L, null)),
                null));

    assertEquals("/backup", info.backupPath());
    assertEquals("T2", info.backupCreatedAt());
    assertEquals("orders", info.originalDatabase());
    assertNull(info.neo4jVersion());
    assertEquals(false, info.full());
    assertEquals(1L, info.lowestTransactionId());
    assertEquals(57L, info.highestTransactionId());
    assertEquals(false, info.verified());
    assertEquals("1.0KiB", info.backupSize());
  }

  @Test
  void a_named_file_tells_only_its_path_and_a_folder_its_database() {
    RestoreBackupInfo file =
        BackupInfos.known(
            pinned(
                List.of(new Artifact("/backup/m.backup", null, null, null, null, null, null, null)),
                null));
    assertEquals("/backup/m.backup", file.backupPath());
    assertNull(file.full());
    assertNull(file.backupCreatedAt());
    assertNull(file.backupSize());

    RestoreBackupInfo folder = BackupInfos.known(pinned(List.of(), "movies"));
    assertEquals("/backup", folder.backupPath());
    assertEquals("movies", folder.originalDatabase());
  }
}

package io.neo4jrestore.runner.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.target.Lineage;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** On Neo4jBackup documents shaped as each operator line serves them (resources/operator/). */
class BackupRefLayoutTest {
  private static JsonNode backup(String file) throws Exception {
    try (InputStream in = BackupRefLayoutTest.class.getResourceAsStream("/operator/" + file)) {
      return ApiMapper.yaml().readTree(in);
    }
  }

  private static String folder(BackupRefLayout l) {
    return SourceResolver.join(
        l.cloudRoot() == null ? SourceResolver.BACKUP_MOUNT : l.cloudRoot(),
        l.storage().path(),
        l.backupPath());
  }

  @Test
  void a_v1beta1_backup_is_read_from_its_newest_succeeded_run_under_backups() throws Exception {
    BackupRefLayout l =
        BackupRefLayout.locate(
            Lineage.V1BETA1, "prod", "nightly", backup("neo4jbackup-v1beta1-s3.yaml"), null);
    assertEquals(
        "s3://acme-backups/backups/nightly/", folder(l), "storage.path defaults to backups");
    assertEquals(
        "http://minio.minio.svc:9000", l.endpoint(), "endpointURL is under spec.storage.cloud");
    assertEquals("minio-backup-credentials", l.storage().cloud().credentialsSecretRef());
  }

  @Test
  void backup_path_is_relative_to_where_the_backup_jobs_write() throws Exception {
    BackupRefLayout l =
        BackupRefLayout.locate(
            Lineage.V1BETA1,
            "prod",
            "nightly",
            backup("neo4jbackup-v1beta1-s3.yaml"),
            "nightly/orders-2026-01-01T02-00-04.backup");
    assertEquals("s3://acme-backups/backups/nightly/orders-2026-01-01T02-00-04.backup", folder(l));
  }

  @Test
  void a_v1beta1_backup_without_a_succeeded_run_is_refused_naming_what_to_set() throws Exception {
    RestoreFailure f =
        assertThrows(
            RestoreFailure.class,
            () ->
                BackupRefLayout.locate(
                    Lineage.V1BETA1,
                    "prod",
                    "weekly",
                    backup("neo4jbackup-v1beta1-pvc-no-run.yaml"),
                    null));
    assertEquals(Reasons.SOURCE_NOT_FOUND, f.reason());
    assertTrue(f.getMessage().contains("no Succeeded run"), f.getMessage());
    assertTrue(f.getMessage().contains("spec.source.backupPath"), f.getMessage());
  }

  @Test
  void a_pvc_backup_is_under_the_claim_root_whatever_storage_path_says() throws Exception {
    BackupRefLayout l =
        BackupRefLayout.locate(
            Lineage.V1BETA1,
            "prod",
            "weekly",
            backup("neo4jbackup-v1beta1-pvc-no-run.yaml"),
            "nightly");
    assertEquals("/backup/nightly/", folder(l));
    assertNull(l.cloudRoot());
  }

  @Test
  void a_v1alpha1_backup_records_no_run_so_backup_path_is_required() throws Exception {
    JsonNode daily = backup("neo4jbackup-v1alpha1-pvc.yaml");
    RestoreFailure f =
        assertThrows(
            RestoreFailure.class,
            () -> BackupRefLayout.locate(Lineage.V1ALPHA1, "prod", "daily", daily, null));
    assertEquals(Reasons.SOURCE_NOT_FOUND, f.reason());
    assertTrue(f.getMessage().contains("daily-<yyyyMMdd-HHmmss>"), f.getMessage());
    assertTrue(f.getMessage().contains("on PVC \"backups\""), f.getMessage());
    assertEquals(
        "/backup/daily-20250104-000000/",
        folder(
            BackupRefLayout.locate(
                Lineage.V1ALPHA1, "prod", "daily", daily, "daily-20250104-000000")));
  }

  @Test
  void an_azure_backup_is_read_with_the_uri_its_jobs_wrote() throws Exception {
    ObjectNode b = (ObjectNode) backup("neo4jbackup-v1beta1-s3.yaml");
    ObjectNode storage = (ObjectNode) b.at("/spec/storage");
    storage.put("type", "azure").put("bucket", "acmestorage").put("path", "neo4j");
    ((ObjectNode) storage.get("cloud")).put("provider", "azure").remove("endpointURL");
    BackupRefLayout l = BackupRefLayout.locate(Lineage.V1BETA1, "prod", "nightly", b, null);
    assertEquals("azb://acmestorage/neo4j/nightly/", folder(l));
  }

  @Test
  void force_path_style_is_refused_because_neo4j_admin_documents_no_such_setting()
      throws Exception {
    ObjectNode b = (ObjectNode) backup("neo4jbackup-v1beta1-s3.yaml");
    ((ObjectNode) b.at("/spec/storage/cloud")).put("forcePathStyle", true);
    RestoreFailure f =
        assertThrows(
            RestoreFailure.class,
            () -> BackupRefLayout.locate(Lineage.V1BETA1, "prod", "nightly", b, null));
    assertEquals(Reasons.INVALID_SPEC, f.reason());
    assertTrue(f.getMessage().contains("forcePathStyle"), f.getMessage());
  }
}

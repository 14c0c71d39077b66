package io.neo4jrestore.runner.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.runner.common.RestoreFailure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceResolverTest {
  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        // the reference's examples keep their storage.path prefix
        "s3://b, production/, /backups/production/backup-20250120-020000, s3://b/production/backups/production/backup-20250120-020000/",
        "gs://b, weekly/, /backups/analytics-db/backup-20250120-030000, gs://b/weekly/backups/analytics-db/backup-20250120-030000/",
        "azb://acct/container, production/, /backups/customer-data/backup-20250120-020000.backup, azb://acct/container/production/backups/customer-data/backup-20250120-020000.backup",
        "s3://b, production/, movies.backup, s3://b/production/movies.backup",
        "s3://b, -, -, s3://b/",
        "s3://b, -, /orders.backup, s3://b/orders.backup",
        "/backup, -, nightly-20250120-020000, /backup/nightly-20250120-020000/",
        "/backup, team/, /x/y.backup, /backup/team/x/y.backup",
        "/backup, /team, folder/, /backup/team/folder/"
      })
  void backup_path_is_always_relative_to_storage_path(
      String root, String storagePath, String backupPath, String expected) {
    assertEquals(expected, SourceResolver.join(root, storagePath, backupPath));
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "production/, /production/backup-20250120-020000, starts with '/' followed by",
        "-, ../other/movies.backup, is not a canonical path",
        "a/../.., -, is not a canonical path",
        "a//b, -, is not a canonical path",
        "-, 'movies\\n.backup', is not a canonical path",
        "-, 'x,/etc/passwd', is not a canonical path",
        "-, '*.backup', is not a canonical path"
      })
  void a_path_that_is_not_canonical_or_is_ambiguous_is_refused_as_invalid_spec(
      String storagePath, String backupPath, String message) {
    String b = backupPath == null ? null : backupPath.replace("\\n", "\n");
    RestoreFailure f =
        assertThrows(RestoreFailure.class, () -> SourceResolver.join("/backup", storagePath, b));
    assertEquals(Reasons.INVALID_SPEC, f.reason());
    assertTrue(f.getMessage().contains(message), f.getMessage());
    assertTrue(!f.getMessage().contains("\n"), "control characters are escaped: " + f.getMessage());
  }
}

package io.neo4jrestore.runner.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceResolverTest {
  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "s3://b, production/, /backups/production/backup-20250120-020000, s3://b/backups/production/backup-20250120-020000/",
        "s3://b, production/, movies.backup, s3://b/production/movies.backup",
        "s3://b, -, -, s3://b/",
        "gs://b, weekly/, /backups/analytics-db/backup-20250120-030000, gs://b/backups/analytics-db/backup-20250120-030000/",
        "azb://acct/container, production/, /backups/customer-data/backup-20250120-020000.backup, azb://acct/container/backups/customer-data/backup-20250120-020000.backup",
        "/backup, -, nightly-20250120-020000, /backup/nightly-20250120-020000/",
        "/backup, team/, /x/y.backup, /backup/x/y.backup"
      })
  void backup_path_is_relative_to_storage_path_unless_it_starts_with_a_slash(
      String root, String storagePath, String backupPath, String expected) {
    assertEquals(expected, SourceResolver.join(root, storagePath, backupPath));
  }
}

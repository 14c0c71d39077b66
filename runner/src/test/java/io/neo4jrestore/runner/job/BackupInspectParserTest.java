package io.neo4jrestore.runner.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.model.ResolvedSource.Artifact;
import io.neo4jrestore.runner.job.BackupInspectParser.Entry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixtures in {@code golden/inspect/}; the JSON layouts are assumptions (see the parser). */
class BackupInspectParserTest {

  @Test
  void reads_a_json_array_into_artifacts_oldest_first() {
    List<Artifact> artifacts =
        BackupInspectParser.artifacts(Golden.read("inspect/json-array.json"));
    assertEquals(
        List.of(
            new Artifact(
                "/backup/orders-2025-01-04T00-00-05.backup",
                null,
                "orders",
                "2025-01-03T23:00:05Z",
                true,
                1L,
                41L,
                null),
            new Artifact(
                "/backup/orders-2025-01-04T06-00-02.backup",
                null,
                "orders",
                "2025-01-04T05:00:02Z",
                false,
                42L,
                57L,
                null),
            new Artifact(
                "/backup/orders-2025-01-04T12-00-03.backup",
                null,
                "orders",
                "2025-01-04T11:00:03Z",
                false,
                58L,
                63L,
                null)),
        artifacts);
  }

  @Test
  void keeps_the_order_of_the_output_when_parsing_entries() {
    List<Entry> entries = BackupInspectParser.parse(Golden.read("inspect/json-array.json"));
    assertEquals("/backup/orders-2025-01-04T12-00-03.backup", entries.get(0).path());
    assertEquals("4b1c5d0e-2f3a-4e4b-9c7d-1a2b3c4d5e6f", entries.get(0).databaseId());
    assertEquals(true, entries.get(0).compressed());
  }

  @Test
  void reads_entries_nested_in_an_object_with_string_numbers_a_type_and_sizes() {
    List<Entry> entries = BackupInspectParser.parse(Golden.read("inspect/json-wrapped.json"));
    assertEquals(2, entries.size());
    Entry full = entries.get(0);
    assertEquals("s3://acme-backups/neo4j/orders-2025-01-04T00-00-05.backup", full.path());
    assertEquals("orders", full.database());
    assertEquals(true, full.full());
    assertEquals(1L, full.lowestTransactionId());
    assertEquals(41L, full.highestTransactionId());
    assertEquals(73_400_320L, full.sizeBytes());
    assertEquals("2025-01-04T00:00:05Z", full.time());
    Entry diff = entries.get(1);
    assertEquals(false, diff.full());
    assertEquals(false, diff.recovered());
    assertEquals("2025-01-04T10:00:03Z", diff.time()); // +02:00 in the output
    assertEquals(
        "2025-01-04T10:00:03Z",
        BackupInspectParser.artifacts(Golden.read("inspect/json-wrapped.json")).get(1).createdAt());
  }

  @Test
  void skips_log_lines_before_and_after_the_json() {
    List<Entry> entries =
        BackupInspectParser.parse(Golden.read("inspect/json-after-log-lines.txt"));
    assertEquals(2, entries.size());
    assertEquals(
        "gs://acme-backups/neo4j/orders-2025-01-04T00-00-05.backup", entries.get(0).path());
    assertEquals("2025-01-04T00:00:05Z", entries.get(0).time()); // epoch milliseconds
    assertEquals("2025-01-04T12:00:03Z", entries.get(1).time()); // epoch seconds
  }

  @Test
  void reads_json_lines_as_one_list() {
    List<Entry> entries = BackupInspectParser.parse(Golden.read("inspect/json-lines.txt"));
    assertEquals(2, entries.size());
    assertEquals(
        "azb://acmestorage/neo4j-backups/orders-2025-01-04T00-00-05.backup", entries.get(0).path());
    assertEquals(true, entries.get(0).full());
    assertEquals(false, entries.get(1).full());
  }

  @Test
  void falls_back_to_the_documented_tabular_layout() {
    List<Entry> entries = BackupInspectParser.parse(Golden.read("inspect/tabular-2025.txt"));
    assertEquals(4, entries.size());
    Entry first = entries.get(0);
    assertEquals("/backup/sales-2025-03-02T09-15-40.backup", first.path());
    assertEquals("sales", first.database());
    assertEquals("9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4", first.databaseId());
    assertEquals("2025-03-02T09:15:40Z", first.time());
    assertEquals(false, first.full());
    assertEquals(true, first.compressed());
    assertEquals(31L, first.lowestTransactionId());
    assertEquals(36L, first.highestTransactionId());
    assertEquals(false, first.recovered());
    assertNull(first.sizeBytes());
    List<Artifact> chain = BackupInspectParser.artifacts(Golden.read("inspect/tabular-2025.txt"));
    assertEquals("/backup/inventory-2025-03-02T08-00-00.backup", chain.get(0).path());
    assertEquals("/backup/sales-2025-03-02T09-15-40.backup", chain.get(3).path());
  }

  @Test
  void an_empty_list_is_no_artifacts() {
    assertEquals(List.of(), BackupInspectParser.parse(Golden.read("inspect/empty.json")));
    assertEquals(List.of(), BackupInspectParser.parse("{\"backups\": []}"));
  }

  @Test
  void refuses_output_that_is_neither_json_nor_a_table_and_quotes_its_start() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BackupInspectParser.parse(Golden.read("inspect/not-inspect-output.txt")));
    assertTrue(e.getMessage().contains("neither JSON nor a table"), e.getMessage());
    assertTrue(e.getMessage().contains("Unknown option"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BackupInspectParser.parse(""));
    assertThrows(IllegalArgumentException.class, () -> BackupInspectParser.parse(null));
  }

  @Test
  void refuses_an_entry_without_a_file_or_with_unreadable_values() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> BackupInspectParser.parse("[{\"database\": \"orders\"}]"))
            .getMessage()
            .contains("entry 1 has no file"));
    assertThrows(
        IllegalArgumentException.class,
        () -> BackupInspectParser.parse("[{\"file\": \"/b/a.backup\", \"lowestTx\": \"many\"}]"));
    assertThrows(
        IllegalArgumentException.class,
        () -> BackupInspectParser.parse("[{\"file\": \"/b/a.backup\", \"time\": \"noon\"}]"));
    assertThrows(
        IllegalArgumentException.class,
        () -> BackupInspectParser.parse("[{\"file\": \"/b/a.backup\", \"full\": \"maybe\"}]"));
  }

  @Test
  void turns_file_uris_into_paths_and_keeps_cloud_uris() {
    List<Entry> entries =
        BackupInspectParser.parse(
            "[{\"file\": \"file:///backup/run%201/a.backup\"},"
                + " {\"file\": \"file:///backup/run 2/b.backup\"},"
                + " {\"file\": \"s3://bucket/p/c.backup\"}]");
    assertEquals("/backup/run 1/a.backup", entries.get(0).path());
    assertEquals("/backup/run 2/b.backup", entries.get(1).path());
    assertEquals("s3://bucket/p/c.backup", entries.get(2).path());
  }
}

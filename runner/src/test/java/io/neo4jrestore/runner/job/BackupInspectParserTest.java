package io.neo4jrestore.runner.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.model.ResolvedSource.Artifact;
import io.neo4jrestore.runner.job.BackupInspectParser.Entry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On the Operations Manual's own example outputs ({@code golden/inspect/manual-*}, copied verbatim)
 * and on scenario tables in the same layout; {@code golden/inspect/README.md} names the sources.
 */
class BackupInspectParserTest {

  @Test
  void reads_the_manuals_5_26_example_with_empty_backups() {
    List<Entry> entries =
        BackupInspectParser.parse(Golden.read("inspect/manual-5.x-all-empty.txt"));
    assertEquals(10, entries.size());
    Entry first = entries.get(0);
    assertEquals("/backups/neo4j-2024-10-07T16-05-37.backup", first.path());
    assertEquals("neo4j", first.database());
    assertEquals("7dcb1d0c-4374-4476-b8ae-d3c3f124683f", first.databaseId());
    assertEquals("2024-10-07T16:05:37Z", first.time());
    assertTrue(first.full());
    assertTrue(first.compressed());
    assertEquals(1L, first.lowestTransactionId());
    assertEquals(3L, first.highestTransactionId());
    assertNull(first.recovered(), "5.26 prints no RECOVERED column");
    Entry empty = entries.get(3);
    assertEquals(
        0L, empty.lowestTransactionId(), "an empty backup (--empty) covers no transaction");
    assertEquals(0L, empty.highestTransactionId());
  }

  @Test
  void reads_the_recovered_column_of_2025_06_and_later() {
    List<Entry> entries =
        BackupInspectParser.parse(Golden.read("inspect/manual-dev-all-empty.txt"));
    assertEquals(10, entries.size());
    assertEquals(true, entries.get(0).recovered());
    assertEquals(false, entries.get(2).recovered());
  }

  @ParameterizedTest
  @ValueSource(strings = {"manual-5.x-", "manual-dev-"})
  void reads_a_chain_in_either_order_and_pins_it_oldest_first(String prefix) {
    List<Artifact> fromLatestChain =
        BackupInspectParser.artifacts(Golden.read("inspect/" + prefix + "latest-chain-london.txt"));
    List<Artifact> fromEndingAt =
        BackupInspectParser.artifacts(
            Golden.read("inspect/" + prefix + "chain-ending-at-london-diff.txt"));
    List<Artifact> expected =
        List.of(
            new Artifact(
                "/backups/london-2024-10-07T16-03-51.backup",
                null,
                "london",
                "2024-10-07T16:03:51Z",
                true,
                1L,
                5L,
                null),
            new Artifact(
                "/backups/london-2024-10-07T16-04-05.backup",
                null,
                "london",
                "2024-10-07T16:04:05Z",
                false,
                6L,
                6L,
                null));
    assertEquals(expected, fromLatestChain);
    assertEquals(expected, fromEndingAt, "the manual lists this chain newest first");
  }

  @Test
  void skips_log_lines_around_the_table_and_keeps_cloud_uris() {
    String output =
        "2025-01-04 12:00:00.000+0000 INFO  Inspecting s3://acme/neo4j/\n"
            + Golden.read("inspect/orders-chain-with-gap-5.26.txt")
            + "done\n";
    List<Entry> entries = BackupInspectParser.parse(output);
    assertEquals(4, entries.size());
    assertEquals("s3://acme/neo4j/movies-2025-01-04T12-00-09.backup", entries.get(0).path());
  }

  @Test
  void a_header_without_rows_is_no_artifacts() {
    String header =
        Golden.read("inspect/manual-5.x-latest-backup.txt").lines().findFirst().orElseThrow();
    assertEquals(List.of(), BackupInspectParser.parse(header + "\n"));
  }

  @Test
  void refuses_output_without_a_table_and_quotes_its_start() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BackupInspectParser.parse(Golden.read("inspect/not-inspect-output.txt")));
    assertTrue(e.getMessage().contains("no table"), e.getMessage());
    assertTrue(e.getMessage().contains("Unknown option"), e.getMessage());
    assertTrue(e.getMessage().contains("docs/compat.md"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BackupInspectParser.parse(""));
    assertThrows(IllegalArgumentException.class, () -> BackupInspectParser.parse(null));
  }

  @Test
  void refuses_json_because_its_layout_is_not_documented() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BackupInspectParser.parse(
                    "[{\"uri\":\"file:///backup/orders-2025-01-04T00-00-05.backup\"}]"));
    assertTrue(e.getMessage().contains("no table"), e.getMessage());
  }

  @Test
  void refuses_a_header_other_than_the_documented_one() {
    String renamed =
        Golden.read("inspect/manual-5.x-latest-backup.txt").replace("LOWEST TX", "FIRST TX ");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BackupInspectParser.parse(renamed));
    assertTrue(e.getMessage().contains("header is not the documented one"), e.getMessage());
    assertTrue(e.getMessage().contains("FIRST TX"), e.getMessage());
  }

  @Test
  void refuses_rows_that_do_not_match_the_layout_and_names_the_value() {
    String table = Golden.read("inspect/orders-folder-5.26.txt");
    String row = table.lines().skip(1).findFirst().orElseThrow();
    assertRefused(table.replace(row, row.replace("| false |", "|   yes |")), "FULL \"yes\"");
    assertRefused(table.replace(row, row.replace("|        58 |", "|       5.8 |")), "LOWEST TX");
    assertRefused(
        table.replace(row, row.replace("2025-01-04T12:00:03", "2025-01-04 12:00:03")),
        "TIME (UTC)");
    assertRefused(table.replace(row, row.replace("file:///", "http:///")), "FILE");
    assertRefused(table.replace(row, row.replace(".backup |", ".bak    |")), "FILE");
    assertRefused(table.replace(row, row.substring(0, row.lastIndexOf(" |")) + "| 7 |"), "cells");
    assertRefused(table.replace(row, row + "\nWARN something\n" + row), "interrupted");
  }

  private static void assertRefused(String output, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BackupInspectParser.parse(output));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains("the line: |"), "quotes the row: " + e.getMessage());
  }
}

package io.neo4jrestore.testenv.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Neo4jAdminStandInTest {
  private static final Instant T0 = Instant.parse("2025-01-04T00:00:05Z");

  @TempDir Path tmp;
  private Path backups;
  private Path data;
  private Path full;
  private Path diff1;
  private Path diff2;
  private String out;
  private String err;

  @BeforeEach
  void artifacts() throws IOException {
    backups = tmp.resolve("backup");
    data = tmp.resolve("data");
    full = StandInBackup.of("orders", T0, true, 1, 41).writeTo(backups);
    diff1 = StandInBackup.of("orders", T0.plusSeconds(3600), false, 42, 57).writeTo(backups);
    diff2 = StandInBackup.of("orders", T0.plusSeconds(7200), false, 58, 63).writeTo(backups);
    StandInBackup.of("movies", T0.plusSeconds(60), true, 1, 9).writeTo(backups);
  }

  private int admin(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code =
        new Neo4jAdminStandIn(
                data,
                new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8))
            .run(List.of(args));
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  private Properties store(String db) throws IOException {
    Properties p = new Properties();
    try (var in =
        Files.newInputStream(
            data.resolve("databases").resolve(db).resolve(Neo4jAdminStandIn.STORE_FILE))) {
      p.load(in);
    }
    return p;
  }

  @Test
  void restores_the_chain_that_ends_at_the_given_file_into_the_data_directory() throws Exception {
    assertEquals(0, admin("database", "restore", "--from-path=" + diff2, "orders"), err);
    Properties store = store("orders");
    assertEquals(full + "," + diff1 + "," + diff2, store.getProperty("artifacts"));
    assertEquals("63", store.getProperty("lastTx"));
    assertEquals("63", store.getProperty("transactions"));
    assertTrue(Files.isDirectory(data.resolve("transactions").resolve("orders")));
    assertTrue(out.contains("Restore of database orders completed"), out);
  }

  @Test
  void restores_up_to_the_restore_until_time_only() throws Exception {
    // diff1 holds transactions 42..57, the last at T0+1h, one per second before it
    String until = "2025-01-04 01:00:00"; // T0+1h-5s: transactions up to 52
    assertEquals(
        0,
        admin(
            "database",
            "restore",
            "--from-path=" + diff2,
            "--restore-until=" + until,
            "--temp-path=" + tmp,
            "orders"),
        err);
    assertEquals("52", store("orders").getProperty("lastTx"));
    assertEquals("2025-01-04T01:00:00Z", store("orders").getProperty("restoreUntil"));
  }

  @Test
  void restores_the_latest_chain_of_the_source_database_from_a_folder() throws Exception {
    assertEquals(
        0,
        admin(
            "database", "restore", "--from-path=" + backups, "--source-database=orders", "orders"),
        err);
    assertEquals("63", store("orders").getProperty("lastTx"));
  }

  @Test
  void fails_like_neo4j_admin_on_a_missing_file_a_wrong_database_and_an_existing_store()
      throws Exception {
    assertEquals(
        1, admin("database", "restore", "--from-path=" + backups.resolve("nope.backup"), "orders"));
    assertTrue(err.contains("does not exist"), err);

    assertEquals(
        1,
        admin("database", "restore", "--from-path=" + backups, "--source-database=users", "users"));
    assertTrue(err.contains("No backup of database 'users'"), err);

    assertEquals(0, admin("database", "restore", "--from-path=" + full, "orders"), err);
    assertEquals(1, admin("database", "restore", "--from-path=" + diff2, "orders"));
    assertTrue(err.contains("already exists") && err.contains("--overwrite-destination"), err);
    assertEquals("41", store("orders").getProperty("lastTx"), "the existing store is untouched");
    assertEquals(
        0,
        admin(
            "database",
            "restore",
            "--from-path=" + diff2,
            "--overwrite-destination=true",
            "orders"),
        err);
    assertEquals("63", store("orders").getProperty("lastTx"));
  }

  @Test
  void fails_when_an_artifact_of_the_chain_is_missing_or_the_option_is_unknown() throws Exception {
    Files.delete(diff1);
    assertEquals(1, admin("database", "restore", "--from-path=" + diff2, "orders"));
    assertTrue(err.contains("transaction 57") && err.contains("is missing"), err);
    assertFalse(Files.exists(data.resolve("databases").resolve("orders")));

    assertEquals(1, admin("database", "restore", "--from-path=" + full, "--force", "orders"));
    assertTrue(err.contains("Unknown option: '--force'"), err);
  }

  @Test
  void inspects_a_folder_in_the_manuals_table_per_database_and_latest_chain() throws Exception {
    assertEquals(
        0,
        admin(
            "backup",
            "inspect",
            backups.toString(),
            "--show-metadata",
            "--database=orders",
            "--latest-chain"),
        err);
    List<String> lines = out.lines().toList();
    assertTrue(
        lines
            .get(0)
            .matches(
                "\\| +FILE \\| DATABASE \\| +DATABASE ID \\| +TIME \\(UTC\\) \\| +FULL \\|"
                    + " COMPRESSED \\| LOWEST TX \\| HIGHEST TX \\|"),
        out);
    assertTrue(out.contains(full.toUri() + " |"), out);
    assertTrue(lines.stream().allMatch(l -> l.length() == lines.get(0).length()), out);
    assertFalse(out.contains("movies"), out);
    assertEquals(0, admin("backup", "inspect", backups.toString()), err);
    assertTrue(out.contains("| movies |") || out.contains(" movies |"), out);

    assertEquals(1, admin("backup", "inspect", backups.toString(), "--format=JSON"));
    assertTrue(err.contains("only the TABULAR layout"), err);
  }
}

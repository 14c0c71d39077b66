package io.neo4jrestore.runner.job;

import static io.neo4jrestore.runner.job.Fixtures.V2025_01;
import static io.neo4jrestore.runner.job.Fixtures.V2025_04;
import static io.neo4jrestore.runner.job.Fixtures.V5_26;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.runner.job.RestoreArguments.FromPathForm;
import io.neo4jrestore.runner.neo4j.Neo4jVersion;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RestoreArgumentsTest {
  private static final String FULL = "s3://acme-backups/neo4j/orders-2025-01-04T00-00-05.backup";
  private static final String DIFF = "s3://acme-backups/neo4j/orders-2025-01-04T12-00-03.backup";

  @Test
  void restores_the_chain_ending_at_the_last_pinned_artifact_under_the_requested_name_on_5_26() {
    List<String> args = build(V5_26, "sales", Fixtures.s3(null, FULL, DIFF), false, false);
    assertEquals(
        List.of(
            "neo4j-admin",
            "database",
            "restore",
            "--from-path=" + DIFF,
            "--temp-path=/restore-temp",
            "sales"),
        args);
  }

  @Test
  void uses_the_same_chain_end_form_on_2025_when_artifacts_are_pinned() {
    ResolvedSource source = Fixtures.s3(null, FULL, DIFF);
    assertEquals(FromPathForm.CHAIN_END, RestoreArguments.formFor(V2025_04, source));
    assertEquals(
        build(V5_26, "orders", source, false, false),
        build(V2025_04, "orders", source, false, false));
  }

  @Test
  void resolves_bare_artifact_names_against_the_source_location() {
    List<String> args =
        build(
            V5_26,
            "orders",
            Fixtures.s3(
                null, "orders-2025-01-04T00-00-05.backup", "orders-2025-01-04T12-00-03.backup"),
            false,
            false);
    assertEquals("--from-path=" + DIFF, args.get(3));
  }

  @Test
  void refuses_a_chain_whose_artifacts_are_in_different_folders() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                build(
                    V5_26,
                    "orders",
                    Fixtures.s3(null, "s3://a/base/orders-1.backup", "s3://a/logs/orders-2.backup"),
                    false,
                    false));
    assertTrue(e.getMessage().contains("one folder"), e.getMessage());
  }

  @Test
  void restores_from_a_folder_with_source_database_and_no_positional_name_on_2025_02_and_later() {
    ResolvedSource source = Fixtures.cloud("gcs", "gs://acme-backups/neo4j", "k", null);
    assertEquals(FromPathForm.FOLDER, RestoreArguments.formFor(V2025_04, source));
    assertEquals(
        List.of(
            "neo4j-admin",
            "database",
            "restore",
            "--from-path=gs://acme-backups/neo4j",
            "--source-database=orders",
            "--temp-path=/restore-temp"),
        build(V2025_04, "orders", source, false, false));
  }

  @Test
  void a_folder_restore_keeps_the_source_name_so_another_database_name_is_refused() {
    ResolvedSource source =
        new ResolvedSource("gcs", "gs://b/neo4j", List.of(), "orders", null, "k", null, null, null);
    assertEquals(
        "--source-database=orders", build(V2025_04, "ORDERS", source, false, false).get(4));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> build(V2025_04, "orders-copy", source, false, false));
    assertTrue(e.getMessage().contains("keeps its name"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"5.26.0", "5.26.12", "2025.01.0"})
  void a_version_without_folder_restores_needs_pinned_files_and_says_to_inspect(String tag) {
    Neo4jVersion version = Neo4jVersion.parseTag(tag);
    ResolvedSource folder = Fixtures.cloud("s3", "s3://b/neo4j", "k", null);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> build(version, "orders", folder, false, false));
    assertTrue(e.getMessage().contains("backup inspect"), e.getMessage());
    assertFalse(RestoreArguments.supportsFolderSource(version));
  }

  @Test
  void folder_restores_start_with_2025_02() {
    assertFalse(RestoreArguments.supportsFolderSource(V2025_01));
    assertTrue(RestoreArguments.supportsFolderSource(Neo4jVersion.parseTag("2025.02.0")));
    assertTrue(RestoreArguments.supportsFolderSource(Neo4jVersion.parseTag("2026.01.0")));
  }

  @Test
  void overwrites_only_when_the_database_exists_and_replacing_is_allowed() {
    ResolvedSource source = Fixtures.s3(null, FULL);
    assertTrue(build(V5_26, "orders", source, true, true).contains("--overwrite-destination=true"));
    assertFalse(
        build(V5_26, "orders", source, false, true).stream()
            .anyMatch(a -> a.startsWith("--overwrite-destination")));
    assertFalse(
        build(V5_26, "orders", source, false, false).stream()
            .anyMatch(a -> a.startsWith("--overwrite-destination")));
  }

  @Test
  void refuses_to_restore_over_an_existing_database_without_force_or_replace_existing() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> build(V5_26, "orders", Fixtures.s3(null, FULL), true, false));
    assertTrue(e.getMessage().contains("spec.force"), e.getMessage());
  }

  @Test
  void passes_restore_until_as_one_argument_with_its_space_and_no_quotes() {
    List<String> args =
        build(V5_26, "orders", Fixtures.s3("2025-01-04 12:30:00", FULL, DIFF), false, false);
    assertTrue(args.contains("--restore-until=2025-01-04 12:30:00"), args.toString());
    assertFalse(args.stream().anyMatch(a -> a.contains("\"") || a.contains("'")));
    assertEquals(7, args.size());
  }

  @Test
  void passes_a_transaction_id_as_restore_until() {
    assertTrue(
        build(V5_26, "orders", Fixtures.s3("123456", FULL), false, false)
            .contains("--restore-until=123456"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-01-04T12:30:00Z",
        "2025-02-30 10:00:00",
        "2025-01-04 24:00:00",
        "2025-01-04 12:30",
        "yesterday",
        "-1",
        "12 34",
        "2025-01-04 12:30:00\n--expand-commands"
      })
  void refuses_a_restore_until_value_neo4j_admin_would_not_take(String value) {
    assertThrows(
        IllegalArgumentException.class,
        () -> build(V5_26, "orders", Fixtures.s3(value, FULL), false, false));
  }

  @ParameterizedTest
  @CsvSource({
    "2025-01-04T12:30:00Z, 2025-01-04 12:30:00",
    "2025-01-04T14:30:00+02:00, 2025-01-04 12:30:00",
    "2025-01-04T07:00:00-05:30, 2025-01-04 12:30:00",
    "2025-01-04T22:30:00-14:00, 2025-01-05 12:30:00",
    "2025-01-05T01:00:00+12:30, 2025-01-04 12:30:00",
    "2025-01-04T12:30:00.999999Z, 2025-01-04 12:30:00",
    "2025-01-04T14:30:59.5+02:00, 2025-01-04 12:30:59",
    "2024-02-29T23:59:59-00:00, 2024-02-29 23:59:59",
    "2025-01-01T00:30:00+01:00, 2024-12-31 23:30:00"
  })
  void converts_a_point_in_time_to_utc_whole_seconds(String pointInTime, String expected) {
    assertEquals(expected, RestoreArguments.restoreUntil(pointInTime));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "2025-01-04T12:30:00",
        "2025-01-04 12:30:00",
        "2025-01-04T12:30Z",
        "2025-13-01T00:00:00Z",
        "2025-02-29T00:00:00Z",
        "2025-01-04T12:30:00+2:00",
        "2025-01-04T12:30:00Z; reboot",
        "1736000000",
        ""
      })
  void refuses_a_point_in_time_without_an_offset_or_that_is_not_a_date(String pointInTime) {
    assertThrows(IllegalArgumentException.class, () -> RestoreArguments.restoreUntil(pointInTime));
  }

  @Test
  void always_gives_an_empty_temp_path_and_never_sets_to_path_flags() {
    List<String> args =
        build(V2025_04, "orders", Fixtures.pvc(null, "/backup/x/a.backup"), false, false);
    assertTrue(args.contains("--temp-path=" + RestoreArguments.TEMP_PATH));
    assertFalse(args.stream().anyMatch(a -> a.startsWith("--to-path")));
    assertFalse(args.stream().anyMatch(a -> a.startsWith("--additional-config")));
    assertFalse(args.stream().anyMatch(a -> a.startsWith("--expand-commands")));
  }

  @Test
  void appends_the_users_flags_after_the_database_name() {
    List<String> args =
        RestoreArguments.build(
            new RestoreArguments.Request(
                V5_26,
                "orders",
                Fixtures.s3(null, FULL),
                false,
                false,
                List.of("--verbose", "--to-path-txn=/data/transactions")));
    assertEquals(
        List.of("orders", "--verbose", "--to-path-txn=/data/transactions"),
        args.subList(args.size() - 3, args.size()));
  }

  @Test
  void refuses_flags_the_policy_refuses_before_building_anything() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RestoreArguments.build(
                    new RestoreArguments.Request(
                        V5_26,
                        "orders",
                        Fixtures.s3(null, FULL),
                        false,
                        false,
                        List.of("--check-consistency", "--expand-commands"))));
    assertTrue(e.getMessage().contains("additionalArgs[0]"), e.getMessage());
    assertTrue(e.getMessage().contains("additionalArgs[1]"), e.getMessage());
  }

  private static List<String> build(
      Neo4jVersion version, String db, ResolvedSource source, boolean exists, boolean mayReplace) {
    return RestoreArguments.build(
        new RestoreArguments.Request(version, db, source, exists, mayReplace, List.of()));
  }
}

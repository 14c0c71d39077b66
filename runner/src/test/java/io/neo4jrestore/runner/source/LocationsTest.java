package io.neo4jrestore.runner.source;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.runner.common.RestoreFailure;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The containment proof on its own, fed what the grammar would already refuse: it must hold even if
 * a path reached it unchecked.
 */
class LocationsTest {
  @ParameterizedTest
  @CsvSource({
    "s3://b/production/../other, s3://b/production",
    "s3://b/production/x/../../other, s3://b/production",
    "s3://b/production/.., s3://b/production",
    "s3://b/../b2/production/x, s3://b/production",
    "/backup/../etc/passwd, /backup",
    "/backup/team/../../data, /backup/team",
    "/backup/teamx, /backup/team"
  })
  void a_location_that_normalises_outside_the_prefix_is_refused(String location, String prefix) {
    String root = location.startsWith("s3://") ? "s3://b" : "/backup";
    RestoreFailure f =
        assertThrows(RestoreFailure.class, () -> Locations.requireInside(root, prefix, location));
    assertEquals(Reasons.INVALID_SPEC, f.reason());
    assertTrue(f.getMessage().contains("is not inside"), f.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "s3://b/production/x/../y, s3://b/production",
    "s3://b/production//./y, s3://b/production",
    "/backup/team/a/b.backup, /backup/team",
    "/backup, /backup"
  })
  void a_location_that_normalises_inside_the_prefix_passes(String location, String prefix) {
    String root = location.startsWith("s3://") ? "s3://b" : "/backup";
    assertDoesNotThrow(() -> Locations.requireInside(root, prefix, location));
  }

  @Test
  void normalise_resolves_dots_and_stops_above_the_root() {
    assertEquals(Optional.of(List.of("a", "c")), Locations.normalise("/a/./b/../c/"));
    assertEquals(Optional.empty(), Locations.normalise("/a/../.."));
    assertEquals(Optional.of(List.of()), Locations.normalise(""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"other/../secrets", "b/..", "B", "b\nx", "a/b", "-b"})
  void a_bucket_that_is_not_a_bucket_name_is_refused(String bucket) {
    RestoreFailure f =
        assertThrows(
            RestoreFailure.class, () -> Locations.bucket("s3://", bucket, "spec.source.storage"));
    assertTrue(f.getMessage().startsWith("spec.source.storage.bucket "), f.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"acct/../x", "ACCOUNT", "ab", "a.b", "acct\n"})
  void an_azure_account_that_is_not_an_account_name_is_refused(String account) {
    assertThrows(RestoreFailure.class, () -> Locations.azureAccount(account, "ns/creds"));
  }

  @Test
  void below_joins_the_reference_example_under_its_prefix() {
    assertEquals(
        "s3://neo4j-backups/production/backups/production/backup-20250120-020000",
        Locations.below(
            "s3://neo4j-backups",
            "production/",
            "/backups/production/backup-20250120-020000",
            "spec.source.storage"));
  }
}

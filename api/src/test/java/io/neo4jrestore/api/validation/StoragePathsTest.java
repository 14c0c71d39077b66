package io.neo4jrestore.api.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoragePathsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "production/",
        "/production",
        "/production/",
        "backups/production/backup-20250120-020000",
        "backups/customer-data/backup-20250120-020000.backup",
        "movies-2025-01-20T02-00-00.backup",
        "a=b/c+d@e:f~g_h",
        "...",
        "a..b/..c/d..",
        ".hidden/x"
      })
  void a_canonical_path_is_accepted(String path) {
    assertTrue(StoragePaths.isCanonical(path), path);
  }

  /** Every character outside the grammar, alone and inside a segment, is refused. */
  static Stream<String> refusedCharacters() {
    List<String> out = new ArrayList<>();
    for (char c = 0; c < 0x80; c++) {
      boolean allowed = Character.isLetterOrDigit(c) || "._~=+@:-".indexOf(c) >= 0 || c == '/';
      if (!allowed) {
        out.add("a" + c + "b");
        out.add("x/" + c);
      }
    }
    // look-alikes and invisible characters
    for (String s :
        List.of(
            "\u00e9",
            "e\u0301",
            "\u202e",
            "\u200b",
            "\ufeff",
            "\uff0e\uff0e",
            "\u2215",
            "\u2044")) {
      out.add("a" + s + "b");
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("refusedCharacters")
  void a_character_outside_the_grammar_is_refused(String path) {
    assertFalse(StoragePaths.hasValidShape(path), path);
    assertFalse(StoragePaths.isCanonical(path), path);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"..", ".", "a/../b", "a/..", "../a", "/..", "/../", "a/./b", "./a", "a/.", "./"})
  void a_dot_segment_is_refused(String path) {
    assertTrue(StoragePaths.hasDotSegment(path), path);
    assertFalse(StoragePaths.isCanonical(path), path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "//", "a//b", "//a", "a//", "a/b//"})
  void an_empty_path_or_segment_is_refused(String path) {
    assertFalse(StoragePaths.hasValidShape(path), path);
  }

  @Test
  void a_newline_after_a_dot_segment_is_judged_as_the_cel_rule_judges_it() {
    // RE2's $ is the end of the text only; \z makes java.util.regex agree
    assertFalse(StoragePaths.hasDotSegment("a/..\n"));
    assertFalse(StoragePaths.hasValidShape("a/..\n"));
    assertFalse(StoragePaths.hasValidShape("abc\n"));
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "production/, /production/backup-20250120-020000, true",
        "production, /production, true",
        "/production/, /production/, true",
        "team/a, /team/a/b.backup, true",
        "production/, /backups/production/backup-20250120-020000, false",
        "production/, production/backup-x, false",
        "/production/, /productionx/y, false",
        "team/a, /team/ab, false",
        "-, /production/x, false",
        "production/, -, false"
      })
  void a_leading_slash_followed_by_storage_path_is_ambiguous(
      String storagePath, String backupPath, boolean ambiguous) {
    assertEquals(ambiguous, StoragePaths.repeatsStoragePath(storagePath, backupPath));
  }

  @ParameterizedTest
  @ValueSource(strings = {"b", "neo4j-backups", "my.bucket", "gcs_bucket", "a1"})
  void a_bucket_name_is_accepted(String bucket) {
    assertTrue(StoragePaths.isValidBucket(bucket), bucket);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "-b", "b-", "a..b", "a/b", "..", "Bucket", "a b", "a\nb", "$web", "b?x", "b#x", "b:1"
      })
  void a_bucket_name_outside_the_rule_is_refused(String bucket) {
    assertFalse(StoragePaths.isValidBucket(bucket), bucket);
  }

  @Test
  void the_crd_carries_the_same_expressions() {
    List<String> rules = new ArrayList<>();
    collect(SchemaValidator.schema(), rules);
    long paths =
        rules.stream().filter(r -> r.contains("self.matches(r\"" + StoragePaths.PATTERN)).count();
    long dots =
        rules.stream()
            .filter(r -> r.contains("!self.matches(r\"" + StoragePaths.DOT_SEGMENT + "\")"))
            .count();
    long buckets =
        rules.stream()
            .filter(r -> r.contains("self.matches(\"" + StoragePaths.BUCKET_PATTERN + "\")"))
            .count();
    // storage.path in three places, backupPath in two
    assertEquals(5, paths, rules.toString());
    assertEquals(5, dots, rules.toString());
    assertEquals(3, buckets, rules.toString());
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node.isObject()) {
      node.path("x-kubernetes-validations").forEach(r -> out.add(r.path("rule").asText()));
      node.fields().forEachRemaining(f -> collect(f.getValue(), out));
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, out));
    }
  }
}

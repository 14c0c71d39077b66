package io.neo4jrestore.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.validation.SchemaValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the table "Every field and what it does" of docs/reference.md from rotting: it must list
 * every field of the CRD's spec schema and the status fields the reference defines, nothing else,
 * and each row must name tests that exist.
 */
class ReferenceFieldTableTest {
  private static final Path REPO = Path.of("").toAbsolutePath().getParent();
  private static final String HEADING = "## 8. Every field and what it does";

  /** The status fields of the user's API reference ("Neo4jRestore Status"). */
  private static final Set<String> REFERENCE_STATUS =
      Set.of(
          "status",
          "status.conditions",
          "status.phase",
          "status.message",
          "status.startTime",
          "status.completionTime",
          "status.stats",
          "status.stats.duration",
          "status.stats.dataSize",
          "status.stats.throughput",
          "status.stats.fileCount",
          "status.stats.errorCount",
          "status.backupInfo",
          "status.backupInfo.backupPath",
          "status.backupInfo.backupCreatedAt",
          "status.backupInfo.originalDatabase",
          "status.backupInfo.neo4jVersion",
          "status.backupInfo.backupSize",
          "status.observedGeneration");

  private static final Map<String, List<String>> PLACEHOLDERS =
      Map.of(
          "<storage>",
          List.of(
              "spec.source.storage",
              "spec.source.pitr.baseBackup.storage",
              "spec.source.pitr.logStorage"),
          "<hooks>",
          List.of("spec.options.preRestore", "spec.options.postRestore"));

  @Test
  void the_table_lists_every_field_of_the_crd_and_of_the_reference_status() {
    TreeSet<String> expected = new TreeSet<>(schemaFields());
    expected.addAll(REFERENCE_STATUS);
    TreeSet<String> listed = new TreeSet<>(rows(table()).keySet());
    assertEquals(
        new TreeSet<>(),
        difference(expected, listed),
        "fields of the CRD or the reference status missing from docs/reference.md section 8");
    assertEquals(
        new TreeSet<>(),
        difference(listed, expected),
        "rows of docs/reference.md section 8 that are not fields of the CRD");
    assertTrue(expected.size() > 150, "compared " + expected.size() + " fields");
  }

  @Test
  void every_row_names_tests_that_exist() {
    List<String> problems = new ArrayList<>();
    for (var row : rows(table()).entrySet()) {
      if (row.getValue().isEmpty()) {
        problems.add(row.getKey() + ": no test named");
      }
      for (String test : row.getValue()) {
        if (!testExists(test)) {
          problems.add(row.getKey() + ": " + test + " does not exist");
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void the_checker_notices_a_missing_row_and_a_missing_test() {
    String table = table();
    String firstRow =
        table.lines().filter(l -> l.startsWith("| `spec.timeout`")).findFirst().orElseThrow();
    assertFalse(rows(table.replace(firstRow, "")).containsKey("spec.timeout"));
    assertFalse(testExists("ReferenceFieldTableTest#no_such_test"));
    assertTrue(testExists("ReferenceFieldTableTest#every_row_names_tests_that_exist"));
  }

  /** Every property path of the spec schema; array items as {@code []}. */
  private static List<String> schemaFields() {
    List<String> out = new ArrayList<>();
    walk(SchemaValidator.schema().at("/properties/spec"), "spec", out);
    out.add("spec");
    return out;
  }

  private static void walk(JsonNode node, String path, List<String> out) {
    for (var p : node.path("properties").properties()) {
      String child = path + "." + p.getKey();
      out.add(child);
      walk(p.getValue(), child, out);
    }
    if ("array".equals(node.path("type").asText()) && node.has("items")) {
      walk(node.path("items"), path + "[]", out);
    }
  }

  private static String table() {
    String doc;
    try {
      doc = Files.readString(REPO.resolve("docs").resolve("reference.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int at = doc.indexOf(HEADING);
    assertTrue(at >= 0, "docs/reference.md has no section \"" + HEADING + "\"");
    int end = doc.indexOf("\n## ", at + HEADING.length());
    return end < 0 ? doc.substring(at) : doc.substring(at, end);
  }

  /** Expanded field path -> tests named in its row. */
  private static Map<String, List<String>> rows(String table) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String line : table.lines().toList()) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.split("\\|");
      String field = cells[1].strip().replace("`", "");
      List<String> tests = new ArrayList<>();
      for (String t : cells[cells.length - 1].split(",")) {
        String name = t.strip().replace("`", "");
        if (!name.isEmpty()) {
          tests.add(name);
        }
      }
      for (String expanded : expand(field)) {
        out.put(expanded, tests);
      }
    }
    return out;
  }

  private static List<String> expand(String field) {
    for (var p : PLACEHOLDERS.entrySet()) {
      if (field.startsWith(p.getKey())) {
        return p.getValue().stream().map(v -> v + field.substring(p.getKey().length())).toList();
      }
    }
    return List.of(field);
  }

  /** {@code Class#method}: a test source of that name under some module declares the method. */
  private static boolean testExists(String test) {
    int hash = test.indexOf('#');
    if (hash < 0) {
      return false;
    }
    String file = test.substring(0, hash) + ".java";
    String method = "void " + test.substring(hash + 1) + "(";
    try (Stream<Path> files = Files.walk(REPO, 12)) {
      return files
          .filter(f -> f.getFileName().toString().equals(file))
          .filter(f -> f.toString().contains("/src/test/java/"))
          .anyMatch(f -> read(f).contains(method));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TreeSet<String> difference(Set<String> a, Set<String> b) {
    TreeSet<String> d = new TreeSet<>(a);
    d.removeAll(b);
    return d;
  }
}

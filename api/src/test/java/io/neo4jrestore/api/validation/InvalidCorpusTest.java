package io.neo4jrestore.api.validation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.TestResources;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InvalidCorpusTest {

  static List<Path> invalid() {
    return TestResources.invalid();
  }

  @Test
  void the_corpus_is_large_enough() {
    assertTrue(invalid().size() >= 25, "at least 25 invalid resources");
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void each_invalid_resource_is_refused_naming_the_field(Path file) {
    TestResources.Expectation expected = TestResources.expectation(file);
    RestoreDocuments.Checked checked = RestoreDocuments.check(TestResources.read(file));
    assertFalse(checked.valid(), file.getFileName() + " was accepted");
    assertTrue(
        checked.violations().stream()
            .anyMatch(
                v ->
                    v.field().equals(expected.field()) && v.message().contains(expected.message())),
        () -> file.getFileName() + ": expected " + expected + " but got " + checked.violations());
  }
}

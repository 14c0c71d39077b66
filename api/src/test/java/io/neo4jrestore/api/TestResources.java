package io.neo4jrestore.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The YAML corpora under {@code src/test/resources}, shared with the integration tests. */
public final class TestResources {
  private TestResources() {}

  /** The reference's examples, one resource a file. */
  public static List<Path> examples() {
    return yamlFiles("examples");
  }

  /** Invalid resources; the first line of each is {@code # expect: <field>: <message part>}. */
  public static List<Path> invalid() {
    return yamlFiles("invalid");
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The expected refusal of an invalid corpus file. */
  public record Expectation(String field, String message) {}

  public static Expectation expectation(Path file) {
    String first = read(file).lines().findFirst().orElse("");
    if (!first.startsWith("# expect: ")) {
      throw new IllegalStateException(file + " must start with '# expect: <field>: <message>'");
    }
    String rest = first.substring("# expect: ".length());
    int colon = rest.indexOf(": ");
    return new Expectation(rest.substring(0, colon), rest.substring(colon + 2));
  }

  private static List<Path> yamlFiles(String folder) {
    try {
      Path dir = Path.of(TestResources.class.getResource("/" + folder).toURI());
      try (Stream<Path> files = Files.list(dir)) {
        return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}

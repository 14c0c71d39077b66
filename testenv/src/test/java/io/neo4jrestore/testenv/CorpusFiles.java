package io.neo4jrestore.testenv;

import io.neo4jrestore.api.json.ApiMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The api module's YAML corpora (examples, invalid resources), read from the repository. */
final class CorpusFiles {
  private CorpusFiles() {}

  static List<Path> examples() {
    return list("examples");
  }

  static List<Path> invalid() {
    return list("invalid");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> body(Path file, String namespace) {
    try {
      Map<String, Object> body = ApiMapper.yaml().readValue(file.toFile(), Map.class);
      ((Map<String, Object>) body.get("metadata")).put("namespace", namespace);
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code # expect: <field>: <message part>} from the file's first line. */
  static String[] expectation(Path file) {
    try {
      String first = Files.readAllLines(file).get(0).substring("# expect: ".length());
      int colon = first.indexOf(": ");
      return new String[] {first.substring(0, colon), first.substring(colon + 2)};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> list(String folder) {
    Path dir = ControlPlaneExtension.repoRoot().resolve("api/src/test/resources").resolve(folder);
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.neo4jrestore.runner.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/golden/}: a manifest is serialized with the client's
 * own JSON (what the API server receives), pretty-printed, and compared with the file. {@code
 * -Dgolden.update=true} rewrites the files instead (review the diff before committing).
 */
final class Golden {
  static final Path DIR = Path.of("src", "test", "resources", "golden");

  private Golden() {}

  static String json(V1Job job) {
    String compact = new JSON().serialize(job);
    return new GsonBuilder()
            .setPrettyPrinting()
            .disableHtmlEscaping()
            .create()
            .toJson(JsonParser.parseString(compact))
        + "\n";
  }

  static void assertMatches(String file, V1Job job) {
    String actual = json(job);
    Path path = DIR.resolve(file);
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(path.getParent());
        Files.writeString(path, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(path)) {
        fail(
            "no golden file "
                + path
                + "; run the test with -Dgolden.update=true to write it, then review it");
      }
      String expected = Files.readString(path, StandardCharsets.UTF_8).replace("\r\n", "\n");
      assertEquals(
          expected,
          actual,
          "manifest differs from " + path + " (-Dgolden.update=true rewrites it)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(String file) {
    try {
      return Files.readString(DIR.resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

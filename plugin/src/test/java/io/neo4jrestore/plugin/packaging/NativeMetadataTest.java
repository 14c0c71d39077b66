package io.neo4jrestore.plugin.packaging;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The native binary (GraalVM, built only by the release workflow) needs reflection metadata for
 * every class Jackson binds and resource patterns for every file the plugin loads. Nothing here can
 * build the binary, so this test walks the classes the plugin serialises (the {@link Neo4jRestore}
 * record graph) and fails, printing the entries to add, when the shipped metadata misses one.
 */
class NativeMetadataTest {
  private static final String DIR = "/META-INF/native-image/io.neo4jrestore/neo4j-restore-plugin/";
  private static final List<String> FLAGS =
      List.of(
          "allDeclaredFields",
          "allDeclaredConstructors",
          "queryAllDeclaredConstructors",
          "allDeclaredMethods",
          "queryAllDeclaredMethods");

  private static JsonNode config(String file) throws Exception {
    try (InputStream in = NativeMetadataTest.class.getResourceAsStream(DIR + file)) {
      assertNotNull(in, DIR + file + " is missing from the plugin's resources");
      return ApiMapper.json().readTree(in);
    }
  }

  /** Every class reachable from the root through record components and type arguments. */
  static TreeSet<String> boundClasses(Class<?> root) {
    TreeSet<String> out = new TreeSet<>();
    Deque<Type> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      Type t = todo.pop();
      if (t instanceof ParameterizedType p) {
        todo.addAll(List.of(p.getActualTypeArguments()));
        todo.push(p.getRawType());
      } else if (t instanceof Class<?> c && c.getName().startsWith("io.neo4jrestore.")) {
        if (out.add(c.getName())) {
          if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
              todo.push(rc.getGenericType());
            }
          }
        }
      }
    }
    return out;
  }

  @Test
  void every_class_the_plugin_binds_has_reflection_metadata() throws Exception {
    Map<String, JsonNode> entries = new LinkedHashMap<>();
    for (JsonNode e : config("reflect-config.json")) {
      entries.put(e.path("name").asText(), e);
    }
    TreeSet<String> bound = boundClasses(Neo4jRestore.class);
    assertTrue(bound.size() > 20, "the walk found only " + bound);
    List<String> missing = new ArrayList<>();
    for (String name : bound) {
      JsonNode e = entries.get(name);
      if (e == null || FLAGS.stream().anyMatch(f -> !e.path(f).asBoolean())) {
        missing.add(name);
      }
    }
    StringBuilder add = new StringBuilder();
    for (String name : missing) {
      add.append("  {\"name\": \"").append(name).append('"');
      FLAGS.forEach(f -> add.append(", \"").append(f).append("\": true"));
      add.append("},\n");
    }
    assertTrue(
        missing.isEmpty(),
        "reflect-config.json lacks (or lacks flags for) " + missing + "; add:\n" + add);
    for (String name : entries.keySet()) {
      Class.forName(name); // a stale entry names a class that no longer exists
    }
  }

  @Test
  void every_resource_the_plugin_loads_is_included() throws Exception {
    List<Pattern> includes = new ArrayList<>();
    for (JsonNode p : config("resource-config.json").at("/resources/includes")) {
      includes.add(Pattern.compile(p.path("pattern").asText()));
    }
    for (String resource :
        List.of(
            "io/neo4jrestore/plugin/build.properties",
            "io/neo4jrestore/plugin/usage.txt",
            "io/neo4jrestore/plugin/usage-ansi.txt",
            "io/neo4jrestore/crds/neo4jrestores.neo4j.neo4j.com.yaml",
            "io/neo4jrestore/crds/runner-rbac.yaml",
            "io/neo4jrestore/crds/dispatcher.yaml",
            "io/neo4jrestore/crds/drill-namespace-rbac.yaml",
            "io/neo4jrestore/crds/runner-job-policy.yaml")) {
      assertNotNull(
          NativeMetadataTest.class.getResource("/" + resource), resource + " is not on the path");
      assertTrue(
          includes.stream().anyMatch(p -> p.matcher(resource).matches()),
          resource + " matches no pattern of resource-config.json");
    }
  }
}

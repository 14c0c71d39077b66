package io.neo4jrestore.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The import rules of {@code api/} and the runner, read from the sources themselves (no library):
 * every import line, and every fully qualified name in code (comments and string literals left
 * out), is a dependency of its file's package. {@code api/} and the runner's pure packages import
 * no I/O, and the runner's packages import each other without a cycle.
 */
class ImportRulesTest {
  private static final Path RUNNER_SOURCES = Path.of("src/main/java");
  private static final Path API_SOURCES = Path.of("../api/src/main/java");
  private static final String RUNNER = "io.neo4jrestore.runner";

  /**
   * The runner's pure packages: values in, values out (every package of {@code api/} is pure too).
   * The others talk to the API server ({@code kube}, {@code dispatch}; {@code lock} through its
   * ports, and throwing client-java's {@code ApiException}), to Neo4j ({@code neo4j}), to files and
   * object stores ({@code stage}), or hold a resolver that reads the cluster beside their values
   * ({@code target}, {@code source}); {@code exec} and the root package orchestrate and wire.
   */
  private static final Map<String, String> PURE_RUNNER_PACKAGES =
      Map.of(
          RUNNER + ".common", "the failure type and the waiting seam every package shares",
          RUNNER + ".job", "Job manifests and neo4j-admin argument lists, pinned by golden files",
          RUNNER + ".pitr", "PITR layout, chain and bounds from the spec and the pinned source",
          RUNNER + ".hook", "which database a hook statement runs on, and scrubbing its errors",
          RUNNER + ".status", "status transitions; the caller passes the time");

  /**
   * What a pure package may not import: the network, files and streams, the Kubernetes client (its
   * model classes and {@code Quantity} are values and allowed), the Neo4j driver, TLS and the
   * shared REST module. {@code URI} and {@code Path} are values; {@code Files} and sockets are not.
   */
  private static final List<Pattern> IO =
      Stream.of(
              "java\\.net\\.(?!URI$|URISyntaxException$).*",
              "java\\.nio\\.file\\.(?!Path$|Paths$|InvalidPathException$).*",
              "java\\.nio\\.channels\\..*",
              "java\\.io\\.(File\\w*|RandomAccessFile|\\w*Stream|\\w*Reader|\\w*Writer|Console)",
              "io\\.kubernetes\\.client\\.(?!openapi\\.models\\.|custom\\.).*",
              "org\\.neo4j\\.driver\\..*",
              "javax\\.net\\..*",
              "io\\.neo4jrestore\\.kube\\..*")
          .map(Pattern::compile)
          .toList();

  /**
   * The one reviewed exception: the CRD schema the validator checks against is a resource of the
   * api jar, read once from the class path (never the file system or the network).
   */
  private static final Map<String, String> ALLOWED =
      Map.of("io/neo4jrestore/api/validation/SchemaValidator.java", "java.io.InputStream");

  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)(?:\\.\\*)?\\s*;", Pattern.MULTILINE);
  private static final Pattern QUALIFIED =
      Pattern.compile("(?<![\\w.])((?:java|javax|io|org|com)\\.(?:[a-z_][\\w]*\\.)*[A-Z]\\w*)");

  /** A source file: its path below the source root, its package and the names it depends on. */
  private record Source(String path, String pkg, Set<String> names) {}

  @Test
  void api_and_the_runners_pure_packages_import_no_io() {
    List<Source> sources = new ArrayList<>(read(API_SOURCES));
    Set<String> runnerPackages = new TreeSet<>();
    for (Source s : read(RUNNER_SOURCES)) {
      runnerPackages.add(s.pkg());
      if (PURE_RUNNER_PACKAGES.containsKey(s.pkg())) {
        sources.add(s);
      }
    }
    assertTrue(
        runnerPackages.containsAll(PURE_RUNNER_PACKAGES.keySet()),
        "a pure package listed here has no sources: " + PURE_RUNNER_PACKAGES.keySet());
    List<String> found = new ArrayList<>();
    for (Source s : sources) {
      for (String name : s.names()) {
        if (IO.stream().anyMatch(p -> p.matcher(name).matches())
            && !name.equals(ALLOWED.get(s.path()))) {
          found.add(s.path() + " (" + s.pkg() + ") imports " + name);
        }
      }
    }
    assertEquals(List.of(), found, "pure packages must take values and return values");
  }

  @Test
  void the_runners_packages_import_each_other_without_a_cycle() {
    // package -> package it imports -> the first file that does
    Map<String, Map<String, String>> graph = new TreeMap<>();
    for (Source s : read(RUNNER_SOURCES)) {
      Map<String, String> out = graph.computeIfAbsent(s.pkg(), p -> new TreeMap<>());
      for (String name : s.names()) {
        String target = packageOf(name);
        if (target.startsWith(RUNNER) && !target.equals(s.pkg())) {
          out.putIfAbsent(target, s.path() + " imports " + name);
        }
      }
    }
    assertTrue(graph.size() > 10, "read only " + graph.keySet());
    List<String> cycle = cycle(graph);
    assertTrue(
        cycle.isEmpty(),
        () -> {
          StringBuilder m =
              new StringBuilder("the runner's packages import each other in a cycle: ");
          m.append(String.join(" -> ", cycle));
          for (int i = 0; i + 1 < cycle.size(); i++) {
            m.append("\n  ").append(graph.get(cycle.get(i)).get(cycle.get(i + 1)));
          }
          return m.append("\nmove the shared type into a lower package").toString();
        });
  }

  /** A cycle as a path that starts and ends at the same package, or empty. */
  static List<String> cycle(Map<String, Map<String, String>> graph) {
    Map<String, Integer> state = new LinkedHashMap<>(); // 1: on the path, 2: done
    for (String start : graph.keySet()) {
      Deque<String> path = new ArrayDeque<>();
      List<String> found = visit(start, graph, state, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static List<String> visit(
      String pkg,
      Map<String, Map<String, String>> graph,
      Map<String, Integer> state,
      Deque<String> path) {
    Integer seen = state.get(pkg);
    if (seen != null && seen == 2) {
      return List.of();
    }
    path.addLast(pkg);
    if (seen != null) {
      List<String> p = new ArrayList<>(path);
      return p.subList(p.indexOf(pkg), p.size());
    }
    state.put(pkg, 1);
    for (String next : graph.getOrDefault(pkg, Map.of()).keySet()) {
      List<String> found = visit(next, graph, state, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    state.put(pkg, 2);
    path.removeLast();
    return List.of();
  }

  @Test
  void the_cycle_finder_reports_the_path() {
    Map<String, Map<String, String>> graph =
        Map.of(
            "a", Map.of("b", "a->b"),
            "b", Map.of("c", "b->c"),
            "c", Map.of("a", "c->a"),
            "d", Map.of("a", "d->a"));
    List<String> found = cycle(new TreeMap<>(graph));
    assertEquals(List.of("a", "b", "c", "a"), found);
    assertEquals(List.of(), cycle(new TreeMap<>(Map.of("a", Map.of("b", "")))));
  }

  @Test
  void names_in_comments_and_strings_are_not_dependencies() {
    Set<String> names =
        names(
            "package p;\nimport java.util.List;\n/** {@link java.io.File} */\nclass X {\n"
                + "  // java.net.Socket\n  String s = \"java.nio.file.Files\";\n"
                + "  Object o = java.time.Instant.now();\n}\n");
    assertEquals(Set.of("java.util.List", "java.time.Instant"), names);
  }

  private static List<Source> read(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .sorted()
          .map(
              f -> {
                String text = text(f);
                String rel = root.relativize(f).toString().replace('\\', '/');
                Matcher pkg =
                    Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE).matcher(text);
                return new Source(rel, pkg.find() ? pkg.group(1) : "", names(text));
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The imported names, and the fully qualified names used in code. */
  static Set<String> names(String source) {
    Set<String> out = new TreeSet<>();
    String code = codeOnly(source);
    Matcher imports = IMPORT.matcher(code);
    while (imports.find()) {
      out.add(imports.group(1));
    }
    String body = IMPORT.matcher(code).replaceAll("").replaceFirst("(?m)^package\\s+[\\w.]+;", "");
    Matcher qualified = QUALIFIED.matcher(body);
    while (qualified.find()) {
      out.add(qualified.group(1));
    }
    return out;
  }

  /** The package of a type name: the segments before the first capitalised one. */
  static String packageOf(String name) {
    String[] parts = name.split("\\.");
    StringBuilder pkg = new StringBuilder();
    for (String part : parts) {
      if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
        break;
      }
      pkg.append(pkg.length() == 0 ? "" : ".").append(part);
    }
    return pkg.toString();
  }

  /** The source with comments, string, text block and char literals blanked out. */
  static String codeOnly(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (s.startsWith("//", i)) {
        int end = s.indexOf('\n', i);
        i = end < 0 ? s.length() : end;
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? s.length() : end + 2;
        out.append(' ');
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        i = end < 0 ? s.length() : end + 3;
        out.append("\"\"");
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c) {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        i = j + 1;
        out.append(c).append(c);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}

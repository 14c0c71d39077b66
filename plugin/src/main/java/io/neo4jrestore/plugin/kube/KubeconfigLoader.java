package io.neo4jrestore.plugin.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.json.ApiMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads kubeconfig files with kubectl's rules:
 *
 * <ul>
 *   <li>{@code --kubeconfig FILE}: that file only, and it must exist;
 *   <li>else {@code KUBECONFIG} split on the path separator, empty and missing entries skipped;
 *   <li>else {@code ~/.kube/config} when it exists;
 *   <li>a file that cannot be parsed is an error (naming the file);
 *   <li>the first file that defines a cluster, user or context name wins for that name, and the
 *       first non-empty {@code current-context} wins;
 *   <li>relative paths (certificate files, {@code tokenFile}, an exec command containing a path
 *       separator) are resolved against the directory of the file they came from.
 * </ul>
 *
 * Never writes anything back.
 */
public final class KubeconfigLoader {
  private KubeconfigLoader() {}

  /**
   * The files to read, in precedence order.
   *
   * @param explicit {@code --kubeconfig}, or null
   * @param kubeconfigEnv the value of {@code KUBECONFIG}, or null
   * @param home the user's home directory, or null
   */
  public static List<Path> files(Path explicit, String kubeconfigEnv, Path home) {
    if (explicit != null) {
      if (!Files.isRegularFile(explicit)) {
        throw new KubeconfigException(
            "--kubeconfig " + explicit + ": no such file; pass an existing kubeconfig file");
      }
      return List.of(explicit);
    }
    List<Path> files = new ArrayList<>();
    if (kubeconfigEnv != null && !kubeconfigEnv.isEmpty()) {
      for (String entry : kubeconfigEnv.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
        if (entry.isBlank()) {
          continue;
        }
        Path p = Path.of(entry);
        if (Files.exists(p) && !files.contains(p)) {
          files.add(p);
        }
      }
      return files;
    }
    if (home != null) {
      Path p = home.resolve(".kube").resolve("config");
      if (Files.isRegularFile(p)) {
        files.add(p);
      }
    }
    return files;
  }

  /** Reads and merges the files. */
  public static Kubeconfig load(List<Path> files) {
    Map<String, Kubeconfig.Cluster> clusters = new LinkedHashMap<>();
    Map<String, Kubeconfig.User> users = new LinkedHashMap<>();
    Map<String, Kubeconfig.Context> contexts = new LinkedHashMap<>();
    String current = null;
    for (Path file : files) {
      JsonNode root = parse(file);
      if (root == null) {
        continue;
      }
      Path dir = file.toAbsolutePath().getParent();
      for (JsonNode entry : root.path("clusters")) {
        String name = entry.path("name").asText("");
        if (!name.isEmpty() && !clusters.containsKey(name)) {
          clusters.put(name, cluster(name, entry.path("cluster"), file, dir));
        }
      }
      for (JsonNode entry : root.path("users")) {
        String name = entry.path("name").asText("");
        if (!name.isEmpty() && !users.containsKey(name)) {
          users.put(name, user(name, entry.path("user"), file, dir));
        }
      }
      for (JsonNode entry : root.path("contexts")) {
        String name = entry.path("name").asText("");
        if (!name.isEmpty() && !contexts.containsKey(name)) {
          JsonNode c = entry.path("context");
          contexts.put(
              name,
              new Kubeconfig.Context(
                  name,
                  text(c, "cluster"),
                  text(c, "user"),
                  text(c, "namespace"),
                  file.toAbsolutePath()));
        }
      }
      String cc = text(root, "current-context");
      if (current == null && cc != null && !cc.isEmpty()) {
        current = cc;
      }
    }
    return new Kubeconfig(clusters, users, contexts, current, List.copyOf(files));
  }

  private static JsonNode parse(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new KubeconfigException(
          "cannot read kubeconfig " + file + ": " + e.getMessage() + "; check its permissions", e);
    }
    if (text.isBlank()) {
      return null; // kubectl treats an empty file as an empty config
    }
    JsonNode root;
    try {
      root = ApiMapper.yaml().readTree(text);
    } catch (JsonProcessingException e) {
      throw new KubeconfigException(
          "cannot parse kubeconfig "
              + file
              + ": "
              + e.getOriginalMessage()
              + "; fix the file or remove it from KUBECONFIG",
          e);
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return null;
    }
    if (!root.isObject()) {
      throw new KubeconfigException(
          "cannot parse kubeconfig "
              + file
              + ": expected a Config object, found "
              + root.getNodeType()
              + "; fix the file or remove it from KUBECONFIG");
    }
    for (String list : List.of("clusters", "users", "contexts")) {
      JsonNode l = root.get(list);
      if (l != null && !l.isNull() && !l.isArray()) {
        throw new KubeconfigException(
            "cannot parse kubeconfig " + file + ": \"" + list + "\" must be a list");
      }
    }
    return root;
  }

  private static Kubeconfig.Cluster cluster(String name, JsonNode c, Path file, Path dir) {
    return new Kubeconfig.Cluster(
        name,
        text(c, "server"),
        path(dir, text(c, "certificate-authority")),
        text(c, "certificate-authority-data"),
        c.path("insecure-skip-tls-verify").asBoolean(false),
        text(c, "tls-server-name"),
        text(c, "proxy-url"),
        file.toAbsolutePath());
  }

  private static Kubeconfig.User user(String name, JsonNode u, Path file, Path dir) {
    Kubeconfig.ExecConfig exec = null;
    JsonNode e = u.get("exec");
    if (e != null && e.isObject()) {
      List<String> args = new ArrayList<>();
      e.path("args").forEach(a -> args.add(a.asText()));
      Map<String, String> env = new LinkedHashMap<>();
      e.path("env").forEach(v -> env.put(v.path("name").asText(), v.path("value").asText("")));
      String command = text(e, "command");
      // like kubectl: a command with a path separator is relative to the kubeconfig; a bare name is
      // looked up on PATH
      if (command != null
          && (command.contains("/") || command.contains(File.separator))
          && !Path.of(command).isAbsolute()) {
        command = dir.resolve(command).normalize().toString();
      }
      exec =
          new Kubeconfig.ExecConfig(
              text(e, "apiVersion"),
              command,
              List.copyOf(args),
              env,
              text(e, "installHint"),
              e.path("provideClusterInfo").asBoolean(false),
              text(e, "interactiveMode"));
    }
    return new Kubeconfig.User(
        name,
        text(u, "token"),
        path(dir, text(u, "tokenFile")),
        path(dir, text(u, "client-certificate")),
        text(u, "client-certificate-data"),
        path(dir, text(u, "client-key")),
        text(u, "client-key-data"),
        text(u, "username"),
        text(u, "password"),
        exec,
        u.has("auth-provider") && !u.get("auth-provider").isNull(),
        file.toAbsolutePath());
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Path path(Path dir, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    Path p = Path.of(value);
    return p.isAbsolute() ? p : dir.resolve(p).normalize();
  }
}

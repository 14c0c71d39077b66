package io.neo4jrestore.plugin.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.plugin.PluginException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code install} applies, rendered from the YAML files shipped in the api jar (the repo's
 * {@code crds/} folder, under {@code io/neo4jrestore/crds/}). Pure: values in, objects out.
 */
public final class Manifests {
  static final String ROOT = "/io/neo4jrestore/crds/";
  public static final String CRD_FILE = "neo4jrestores.neo4j.neo4j.com.yaml";
  static final String RBAC_FILE = "runner-rbac.yaml";
  static final String DISPATCHER_FILE = "dispatcher.yaml";
  static final String DISPATCHER_ALL_NAMESPACES_FILE = "dispatcher-all-namespaces.yaml";
  static final String POLICY_FILE = "runner-job-policy.yaml";
  static final String DRILL_FILE = "drill-namespace-rbac.yaml";

  /** Whole-word placeholders; NAMESPACE is part of the other two names, hence the word match. */
  private static final Pattern PLACEHOLDER =
      Pattern.compile(
          "\\b(INSTALL_NAMESPACE|MANAGED_NAMESPACES|DRILL_NAMESPACE|RUNNER_IMAGE|NAMESPACE)\\b");

  /** An image reference that can go into YAML and a CEL string literal unquoted. */
  private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@+-]*");

  private Manifests() {}

  /**
   * What to install. {@code drillNamespace}: where restore drills of the managed namespaces run
   * ({@code spec.drill.namespace}), or null for none.
   */
  public record Settings(
      String installNamespace,
      List<String> managedNamespaces,
      String runnerImage,
      boolean dispatcher,
      boolean admissionPolicy,
      boolean allNamespaces,
      String drillNamespace) {}

  /**
   * The objects in apply order: CRD, RBAC per managed namespace, the drill namespace's RBAC,
   * dispatcher, admission policy.
   */
  public static List<ObjectNode> render(Settings s) {
    if (!IMAGE.matcher(s.runnerImage()).matches()) {
      throw PluginException.usage(
          "--runner-image: \"" + s.runnerImage() + "\" is not an image reference");
    }
    Map<String, String> common = new LinkedHashMap<>();
    common.put("INSTALL_NAMESPACE", s.installNamespace());
    common.put("RUNNER_IMAGE", s.runnerImage());
    common.put("MANAGED_NAMESPACES", String.join(",", s.managedNamespaces()));
    List<ObjectNode> out = new ArrayList<>(objects(resource(CRD_FILE)));
    for (String ns : s.managedNamespaces()) {
      Map<String, String> values = new LinkedHashMap<>(common);
      values.put("NAMESPACE", ns);
      out.addAll(filled(RBAC_FILE, values));
    }
    if (s.drillNamespace() != null) {
      // once each: the shared ServiceAccount and Role, and the workload ServiceAccount a managed
      // drill namespace already got with the runner's RBAC
      Set<String> paths = new HashSet<>();
      out.forEach(o -> paths.add(path(o)));
      for (ObjectNode o : drillNamespace(s, common)) {
        if (paths.add(path(o))) {
          out.add(o);
        }
      }
    }
    if (s.dispatcher()) {
      List<ObjectNode> dispatcher = filled(DISPATCHER_FILE, common);
      if (s.allNamespaces()) {
        dispatcher.forEach(Manifests::sweepAllNamespaces);
        dispatcher.addAll(filled(DISPATCHER_ALL_NAMESPACES_FILE, common));
      }
      out.addAll(dispatcher);
    }
    if (s.admissionPolicy()) {
      out.addAll(filled(POLICY_FILE, common));
    }
    return out;
  }

  /**
   * The drill namespace's RBAC for each managed namespace whose drills run there; none for a
   * managed namespace that is the drill namespace itself (its runner drills there with its own
   * Role).
   */
  private static List<ObjectNode> drillNamespace(Settings s, Map<String, String> common) {
    List<ObjectNode> out = new ArrayList<>();
    for (String ns : s.managedNamespaces()) {
      if (ns.equals(s.drillNamespace())) {
        continue;
      }
      Map<String, String> values = new LinkedHashMap<>(common);
      values.put("NAMESPACE", ns);
      values.put("DRILL_NAMESPACE", s.drillNamespace());
      out.addAll(filled(DRILL_FILE, values));
    }
    return out;
  }

  /** The CronJob's {@code --namespaces LIST} becomes {@code --all-namespaces}. */
  private static void sweepAllNamespaces(ObjectNode o) {
    if (!"CronJob".equals(o.path("kind").asText())) {
      return;
    }
    JsonNode args = o.at("/spec/jobTemplate/spec/template/spec/containers/0/args");
    if (!(args instanceof ArrayNode a)) {
      throw new IllegalStateException(DISPATCHER_FILE + ": the CronJob has no args");
    }
    for (int i = 0; i < a.size(); i++) {
      if ("--namespaces".equals(a.get(i).asText())) {
        a.remove(i + 1);
        a.set(i, TextNode.valueOf("--all-namespaces"));
        return;
      }
    }
    throw new IllegalStateException(DISPATCHER_FILE + ": the CronJob has no --namespaces argument");
  }

  /**
   * The file's objects with the placeholders replaced in every string value. Replacing after
   * parsing, not in the text: a value with a comma inside a flow sequence ({@code [--namespaces,
   * MANAGED_NAMESPACES]}) would otherwise become two items.
   */
  private static List<ObjectNode> filled(String file, Map<String, String> values) {
    List<ObjectNode> out = objects(resource(file));
    out.forEach(o -> fill(o, values));
    return out;
  }

  private static void fill(JsonNode node, Map<String, String> values) {
    if (node instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode child = o.get(name);
        if (child.isTextual()) {
          o.put(name, substitute(child.asText(), values));
        } else {
          fill(child, values);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isTextual()) {
          a.set(i, TextNode.valueOf(substitute(a.get(i).asText(), values)));
        } else {
          fill(a.get(i), values);
        }
      }
    }
  }

  /** Replaces the placeholders; one left without a value is a bug in the files or here. */
  static String substitute(String text, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("no value for placeholder " + m.group(1));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A file shipped in the api jar. */
  public static String resource(String file) {
    try (InputStream in = Manifests.class.getResourceAsStream(ROOT + file)) {
      if (in == null) {
        throw new IllegalStateException(ROOT + file + " is missing from the api jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<ObjectNode> objects(String yaml) {
    List<ObjectNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> docs =
        ApiMapper.yaml().readerFor(JsonNode.class).readValues(yaml)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc instanceof ObjectNode o && o.size() > 0) {
          out.add(o);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The REST path of one of these objects. */
  public static String path(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText();
    String kind = object.path("kind").asText();
    String name = object.at("/metadata/name").asText();
    String namespace = object.at("/metadata/namespace").asText("");
    String plural =
        switch (kind) {
          case "CustomResourceDefinition" -> "customresourcedefinitions";
          case "ServiceAccount" -> "serviceaccounts";
          case "Role" -> "roles";
          case "RoleBinding" -> "rolebindings";
          case "ClusterRole" -> "clusterroles";
          case "ClusterRoleBinding" -> "clusterrolebindings";
          case "CronJob" -> "cronjobs";
          case "ValidatingAdmissionPolicy" -> "validatingadmissionpolicies";
          case "ValidatingAdmissionPolicyBinding" -> "validatingadmissionpolicybindings";
          default -> throw new IllegalStateException("install does not know kind " + kind);
        };
    String base = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
    return base
        + (namespace.isEmpty() ? "" : "/namespaces/" + namespace)
        + "/"
        + plural
        + "/"
        + name;
  }

  /** How kubectl names it: {@code role.rbac.authorization.k8s.io/neo4j-restore-runner}. */
  public static String displayName(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText();
    String group =
        apiVersion.contains("/") ? "." + apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    return object.path("kind").asText().toLowerCase(java.util.Locale.ROOT)
        + group
        + "/"
        + object.at("/metadata/name").asText();
  }
}

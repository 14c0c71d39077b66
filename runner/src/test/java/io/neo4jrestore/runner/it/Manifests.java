package io.neo4jrestore.runner.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shipped install manifests ({@code crds/}), with their placeholders filled, as tests use them.
 */
final class Manifests {
  private Manifests() {}

  /**
   * The documents of {@code file}; {@code placeholders} are replaced in order (put {@code
   * INSTALL_NAMESPACE} before {@code NAMESPACE}).
   */
  static List<JsonNode> read(String file, Map<String, String> placeholders) throws Exception {
    String yaml = Files.readString(ControlPlaneExtension.repoRoot().resolve(file));
    for (var p : placeholders.entrySet()) {
      yaml = yaml.replace(p.getKey(), p.getValue());
    }
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(yaml)) {
      docs.addAll(ApiMapper.yaml().readValues(parser, JsonNode.class).readAll());
    }
    return docs;
  }

  /** Creates one document (in its namespace, if it has one). */
  static void create(RawApi admin, JsonNode doc) throws Exception {
    String ns = doc.at("/metadata/namespace").asText();
    String path =
        switch (doc.path("kind").asText()) {
          case "ServiceAccount" -> "/api/v1/namespaces/" + ns + "/serviceaccounts";
          case "Role" -> "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/roles";
          case "RoleBinding" ->
              "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/rolebindings";
          case "ClusterRole" -> "/apis/rbac.authorization.k8s.io/v1/clusterroles";
          case "ClusterRoleBinding" -> "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings";
          case "CronJob" -> "/apis/batch/v1/namespaces/" + ns + "/cronjobs";
          default -> throw new IllegalArgumentException(doc.path("kind").asText());
        };
    admin.post(path, (ObjectNode) doc, Map.of());
  }
}

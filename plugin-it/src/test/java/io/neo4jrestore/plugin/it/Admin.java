package io.neo4jrestore.plugin.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.kube.KubeRest;
import io.neo4jrestore.plugin.kube.ApiClients;
import io.neo4jrestore.plugin.kube.Kubeconfig;
import io.neo4jrestore.plugin.kube.KubeconfigLoader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The test's own admin access (not through the plugin's commands): reads objects and writes a
 * restore's status through {@code /status} with merge patches, as the runner would.
 */
final class Admin {
  final KubeRest api;

  Admin(Path adminKubeconfig) {
    Kubeconfig k = KubeconfigLoader.load(List.of(adminKubeconfig));
    Kubeconfig.Selection s = k.select(null, null, null);
    this.api =
        ApiClients.create(
            s,
            ApiClients.credentials(s, Clock.systemUTC(), false),
            Duration.ZERO,
            "the test control plane");
  }

  static String restorePath(String ns, String name) {
    return "/apis/"
        + RestoreApi.API_VERSION
        + "/namespaces/"
        + ns
        + "/"
        + RestoreApi.PLURAL
        + "/"
        + name;
  }

  Optional<JsonNode> restore(String ns, String name) {
    try {
      return Optional.of(api.get(restorePath(ns, name), Map.of()).body());
    } catch (io.neo4jrestore.kube.ApiStatusException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  Optional<JsonNode> job(String ns, String name) {
    try {
      return Optional.of(
          api.get("/apis/batch/v1/namespaces/" + ns + "/jobs/" + name, Map.of()).body());
    } catch (io.neo4jrestore.kube.ApiStatusException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Merges into {@code status} through the status subresource. */
  JsonNode patchStatus(String ns, String name, JsonNode status) {
    ObjectNode patch = ApiMapper.json().createObjectNode();
    patch.set("status", status);
    return api.mergePatch(restorePath(ns, name) + "/status", Map.of(), patch).body();
  }

  /** A Job of the restore, labelled as the runner labels it; returns its pod, once running. */
  /** A Job of the restore, labelled as the runner labels it; returns its pod, once running. */
  String runningJob(String ns, String restore, String uid, String job, JobRole role, Duration wait)
      throws Exception {
    ObjectNode labels = ApiMapper.json().createObjectNode();
    Labels.forJob(restore, uid, 1, role).forEach(labels::put);
    ObjectNode j = ApiMapper.json().createObjectNode();
    j.put("apiVersion", "batch/v1");
    j.put("kind", "Job");
    j.putObject("metadata").put("name", job).set("labels", labels.deepCopy());
    ObjectNode spec = j.putObject("spec");
    spec.put("backoffLimit", 0);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").set("labels", labels.deepCopy());
    ObjectNode podSpec = template.putObject("spec");
    podSpec.put("restartPolicy", "Never");
    podSpec.putArray("containers").addObject().put("name", "main").put("image", "busybox");
    api.post("/apis/batch/v1/namespaces/" + ns + "/jobs", Map.of(), j);
    long end = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < end) {
      JsonNode pods =
          api.get("/api/v1/namespaces/" + ns + "/pods", Map.of("labelSelector", "job-name=" + job))
              .body()
              .path("items");
      for (JsonNode p : pods) {
        if (p.at("/status/containerStatuses/0/state").has("running")) {
          return p.at("/metadata/name").asText();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no running pod for Job " + job);
  }

  /**
   * KUBECONFIG with three files, as users have them: a context file (first, so it wins for
   * current-context), the admin kubeconfig, and a third whose same-named cluster and user lose.
   */
  static String threeFileKubeconfig(Path dir, Path admin, String namespace) {
    try {
      Files.createDirectories(dir);
      Path first = dir.resolve("contexts.yaml");
      Files.writeString(
          first,
          "apiVersion: v1\nkind: Config\ncontexts:\n- name: it\n  context:\n"
              + "    cluster: admin\n    user: admin\n    namespace: "
              + namespace
              + "\ncurrent-context: it\n");
      Path third = dir.resolve("stale.yaml");
      Files.writeString(
          third,
          "apiVersion: v1\nkind: Config\nclusters:\n- name: admin\n  cluster:\n"
              + "    server: https://127.0.0.1:1\nusers:\n- name: admin\n  user:\n"
              + "    token: not-this-one\ncurrent-context: admin\n");
      return first + File.pathSeparator + admin + File.pathSeparator + File.pathSeparator + third;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

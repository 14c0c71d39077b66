package io.neo4jrestore.runner.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.json.ApiMapper;

/**
 * The StatefulSet controller and kubelet of the in-memory world, in one synchronous round: pods
 * {@code <sts>-0..N-1} Running and Ready, claims {@code <template>-<sts>-<i>} Bound when their pod
 * is created, pods above N deleted (their claims only with {@code whenScaled: Delete}), and the
 * status counts following. No ordering, no rolling updates, no readiness delay. As a kubelet does,
 * a pod whose container reads an environment variable from a Secret key that does not exist stays
 * Pending, not Ready, waiting with {@code CreateContainerConfigError} (checked when the pod is
 * created, not again).
 */
final class StatefulSets {
  /** The node every pod of the world is scheduled on. */
  static final String NODE = "world-node";

  private StatefulSets() {}

  static void reconcile(InMemoryWorld world, String path, JsonNode sts) {
    String ns = sts.at("/metadata/namespace").asText();
    String name = sts.at("/metadata/name").asText();
    int replicas = sts.at("/spec/replicas").asInt(1);
    String pods = "/api/v1/namespaces/" + ns + "/pods";
    String claims = "/api/v1/namespaces/" + ns + "/persistentvolumeclaims";
    for (int i = 0; i < replicas; i++) {
      String pod = name + "-" + i;
      if (world.find(pods + "/" + pod).isEmpty()) {
        for (JsonNode template : sts.at("/spec/volumeClaimTemplates")) {
          String claim = template.at("/metadata/name").asText() + "-" + pod;
          if (world.find(claims + "/" + claim).isEmpty()) {
            world.controllerCreate(claims + "/" + claim, claim(template, sts, claim));
          }
        }
        world.controllerCreate(pods + "/" + pod, pod(world, sts, pod));
      }
    }
    boolean deleteClaims =
        "Delete".equals(sts.at("/spec/persistentVolumeClaimRetentionPolicy/whenScaled").asText());
    for (JsonNode pod : world.collection(pods)) {
      int ordinal = ordinal(pod, name);
      if (ordinal >= replicas) {
        world.controllerDelete(pods + "/" + pod.at("/metadata/name").asText());
        if (deleteClaims) {
          for (JsonNode template : sts.at("/spec/volumeClaimTemplates")) {
            String claim = template.at("/metadata/name").asText() + "-" + name + "-" + ordinal;
            world.controllerDelete(claims + "/" + claim);
          }
        }
      }
    }
    int running = 0;
    int ready = 0;
    for (JsonNode pod : world.collection(pods)) {
      if (ordinal(pod, name) >= 0) {
        running++;
        ready += "Running".equals(pod.at("/status/phase").asText()) ? 1 : 0;
      }
    }
    ObjectNode status = ApiMapper.json().createObjectNode();
    status.put("observedGeneration", sts.at("/metadata/generation").asLong(1));
    status.put("replicas", running);
    status.put("readyReplicas", ready);
    status.put("availableReplicas", ready);
    status.put("currentReplicas", running);
    status.put("updatedReplicas", running);
    if (!status.equals(sts.get("status"))) {
      ObjectNode updated = (ObjectNode) sts.deepCopy();
      updated.set("status", status);
      world.controllerWrite(path, updated);
    }
  }

  /** The pod's ordinal when the StatefulSet {@code sts} owns it, else -1. */
  private static int ordinal(JsonNode pod, String sts) {
    for (JsonNode owner : pod.at("/metadata/ownerReferences")) {
      if ("StatefulSet".equals(owner.path("kind").asText())
          && sts.equals(owner.path("name").asText())) {
        String podName = pod.at("/metadata/name").asText();
        return Integer.parseInt(podName.substring(sts.length() + 1));
      }
    }
    return -1;
  }

  private static ObjectNode pod(InMemoryWorld world, JsonNode sts, String name) {
    ObjectNode pod = ApiMapper.json().createObjectNode();
    pod.put("apiVersion", "v1").put("kind", "Pod");
    ObjectNode meta = pod.putObject("metadata");
    labels(meta, sts.at("/spec/template/metadata/labels"));
    meta.putArray("ownerReferences")
        .addObject()
        .put("apiVersion", "apps/v1")
        .put("kind", "StatefulSet")
        .put("name", sts.at("/metadata/name").asText())
        .put("uid", sts.at("/metadata/uid").asText())
        .put("controller", true);
    JsonNode spec = sts.at("/spec/template/spec");
    ObjectNode podSpec =
        spec.isMissingNode() ? ApiMapper.json().createObjectNode() : (ObjectNode) spec.deepCopy();
    podSpec.put("nodeName", NODE); // scheduled at once, on the world's one node
    // as the StatefulSet controller does: a volume per claim template, on the pod's own claim
    for (JsonNode template : sts.at("/spec/volumeClaimTemplates")) {
      String volume = template.at("/metadata/name").asText();
      podSpec
          .withArray("volumes")
          .addObject()
          .put("name", volume)
          .putObject("persistentVolumeClaim")
          .put("claimName", volume + "-" + name);
    }
    pod.set("spec", podSpec);
    String ns = sts.at("/metadata/namespace").asText();
    String configError = configError(world, ns, podSpec);
    if (configError != null) {
      ObjectNode status = pod.putObject("status").put("phase", "Pending");
      status.putArray("conditions").addObject().put("type", "Ready").put("status", "False");
      status
          .putArray("containerStatuses")
          .addObject()
          .put("name", podSpec.at("/containers/0/name").asText())
          .put("image", podSpec.at("/containers/0/image").asText())
          .put("ready", false)
          .putObject("state")
          .putObject("waiting")
          .put("reason", "CreateContainerConfigError")
          .put("message", configError);
      return pod;
    }
    ObjectNode status = pod.putObject("status").put("phase", "Running");
    status.putArray("conditions").addObject().put("type", "Ready").put("status", "True");
    return pod;
  }

  /**
   * The kubelet's refusal of a container whose environment reads a Secret or a key that does not
   * exist (a reference marked {@code optional} excepted), or null.
   */
  private static String configError(InMemoryWorld world, String ns, JsonNode podSpec) {
    for (JsonNode container : podSpec.path("containers")) {
      for (JsonNode env : container.path("env")) {
        JsonNode ref = env.at("/valueFrom/secretKeyRef");
        if (ref.isMissingNode() || ref.path("optional").asBoolean(false)) {
          continue;
        }
        String secret = ref.path("name").asText();
        String key = ref.path("key").asText();
        var found = world.get("/api/v1/namespaces/" + ns + "/secrets/" + secret);
        if (found.isEmpty()) {
          return "secret \"" + secret + "\" not found";
        }
        if (!found.get().path("data").has(key) && !found.get().path("stringData").has(key)) {
          return "couldn't find key " + key + " in Secret " + ns + "/" + secret;
        }
      }
    }
    return null;
  }

  private static ObjectNode claim(JsonNode template, JsonNode sts, String name) {
    ObjectNode claim = ApiMapper.json().createObjectNode();
    claim.put("apiVersion", "v1").put("kind", "PersistentVolumeClaim");
    ObjectNode meta = claim.putObject("metadata");
    labels(meta, sts.at("/spec/selector/matchLabels"));
    ObjectNode spec =
        template.path("spec").isObject()
            ? (ObjectNode) template.get("spec").deepCopy()
            : ApiMapper.json().createObjectNode();
    spec.put("volumeName", "pv-" + name);
    claim.set("spec", spec);
    claim.putObject("status").put("phase", "Bound");
    return claim;
  }

  private static void labels(ObjectNode meta, JsonNode labels) {
    if (labels.isObject()) {
      meta.set("labels", labels.deepCopy());
    }
  }
}

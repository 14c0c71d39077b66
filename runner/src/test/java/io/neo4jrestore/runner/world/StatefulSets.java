package io.neo4jrestore.runner.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.json.ApiMapper;

/**
 * The StatefulSet controller and kubelet of the in-memory world, in one synchronous round: pods
 * {@code <sts>-0..N-1} Running and Ready, claims {@code <template>-<sts>-<i>} Bound when their pod
 * is created, pods above N deleted (their claims only with {@code whenScaled: Delete}), and the
 * status counts following. No ordering, no rolling updates, no readiness delay.
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
        world.controllerCreate(pods + "/" + pod, pod(sts, pod));
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
    for (JsonNode pod : world.collection(pods)) {
      if (ordinal(pod, name) >= 0) {
        running++;
      }
    }
    ObjectNode status = ApiMapper.json().createObjectNode();
    status.put("observedGeneration", sts.at("/metadata/generation").asLong(1));
    status.put("replicas", running);
    status.put("readyReplicas", running);
    status.put("availableReplicas", running);
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

  private static ObjectNode pod(JsonNode sts, String name) {
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
    ObjectNode status = pod.putObject("status").put("phase", "Running");
    status.putArray("conditions").addObject().put("type", "Ready").put("status", "True");
    return pod;
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

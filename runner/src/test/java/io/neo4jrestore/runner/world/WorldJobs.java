package io.neo4jrestore.runner.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.json.ApiMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Job controller of the in-memory world: a created Job gets one pod {@code <job>-xxxxx} (label
 * {@code job-name}) and ends as scripted by the longest matching name prefix ({@link #onCreate}; by
 * default it succeeds at once). No retries (backoffLimit), no parallelism, no deadlines: a Job ends
 * when the script or the test says so.
 */
public final class WorldJobs {
  private final InMemoryWorld world;
  private final Map<String, JobOutcome> scripts = new LinkedHashMap<>();
  private int pods;

  WorldJobs(InMemoryWorld world) {
    this.world = world;
  }

  /** Jobs whose name starts with {@code prefix} end so (the longest matching prefix wins). */
  public synchronized WorldJobs onCreate(String prefix, JobOutcome outcome) {
    scripts.put(prefix, outcome);
    return this;
  }

  /** The held Job {@code namespace/name} succeeds now. */
  public void complete(String namespace, String name) {
    end(path(namespace, name), true, null, null);
  }

  /** The held Job {@code namespace/name} fails now with a Failed condition. */
  public void fail(String namespace, String name, String reason, String message) {
    end(path(namespace, name), false, reason, message);
  }

  synchronized void created(String path) {
    JsonNode job = world.find(path).orElseThrow();
    String name = job.at("/metadata/name").asText();
    JobOutcome outcome = JobOutcome.SUCCEED;
    int longest = -1;
    for (var e : scripts.entrySet()) {
      if (name.startsWith(e.getKey()) && e.getKey().length() > longest) {
        outcome = e.getValue();
        longest = e.getKey().length();
      }
    }
    world.controllerCreate(podsOf(path) + "/" + podName(name), pod(job));
    ObjectNode running = (ObjectNode) job.deepCopy();
    running.putObject("status").put("active", 1).put("startTime", now());
    world.controllerWrite(path, running);
    switch (outcome) {
      case SUCCEED -> end(path, true, null, null);
      case FAIL ->
          end(path, false, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
      case HOLD -> {}
    }
  }

  private void end(String path, boolean succeeded, String reason, String message) {
    synchronized (world) {
      ObjectNode job =
          world.find(path).orElseThrow(() -> new IllegalStateException("no Job at " + path));
      String name = job.at("/metadata/name").asText();
      ObjectNode status = job.putObject("status").put("startTime", now());
      status.put(succeeded ? "succeeded" : "failed", 1);
      ArrayNode conditions = status.putArray("conditions");
      ObjectNode condition =
          conditions
              .addObject()
              .put("type", succeeded ? "Complete" : "Failed")
              .put("status", "True");
      if (!succeeded) {
        condition.put("reason", reason).put("message", message);
      } else {
        status.put("completionTime", now());
      }
      world.controllerWrite(path, job);
      for (JsonNode pod : world.collection(podsOf(path))) {
        if (name.equals(pod.at("/metadata/labels/job-name").asText())) {
          ObjectNode ended = (ObjectNode) pod.deepCopy();
          ObjectNode podStatus =
              ended.putObject("status").put("phase", succeeded ? "Succeeded" : "Failed");
          podStatus
              .putArray("containerStatuses")
              .addObject()
              .put("name", pod.at("/spec/containers/0/name").asText("main"))
              .put("image", pod.at("/spec/containers/0/image").asText(""))
              .put("ready", false)
              .put("restartCount", 0)
              .putObject("state")
              .putObject("terminated")
              .put("exitCode", succeeded ? 0 : 1)
              .put("reason", succeeded ? "Completed" : "Error");
          world.controllerWrite(podsOf(path) + "/" + pod.at("/metadata/name").asText(), ended);
        }
      }
    }
  }

  private ObjectNode pod(JsonNode job) {
    ObjectNode pod = ApiMapper.json().createObjectNode();
    pod.put("apiVersion", "v1").put("kind", "Pod");
    ObjectNode meta = pod.putObject("metadata");
    ObjectNode labels = meta.putObject("labels");
    if (job.at("/spec/template/metadata/labels").isObject()) {
      labels.setAll((ObjectNode) job.at("/spec/template/metadata/labels").deepCopy());
    }
    labels.put("job-name", job.at("/metadata/name").asText());
    labels.put("controller-uid", job.at("/metadata/uid").asText());
    meta.putArray("ownerReferences")
        .addObject()
        .put("apiVersion", "batch/v1")
        .put("kind", "Job")
        .put("name", job.at("/metadata/name").asText())
        .put("uid", job.at("/metadata/uid").asText())
        .put("controller", true);
    JsonNode spec = job.at("/spec/template/spec");
    pod.set("spec", spec.isObject() ? spec.deepCopy() : ApiMapper.json().createObjectNode());
    pod.putObject("status").put("phase", "Running");
    return pod;
  }

  /** {@code <job>-} and five characters, as the Job controller names its pods. */
  private String podName(String job) {
    String suffix = Integer.toString(36 * 36 * 36 * 36 + ++pods, 36);
    return job + "-" + suffix.substring(suffix.length() - 5);
  }

  private static String podsOf(String jobPath) {
    return "/api/v1/namespaces/" + InMemoryWorld.namespaceOf(jobPath).orElseThrow() + "/pods";
  }

  private static String path(String namespace, String name) {
    return "/apis/batch/v1/namespaces/" + namespace + "/jobs/" + name;
  }

  private static String now() {
    return io.neo4jrestore.runner.neo4j.TestClock.START.toString();
  }
}

package io.neo4jrestore.runner.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pure: whether the runner of a {@code Running} restore is gone for good, judged from its Job, the
 * Job's pods and the Job's last warning (API objects as JSON). Gone for good: the Job no longer
 * exists, it failed (backoff exhausted, deadline, pod failure policy), or its pod cannot start
 * (image, configuration, a ServiceAccount or quota that stops pod creation) for longer than {@code
 * startBound}. The answer carries the Kubernetes reason, in words.
 */
public final class RunnerLiveness {
  /** Container waiting reasons that do not resolve by waiting a little. */
  static final Set<String> CANNOT_START =
      Set.of(
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "ErrImageNeverPull",
          "CreateContainerConfigError",
          "CreateContainerError");

  private RunnerLiveness() {}

  /**
   * Why the runner is lost, or empty while it runs, may still start, or cannot be judged.
   *
   * @param jobName the runner Job recorded in the restore's status
   * @param job the Job, or null when it does not exist
   * @param pods the Job's pods
   * @param warning the Job's newest Warning event, or null
   */
  public static Optional<String> lost(
      String jobName,
      JsonNode job,
      List<JsonNode> pods,
      JsonNode warning,
      Instant now,
      Duration startBound) {
    if (job == null) {
      return Optional.of("runner Job " + jobName + " no longer exists (deleted)");
    }
    for (JsonNode c : job.at("/status/conditions")) {
      if ("Failed".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
        return Optional.of(
            "runner Job "
                + jobName
                + " failed for good ("
                + c.path("reason").asText("Failed")
                + ": "
                + c.path("message").asText("")
                + ")"
                + newest(pods).flatMap(RunnerLiveness::podReason).map(r -> "; " + r).orElse(""));
      }
      if ("Complete".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
        return Optional.of(
            "runner Job " + jobName + " completed but left the restore Running (a crash at exit?)");
      }
    }
    if (pods.stream().anyMatch(p -> "Running".equals(p.at("/status/phase").asText()))) {
      return Optional.empty();
    }
    for (JsonNode pod : pods) {
      Optional<String> stuck = cannotStart(pod);
      Instant created = time(pod.at("/metadata/creationTimestamp"));
      if (stuck.isPresent() && created != null && age(created, now).compareTo(startBound) >= 0) {
        return Optional.of(
            "runner pod "
                + pod.at("/metadata/name").asText()
                + " cannot start for "
                + startBound.toMinutes()
                + " min: "
                + stuck.get());
      }
    }
    boolean unfinished =
        pods.stream()
            .anyMatch(
                p -> {
                  String phase = p.at("/status/phase").asText();
                  return !"Succeeded".equals(phase) && !"Failed".equals(phase);
                });
    if (!unfinished && warning != null) {
      Instant since = time(warning.path("firstTimestamp"));
      if (since == null) {
        since = time(warning.path("eventTime"));
      }
      if (since != null && age(since, now).compareTo(startBound) >= 0) {
        return Optional.of(
            "runner Job "
                + jobName
                + " cannot create its pod for "
                + startBound.toMinutes()
                + " min ("
                + warning.path("reason").asText()
                + ": "
                + warning.path("message").asText()
                + ")");
      }
    }
    return Optional.empty();
  }

  /** The pod's own reason: why its container ended or cannot start. */
  static Optional<String> podReason(JsonNode pod) {
    String name = "runner pod " + pod.at("/metadata/name").asText();
    for (JsonNode s : pod.at("/status/containerStatuses")) {
      JsonNode terminated = s.at("/state/terminated");
      if (!terminated.isMissingNode()) {
        return Optional.of(
            name
                + " ended: "
                + terminated.path("reason").asText("terminated")
                + ", exit code "
                + terminated.path("exitCode").asInt()
                + (terminated.path("message").asText("").isEmpty()
                    ? ""
                    : " (" + terminated.path("message").asText().strip() + ")"));
      }
    }
    return cannotStart(pod).map(r -> name + " cannot start: " + r).or(() -> reason(pod, name));
  }

  private static Optional<String> reason(JsonNode pod, String name) {
    String reason = pod.at("/status/reason").asText("");
    return reason.isEmpty()
        ? Optional.empty()
        : Optional.of(name + ": " + reason + " " + pod.at("/status/message").asText(""));
  }

  private static Optional<String> cannotStart(JsonNode pod) {
    for (JsonNode s : pod.at("/status/containerStatuses")) {
      JsonNode waiting = s.at("/state/waiting");
      String reason = waiting.path("reason").asText("");
      if (CANNOT_START.contains(reason)) {
        return Optional.of(reason + ": " + waiting.path("message").asText(""));
      }
    }
    return Optional.empty();
  }

  private static Optional<JsonNode> newest(List<JsonNode> pods) {
    return pods.stream()
        .max(
            Comparator.comparing(
                p -> p.at("/metadata/creationTimestamp").asText(""), Comparator.naturalOrder()));
  }

  private static Duration age(Instant since, Instant now) {
    return Duration.between(since, now);
  }

  private static Instant time(JsonNode node) {
    return node.isTextual() && !node.asText().isEmpty() ? Instant.parse(node.asText()) : null;
  }
}

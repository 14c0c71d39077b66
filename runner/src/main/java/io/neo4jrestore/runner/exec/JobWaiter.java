package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobCondition;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.kube.Watched;
import io.neo4jrestore.runner.kube.Watches;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Waits for a Job this product created (restore, inspect) to finish, within a bound. A Job that
 * fails, disappears, cannot create its pod, or whose pod stays unschedulable fails the step with
 * the Kubernetes reason.
 */
final class JobWaiter {
  private JobWaiter() {}

  /** The finished Job; {@code what} names it in messages ("restore Job", "inspect Job"). */
  static V1Job awaitCompletion(RunContext c, String jobName, String what, Duration bound)
      throws Exception {
    return awaitCompletion(c, c.namespace(), jobName, what, bound);
  }

  /** The same, for a Job in {@code ns} (a drill's, in {@code spec.drill.namespace}). */
  static V1Job awaitCompletion(RunContext c, String ns, String jobName, String what, Duration bound)
      throws Exception {
    String where = what + " " + ns + "/" + jobName;
    V1Job[] result = new V1Job[1];
    StuckFor stuckFor = new StuckFor();
    try (Watches watches = c.watches()) {
      Watched<V1Job> watchedJob = watches.job(ns, jobName);
      Watched<V1Pod> pods = watches.pods(ns, "job-name=" + jobName);
      c.waitFor(
          where,
          bound,
          watches,
          () -> {
            V1Job job =
                watchedJob
                    .only()
                    .orElseThrow(
                        () ->
                            new RestoreFailure(
                                Reasons.JOB_FAILED, where + " disappeared while running"));
            Optional<V1JobCondition> finished =
                conditions(job).stream()
                    .filter(x -> "True".equals(x.getStatus()))
                    .filter(x -> "Complete".equals(x.getType()) || "Failed".equals(x.getType()))
                    .findFirst();
            if (finished.isPresent()) {
              if ("Failed".equals(finished.get().getType())) {
                throw new RestoreFailure(
                    Reasons.JOB_FAILED,
                    where
                        + " failed ("
                        + finished.get().getReason()
                        + ": "
                        + finished.get().getMessage()
                        + ")"
                        + StageFailures.describe(pods.items())
                        + "; see kubectl -n "
                        + ns
                        + " logs job/"
                        + jobName);
              }
              result[0] = job;
              return true;
            }
            Optional<String> stuck = whyStuck(c, pods.items());
            if (stuckFor.outlasted(stuck.isPresent(), c.now(), c.settings().unschedulable())) {
              throw new RestoreFailure(
                  Reasons.JOB_FAILED,
                  where
                      + " cannot start: "
                      + (stuck.get().isEmpty()
                          // a Job that cannot create its pod (missing ServiceAccount, quota,
                          // admission) never fails: its last warning says why
                          ? c.cluster().lastWarning(ns, "Job", jobName).orElse("no pod was created")
                          : stuck.get()));
            }
            return false;
          },
          Reasons.DEADLINE_EXCEEDED);
    }
    return result[0];
  }

  /**
   * Why the Job's pod does not run: unschedulable, or an image or configuration that keeps it from
   * starting; an empty text when no pod was created (the Job's warning says why, read only when it
   * is reported: it costs a request).
   */
  private static Optional<String> whyStuck(RunContext c, List<V1Pod> pods) {
    if (pods.isEmpty()) {
      return Optional.of("");
    }
    for (V1Pod pod : pods) {
      Optional<String> waiting = waitingToStart(pod);
      if (waiting.isPresent()) {
        return waiting;
      }
      List<V1PodCondition> conditions =
          pod.getStatus() == null || pod.getStatus().getConditions() == null
              ? List.of()
              : pod.getStatus().getConditions();
      for (V1PodCondition pc : conditions) {
        if ("PodScheduled".equals(pc.getType())
            && "False".equals(pc.getStatus())
            && "Unschedulable".equals(pc.getReason())) {
          return Optional.of(
              "pod "
                  + pod.getMetadata().getName()
                  + " cannot be scheduled: "
                  + pc.getMessage()
                  + "; a Job that mounts a data volume must run on the node of "
                  + c.target().pod(0));
        }
      }
    }
    return Optional.empty();
  }

  /** Container waiting reasons that do not go away by waiting (the kubelet keeps retrying). */
  static final java.util.Set<String> CANNOT_START =
      java.util.Set.of(
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "ErrImageNeverPull",
          "CreateContainerConfigError",
          "CreateContainerError");

  /** A container of the pod that waits for a reason in {@link #CANNOT_START}. */
  static Optional<String> waitingToStart(V1Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    for (var cs : pod.getStatus().getContainerStatuses()) {
      var waiting = cs.getState() == null ? null : cs.getState().getWaiting();
      if (waiting != null && CANNOT_START.contains(waiting.getReason())) {
        return Optional.of(
            "container "
                + cs.getName()
                + " of pod "
                + pod.getMetadata().getName()
                + " (image "
                + cs.getImage()
                + ") is waiting: "
                + waiting.getReason()
                + (waiting.getMessage() == null ? "" : " (" + waiting.getMessage() + ")"));
      }
    }
    return Optional.empty();
  }

  private static List<V1JobCondition> conditions(V1Job job) {
    return job.getStatus() == null || job.getStatus().getConditions() == null
        ? List.of()
        : job.getStatus().getConditions();
  }
}

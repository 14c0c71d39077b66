package io.neo4jrestore.runner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.runner.bench.AuditLog.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One offline restore, timed from the API server's audit log: when each condition the runner waits
 * for came true (the write that made it true: the Job controller's status update with {@code
 * Complete}, the last delete of a target pod, the StatefulSet controller's status update with all
 * replicas ready) and when the runner's next request came, which is when it went on.
 *
 * @param runnerStart restore created -> the runner's first request (pod start, JVM start)
 * @param total restore created -> the status write that made it Completed
 * @param jobToCompleted restore Job Complete -> Completed
 * @param clusterUp the runner's scale-up request -> the StatefulSet ready (the cluster's time, not
 *     the runner's)
 * @param jobReaction restore Job Complete -> the runner's next request
 * @param podsGoneReaction the last target pod deleted -> the runner's next request
 * @param readyReaction the StatefulSet ready -> the runner's next request
 * @param requests the runner's requests, watch streams and log reads excluded
 * @param streams the runner's watch streams and log reads
 */
record RestoreTimeline(
    Duration runnerStart,
    Duration total,
    Duration jobToCompleted,
    Duration clusterUp,
    Duration jobReaction,
    Duration podsGoneReaction,
    Duration readyReaction,
    List<Request> requests,
    List<Request> streams) {

  static RestoreTimeline of(
      List<Request> log,
      BenchCluster.Started restore,
      String runnerPod,
      String restoreJob,
      String statefulSet,
      int replicas) {
    String ns = restore.namespace();
    List<Request> runner =
        log.stream()
            .filter(r -> r.pod().equals(runnerPod))
            .sorted(Comparator.comparing(Request::received))
            .toList();
    if (runner.isEmpty()) {
      throw new IllegalStateException(
          "no request of runner pod " + runnerPod + " in the audit log");
    }
    Instant completed = last(runner, r -> r.what().equals("patch neo4jrestores/status")).done();
    Instant jobComplete =
        first(
                log,
                r ->
                    r.resource().equals("jobs")
                        && r.subresource().equals("status")
                        && r.name().equals(restoreJob)
                        && condition(r.response(), "Complete"))
            .done();
    List<Request> scales =
        runner.stream().filter(r -> r.what().equals("patch statefulsets/scale")).toList();
    Request down = scales.get(0);
    Request up = scales.get(scales.size() - 1);
    Instant podsGone =
        log.stream()
            .filter(
                r ->
                    r.verb().equals("delete")
                        && r.resource().equals("pods")
                        && r.namespace().equals(ns)
                        && r.name().startsWith(statefulSet + "-")
                        && r.done().isAfter(down.done())
                        && r.done().isBefore(up.received()))
            .map(Request::done)
            .max(Comparator.naturalOrder())
            .orElseThrow(() -> new IllegalStateException("no target pod deleted after scale-down"));
    Instant ready =
        first(
                log,
                r ->
                    r.resource().equals("statefulsets")
                        && r.subresource().equals("status")
                        && r.name().equals(statefulSet)
                        && r.done().isAfter(up.done())
                        && r.response() != null
                        && r.response().at("/status/readyReplicas").asInt(0) >= replicas)
            .done();
    return new RestoreTimeline(
        Duration.between(restore.created(), runner.get(0).received()),
        Duration.between(restore.created(), completed),
        Duration.between(jobComplete, completed),
        Duration.between(up.done(), ready),
        reaction(runner, jobComplete, Set.of("jobs", "pods")),
        reaction(runner, podsGone, Set.of("pods", "statefulsets")),
        reaction(runner, ready, Set.of("statefulsets")),
        runner.stream().filter(r -> !r.stream()).toList(),
        runner.stream().filter(Request::stream).toList());
  }

  /**
   * From {@code t} to the runner's next request that is not a read of what it waited for ({@code
   * waited}: polling reads it every 2 s) nor the Lease's renewal: the runner going on.
   */
  private static Duration reaction(List<Request> runner, Instant t, Set<String> waited) {
    Request next =
        first(
            runner,
            r ->
                r.received().isAfter(t)
                    && !r.resource().equals("leases")
                    && !(Set.of("get", "list", "watch").contains(r.verb())
                        && waited.contains(r.resource())));
    return Duration.between(t, next.received());
  }

  /** Restore Job complete -> Completed, less the time the StatefulSet took to become ready. */
  Duration runnerOverhead() {
    return jobToCompleted.minus(clusterUp);
  }

  private static boolean condition(JsonNode object, String type) {
    if (object == null) {
      return false;
    }
    for (JsonNode c : object.at("/status/conditions")) {
      if (type.equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
        return true;
      }
    }
    return false;
  }

  private static Request first(List<Request> log, java.util.function.Predicate<Request> p) {
    Optional<Request> found = log.stream().filter(p).findFirst();
    return found.orElseThrow(() -> new IllegalStateException("not in the audit log"));
  }

  private static Request last(List<Request> log, java.util.function.Predicate<Request> p) {
    List<Request> found = log.stream().filter(p).toList();
    if (found.isEmpty()) {
      throw new IllegalStateException("not in the audit log");
    }
    return found.get(found.size() - 1);
  }
}

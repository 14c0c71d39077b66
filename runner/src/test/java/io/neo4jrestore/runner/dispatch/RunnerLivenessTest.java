package io.neo4jrestore.runner.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.json.ApiMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a Running restore's runner counts as gone for good, and the reason it reports. */
class RunnerLivenessTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:00:00Z");
  private static final Duration BOUND = Duration.ofMinutes(10);

  private static JsonNode json(String text) throws Exception {
    return ApiMapper.json().readTree(text);
  }

  private static JsonNode job(String conditions) throws Exception {
    return json("{\"status\":{\"conditions\":" + conditions + "}}");
  }

  private static JsonNode pod(String created, String status) throws Exception {
    return json(
        "{\"metadata\":{\"name\":\"r-run-1\",\"creationTimestamp\":\""
            + created
            + "\"},\"status\":"
            + status
            + "}");
  }

  private static Optional<String> lost(JsonNode job, List<JsonNode> pods, JsonNode warning) {
    return RunnerLiveness.lost("r-run-abc-g1", job, pods, warning, NOW, BOUND);
  }

  @Test
  void a_deleted_runner_job_is_lost() {
    assertEquals(
        Optional.of("runner Job r-run-abc-g1 no longer exists (deleted)"),
        lost(null, List.of(), null));
  }

  @Test
  void a_failed_runner_job_is_lost_with_the_jobs_and_the_pods_own_reason() throws Exception {
    String why =
        lost(
                job(
                    "[{\"type\":\"Failed\",\"status\":\"True\",\"reason\":\"BackoffLimitExceeded\","
                        + "\"message\":\"Job has reached the specified backoff limit\"}]"),
                List.of(
                    pod(
                        "2026-01-02T02:50:00Z",
                        "{\"phase\":\"Failed\",\"containerStatuses\":[{\"state\":{\"terminated\":"
                            + "{\"reason\":\"OOMKilled\",\"exitCode\":137}}}]}")),
                null)
            .orElseThrow();
    assertTrue(why.contains("BackoffLimitExceeded"), why);
    assertTrue(why.contains("runner pod r-run-1 ended: OOMKilled, exit code 137"), why);
  }

  @Test
  void a_running_or_starting_runner_is_not_lost() throws Exception {
    assertEquals(
        Optional.empty(),
        lost(job("[]"), List.of(pod("2026-01-02T02:00:00Z", "{\"phase\":\"Running\"}")), null));
    assertEquals(
        Optional.empty(),
        lost(
            job("[]"),
            List.of(
                pod(
                    "2026-01-02T02:55:00Z",
                    "{\"phase\":\"Pending\",\"containerStatuses\":[{\"state\":{\"waiting\":"
                        + "{\"reason\":\"ImagePullBackOff\",\"message\":\"not found\"}}}]}")),
            null),
        "an image pull problem younger than the bound may still resolve");
    assertEquals(
        Optional.empty(),
        lost(
            job("[]"),
            List.of(
                pod(
                    "2026-01-02T02:00:00Z",
                    "{\"phase\":\"Pending\",\"containerStatuses\":[{\"state\":{\"waiting\":"
                        + "{\"reason\":\"ContainerCreating\"}}}]}")),
            null),
        "creating is not stuck");
  }

  @Test
  void a_pod_that_cannot_start_for_the_bound_is_lost_with_its_reason() throws Exception {
    String why =
        lost(
                job("[]"),
                List.of(
                    pod(
                        "2026-01-02T02:45:00Z",
                        "{\"phase\":\"Pending\",\"containerStatuses\":[{\"state\":{\"waiting\":"
                            + "{\"reason\":\"ErrImagePull\",\"message\":\"manifest unknown\"}}}]}")),
                null)
            .orElseThrow();
    assertTrue(why.contains("runner pod r-run-1 cannot start"), why);
    assertTrue(why.contains("ErrImagePull: manifest unknown"), why);
  }

  @Test
  void a_job_that_cannot_create_its_pod_for_the_bound_is_lost_with_the_warning() throws Exception {
    JsonNode warning =
        json(
            "{\"reason\":\"FailedCreate\",\"message\":\"Error creating: pods \\\"r-run-\\\" is"
                + " forbidden: error looking up service account ns/neo4j-restore-runner:"
                + " serviceaccount \\\"neo4j-restore-runner\\\" not found\","
                + "\"firstTimestamp\":\"2026-01-02T02:40:00Z\"}");
    String why = lost(job("[]"), List.of(), warning).orElseThrow();
    assertTrue(why.contains("cannot create its pod"), why);
    assertTrue(why.contains("serviceaccount \"neo4j-restore-runner\" not found"), why);
    JsonNode recent =
        json(
            "{\"reason\":\"FailedCreate\",\"message\":\"quota\","
                + "\"firstTimestamp\":\"2026-01-02T02:58:00Z\"}");
    assertEquals(Optional.empty(), lost(job("[]"), List.of(), recent));
  }
}

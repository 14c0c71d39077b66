package io.neo4jrestore.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunnerJobsTest {
  private static final String UID = "0f6e4a7c-3b1d-4c55-9f0e-1c2d3e4f5a6b";
  private static final RunnerJobs.Request REQUEST =
      new RunnerJobs.Request("prod", "nightly", UID, 3, null, "registry.example/runner:1.2.3");

  @Test
  void the_job_is_named_by_the_one_naming_function_and_labelled_as_a_runner() {
    ObjectNode job = RunnerJobs.job(REQUEST);
    assertEquals("batch/v1", job.path("apiVersion").asText());
    assertEquals("Job", job.path("kind").asText());
    assertEquals(
        ResourceNames.runnerJob("nightly", UID, 3, null), job.at("/metadata/name").asText());
    assertEquals("prod", job.at("/metadata/namespace").asText());
    for (String path : List.of("/metadata/labels", "/spec/template/metadata/labels")) {
      JsonNode labels = job.at(path);
      Labels.forJob("nightly", UID, 3, JobRole.RUNNER)
          .forEach((k, v) -> assertEquals(v, labels.path(k).asText(), path + " " + k));
      assertEquals("runner", labels.path(Labels.COMPONENT).asText());
    }
  }

  @Test
  void the_job_is_not_owned_by_the_restore() {
    ObjectNode job = RunnerJobs.job(REQUEST);
    assertTrue(job.at("/metadata/ownerReferences").isMissingNode(), job.toString());
  }

  @Test
  void the_runner_runs_one_restore_as_its_own_service_account() {
    JsonNode pod = RunnerJobs.job(REQUEST).at("/spec/template/spec");
    assertEquals("neo4j-restore-runner", pod.path("serviceAccountName").asText());
    assertEquals("Never", pod.path("restartPolicy").asText());
    JsonNode c = pod.path("containers").get(0);
    assertEquals("runner", c.path("name").asText());
    assertEquals("registry.example/runner:1.2.3", c.path("image").asText());
    assertEquals(List.of("run", "--namespace", "prod", "--name", "nightly"), texts(c.path("args")));
    JsonNode env = c.path("env");
    assertEquals("POD_NAME", env.get(0).path("name").asText());
    assertEquals("metadata.name", env.get(0).at("/valueFrom/fieldRef/fieldPath").asText());
    assertEquals("JOB_NAME", env.get(1).path("name").asText());
    assertEquals(RunnerJobs.name(REQUEST), env.get(1).path("value").asText());
  }

  @Test
  void retries_what_can_succeed_later_and_stops_on_the_runners_final_exit_codes() {
    JsonNode spec = RunnerJobs.job(REQUEST).path("spec");
    assertEquals(6, spec.path("backoffLimit").asInt());
    assertEquals(7 * 24 * 3600, spec.path("ttlSecondsAfterFinished").asInt());
    JsonNode rules = spec.at("/podFailurePolicy/rules");
    assertEquals("FailJob", rules.get(0).path("action").asText());
    assertEquals("runner", rules.get(0).at("/onExitCodes/containerName").asText());
    assertEquals("In", rules.get(0).at("/onExitCodes/operator").asText());
    assertEquals(List.of("1", "2", "3"), texts(rules.get(0).at("/onExitCodes/values")));
    assertEquals("Ignore", rules.get(1).path("action").asText());
    assertEquals("DisruptionTarget", rules.get(1).at("/onPodConditions/0/type").asText());
  }

  @Test
  void runs_as_non_root_without_privileges() {
    JsonNode pod = RunnerJobs.job(REQUEST).at("/spec/template/spec");
    assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
    assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText());
    JsonNode sc = pod.at("/containers/0/securityContext");
    assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true));
    assertTrue(sc.path("readOnlyRootFilesystem").asBoolean());
    assertEquals(List.of("ALL"), texts(sc.at("/capabilities/drop")));
    assertEquals("/tmp", pod.at("/containers/0/volumeMounts/0/mountPath").asText());
    assertTrue(pod.at("/volumes/0/emptyDir").isObject());
  }

  @Test
  void a_retry_token_gives_a_new_job_name_and_is_recorded() {
    RunnerJobs.Request retry =
        new RunnerJobs.Request("prod", "nightly", UID, 3, "t-1", "registry.example/runner:1.2.3");
    ObjectNode job = RunnerJobs.job(retry);
    assertEquals(
        ResourceNames.runnerJob("nightly", UID, 3, "t-1"), job.at("/metadata/name").asText());
    assertEquals("t-1", job.at("/metadata/annotations").path(Annotations.RETRY).asText());
    assertFalse(job.at("/metadata/name").asText().equals(RunnerJobs.name(REQUEST)));
  }

  @Test
  void the_same_attempt_gives_the_same_manifest() {
    assertEquals(RunnerJobs.job(REQUEST), RunnerJobs.job(REQUEST));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}

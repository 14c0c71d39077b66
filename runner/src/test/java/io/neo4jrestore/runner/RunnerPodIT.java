package io.neo4jrestore.runner;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1ObjectFieldSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import io.neo4jrestore.testenv.Wait;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fake kubelet runs runner-Job pods as real runner processes and reports their exit code. */
@ExtendWith(ControlPlaneExtension.class)
class RunnerPodIT {

  @Test
  void a_runner_job_pod_runs_the_runner_and_its_exit_code_decides_the_job(
      ControlPlane cp, FakeKubelet kubelet) throws Exception {
    kubelet.runnerLauncher(RunnerPods.launcher());
    String ns = cp.createNamespace("runner-pod");
    BatchV1Api batch = new BatchV1Api(cp.admin());
    batch.createNamespacedJob(ns, runnerJob("prints-version", List.of("--version"))).execute();
    batch.createNamespacedJob(ns, runnerJob("bad-usage", List.of("no-such-mode"))).execute();

    Wait.until(
        "prints-version Complete",
        Duration.ofSeconds(90),
        () -> condition(batch, ns, "prints-version", "Complete"));
    Wait.until(
        "bad-usage Failed",
        Duration.ofSeconds(90),
        () -> condition(batch, ns, "bad-usage", "Failed"));

    String podName =
        new io.kubernetes.client.openapi.apis.CoreV1Api(cp.admin())
            .listNamespacedPod(ns)
            .labelSelector("job-name=prints-version")
            .execute()
            .getItems()
            .get(0)
            .getMetadata()
            .getName();
    String log = Files.readString(kubelet.podLog(ns, podName));
    assertTrue(log.contains("neo4j-restore-runner "), log);
  }

  private static boolean condition(BatchV1Api batch, String ns, String name, String type)
      throws ApiException {
    V1Job job = batch.readNamespacedJob(name, ns).execute();
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static V1Job runnerJob(String name, List<String> args) {
    return new V1Job()
        .metadata(new V1ObjectMeta().name(name))
        .spec(
            new V1JobSpec()
                .backoffLimit(0)
                .template(
                    new V1PodTemplateSpec()
                        .metadata(
                            new V1ObjectMeta()
                                .labels(java.util.Map.of(Labels.COMPONENT, JobRole.RUNNER.label())))
                        .spec(
                            new V1PodSpec()
                                .restartPolicy("Never")
                                .containers(
                                    List.of(
                                        new V1Container()
                                            .name("runner")
                                            .image("localhost/neo4j-restore-runner:test")
                                            .args(args)
                                            .env(
                                                List.of(
                                                    new V1EnvVar()
                                                        .name("POD_NAME")
                                                        .valueFrom(
                                                            new V1EnvVarSource()
                                                                .fieldRef(
                                                                    new V1ObjectFieldSelector()
                                                                        .fieldPath(
                                                                            "metadata.name"))))))))));
  }
}

package io.neo4jrestore.runner.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.model.ContainerSpec;
import io.neo4jrestore.api.model.EnvVar;
import io.neo4jrestore.api.model.JobTemplateSpec;
import io.neo4jrestore.api.model.RestoreHookJob;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HookJobTest {
  private static final RestoreHookJob HOOK =
      new RestoreHookJob(
          new JobTemplateSpec(
              new ContainerSpec(
                  "registry.example/checker:1.2",
                  List.of("/scripts/check.sh"),
                  List.of("--level", "GDPR"),
                  List.of(
                      new EnvVar("NEO4J_URI", "neo4j://prod-client:7687", null),
                      new EnvVar(
                          "TOKEN",
                          null,
                          new EnvVar.EnvVarSource(
                              new EnvVar.KeySelector("checker", "token", null),
                              null,
                              null,
                              null)))),
              3),
          "45m");

  @Test
  void runs_the_users_container_as_the_unprivileged_service_account_without_a_token() {
    V1Job job = HookJob.job(Fixtures.identity(JobRole.POST_HOOK), HOOK, List.of("regcred"));

    V1PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertEquals("neo4j-restore-workload", pod.getServiceAccountName());
    assertEquals(false, pod.getAutomountServiceAccountToken());
    assertEquals(false, pod.getEnableServiceLinks());
    assertEquals("Never", pod.getRestartPolicy());
    assertEquals(true, pod.getSecurityContext().getRunAsNonRoot());
    assertNull(pod.getSecurityContext().getRunAsUser(), "the hook image's own user");
    assertEquals("regcred", pod.getImagePullSecrets().get(0).getName());
    V1Container c = pod.getContainers().get(0);
    assertEquals("registry.example/checker:1.2", c.getImage());
    assertEquals(List.of("/scripts/check.sh"), c.getCommand());
    assertEquals(List.of("--level", "GDPR"), c.getArgs());
    assertEquals("neo4j://prod-client:7687", c.getEnv().get(0).getValue());
    assertEquals("checker", c.getEnv().get(1).getValueFrom().getSecretKeyRef().getName());
    assertEquals("token", c.getEnv().get(1).getValueFrom().getSecretKeyRef().getKey());
    assertEquals(false, c.getSecurityContext().getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
    assertEquals(3, job.getSpec().getBackoffLimit());
    assertEquals(45 * 60L, job.getSpec().getActiveDeadlineSeconds());
    assertEquals(
        "hook", job.getSpec().getTemplate().getMetadata().getLabels().get(Labels.COMPONENT));
    assertFalse(job.getSpec().getTemplate().getMetadata().getLabels().isEmpty());
  }

  @Test
  void runs_once_within_thirty_minutes_by_default() {
    RestoreHookJob bare =
        new RestoreHookJob(
            new JobTemplateSpec(new ContainerSpec("busybox:1", null, null, null), null), null);

    V1Job job = HookJob.job(Fixtures.identity(JobRole.PRE_HOOK), bare, List.of());

    assertEquals(0, job.getSpec().getBackoffLimit());
    assertEquals(Duration.ofMinutes(30).toSeconds(), job.getSpec().getActiveDeadlineSeconds());
    assertNull(job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand());
  }

  @Test
  void a_divisor_that_is_not_a_quantity_is_refused_naming_the_variable() {
    RestoreHookJob hook =
        new RestoreHookJob(
            new JobTemplateSpec(
                new ContainerSpec(
                    "registry.example/checker:1.2",
                    null,
                    null,
                    List.of(
                        new EnvVar(
                            "CPU",
                            null,
                            new EnvVar.EnvVarSource(
                                null,
                                null,
                                null,
                                new EnvVar.ResourceFieldSelector(null, "limits.cpu", "abc"))))),
                null),
            null);
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> HookJob.job(Fixtures.identity(JobRole.POST_HOOK), hook, List.of()));
    assertEquals(
        "env \"CPU\": resourceFieldRef.divisor \"abc\" is not a quantity such as 1, 1m or 1Mi",
        e.getMessage());
  }
}

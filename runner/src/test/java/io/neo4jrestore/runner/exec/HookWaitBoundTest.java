package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HookWaitBoundTest {
  private static V1Job job(Long terminationGrace) {
    return new V1Job()
        .spec(
            new V1JobSpec()
                .template(
                    new V1PodTemplateSpec()
                        .spec(new V1PodSpec().terminationGracePeriodSeconds(terminationGrace))));
  }

  @Test
  void waits_past_the_deadline_for_the_pod_to_stop_with_the_default_termination_grace() {
    // the Job fails only once its pod is gone: up to 30 s after the deadline, then a margin
    assertEquals(
        Duration.ofSeconds(15 + 30 + 30), HookRunner.waitBound(Duration.ofSeconds(15), job(null)));
  }

  @Test
  void waits_for_the_pods_own_termination_grace_when_the_template_sets_one() {
    assertEquals(
        Duration.ofSeconds(60 + 5 + 30), HookRunner.waitBound(Duration.ofSeconds(60), job(5L)));
  }
}

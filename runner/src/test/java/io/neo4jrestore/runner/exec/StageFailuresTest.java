package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageFailuresTest {
  private static V1Pod pod(String container, int exit, String message) {
    return new V1Pod()
        .status(
            new V1PodStatus()
                .initContainerStatuses(
                    List.of(
                        new V1ContainerStatus()
                            .name(container)
                            .state(
                                new V1ContainerState()
                                    .terminated(
                                        new V1ContainerStateTerminated()
                                            .exitCode(exit)
                                            .message(message))))));
  }

  @Test
  void a_failed_stage_container_says_why_in_the_restore_failure() {
    assertEquals(
        "; stage container exited 1: stage failed: /backup/a.backup.enc: cannot decrypt/decompress:"
            + " chunk 0 does not authenticate (kubectl logs -c stage)",
        StageFailures.describe(
            List.of(
                pod(
                    "stage",
                    1,
                    "stage failed: /backup/a.backup.enc: cannot decrypt/decompress: chunk 0 does not"
                        + " authenticate\n"))));
  }

  @Test
  void nothing_is_added_when_the_stage_container_succeeded_or_is_absent() {
    assertEquals("", StageFailures.describe(List.of(pod("stage", 0, null), new V1Pod())));
    assertEquals("", StageFailures.describe(List.of(pod("other", 2, "x"))));
    assertEquals(false, StageFailures.failed(List.of(pod("stage", 0, null))));
    assertEquals(true, StageFailures.failed(List.of(pod("stage", 1, null))));
  }
}

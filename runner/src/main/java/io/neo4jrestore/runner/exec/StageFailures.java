package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.neo4jrestore.runner.job.StageContainer;
import java.util.List;

/**
 * Why a Job's {@code stage} init container failed (wrong key, corrupt artifact, missing file): its
 * termination message, which is the tail of its output ({@code FallbackToLogsOnError}), e.g. {@code
 * stage failed: /backup-logs/orders/a.backup.zst.enc: cannot decrypt/decompress: ...}. The Job's
 * own failure reason only says that the pod failed.
 */
final class StageFailures {
  private StageFailures() {}

  /** True when a stage container failed: the pod's other containers never started. */
  static boolean failed(List<V1Pod> pods) {
    return !describe(pods).isEmpty();
  }

  /** {@code "; stage container: <message>"}, or empty when no stage container failed. */
  static String describe(List<V1Pod> pods) {
    for (V1Pod pod : pods) {
      if (pod.getStatus() == null || pod.getStatus().getInitContainerStatuses() == null) {
        continue;
      }
      for (V1ContainerStatus s : pod.getStatus().getInitContainerStatuses()) {
        var terminated = s.getState() == null ? null : s.getState().getTerminated();
        if (StageContainer.CONTAINER.equals(s.getName())
            && terminated != null
            && terminated.getExitCode() != null
            && terminated.getExitCode() != 0) {
          String message = terminated.getMessage() == null ? "" : terminated.getMessage().strip();
          return "; stage container exited "
              + terminated.getExitCode()
              + (message.isEmpty() ? "" : ": " + message)
              + " (kubectl logs -c "
              + StageContainer.CONTAINER
              + ")";
        }
      }
    }
    return "";
  }
}

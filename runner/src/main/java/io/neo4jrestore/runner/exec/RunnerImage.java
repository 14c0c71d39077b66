package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Pod;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.RunnerJobs;
import io.neo4jrestore.runner.common.RestoreFailure;
import java.util.Optional;

/**
 * The runner's own image, for the {@code stage} init container of PITR Jobs: {@code RUNNER_IMAGE}
 * when set, else the image of the {@code runner} container of the runner's own pod ({@code
 * POD_NAME}, set by the runner Job).
 */
public final class RunnerImage {
  public static final String ENV = "RUNNER_IMAGE";

  private RunnerImage() {}

  public static String of(RunContext c) {
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    Optional<V1Pod> own;
    try {
      own = c.cluster().pod(c.namespace(), c.runnerPod());
    } catch (io.kubernetes.client.openapi.ApiException e) {
      throw new RestoreFailure(
          Reasons.INTERNAL_ERROR,
          "cannot read the runner's own pod " + c.runnerPod() + ": HTTP " + e.getCode(),
          true,
          e);
    }
    return own.map(RunnerImage::image)
        .orElseThrow(
            () ->
                new RestoreFailure(
                    Reasons.INTERNAL_ERROR,
                    "cannot tell the runner image for the PITR stage container: pod "
                        + c.namespace()
                        + "/"
                        + c.runnerPod()
                        + " not found; set "
                        + ENV
                        + " in the runner Job"));
  }

  private static String image(V1Pod pod) {
    String first = null;
    for (V1Container container : pod.getSpec().getContainers()) {
      if (RunnerJobs.CONTAINER.equals(container.getName())) {
        return container.getImage();
      }
      first = first == null ? container.getImage() : first;
    }
    return first;
  }
}

package io.neo4jrestore.runner.job;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.neo4jrestore.api.RunnerJobs;
import io.neo4jrestore.runner.target.TargetWorkload;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests and limits of the containers the runner starts, derived from the target's server
 * container (pure; docs/runner.md, "Resources and scratch space"). For CPU and memory, with {@code
 * R} the server's request and {@code L} its limit:
 *
 * <ul>
 *   <li>restore, offline (the servers are scaled to 0, their room is free): requests {@code R},
 *       limits {@code L};
 *   <li>restore, online (beside the serving pod, on its node), inspect and verify: requests a
 *       quarter of {@code R}, at least {@link #CPU_FLOOR} and {@link #MEMORY_FLOOR}, never more
 *       than {@code R} or {@code L}; limits {@code L};
 *   <li>stage (the runner image, streaming): the runner Job's own requests and limits.
 * </ul>
 *
 * A value the server does not declare: the request is the floor (capped by {@code L}), the limit
 * absent (the namespace's LimitRange applies, as it does to the server).
 */
public final class JobSizing {
  public static final Quantity CPU_FLOOR = Quantity.fromString("100m");
  public static final Quantity MEMORY_FLOOR = Quantity.fromString("512Mi");

  private static final List<String> RESOURCES = List.of("cpu", "memory");
  private static final BigDecimal QUARTER = new BigDecimal("0.25");

  private JobSizing() {}

  /** The restore container. */
  public static V1ResourceRequirements restore(TargetWorkload w, RestoreMode mode) {
    return mode == RestoreMode.OFFLINE ? derived(w, BigDecimal.ONE) : derived(w, QUARTER);
  }

  /** The inspect and verify containers ({@code neo4j-admin backup inspect}). */
  public static V1ResourceRequirements inspect(TargetWorkload w) {
    return derived(w, QUARTER);
  }

  /** The PITR stage init container: the runner's image, so the runner Job's own resources. */
  public static V1ResourceRequirements stage() {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    requests.put("cpu", Quantity.fromString(RunnerJobs.CPU_REQUEST));
    requests.put("memory", Quantity.fromString(RunnerJobs.MEMORY_REQUEST));
    Map<String, Quantity> limits = new LinkedHashMap<>();
    limits.put("memory", Quantity.fromString(RunnerJobs.MEMORY_LIMIT));
    return new V1ResourceRequirements().requests(requests).limits(limits);
  }

  private static V1ResourceRequirements derived(TargetWorkload w, BigDecimal share) {
    V1ResourceRequirements server = w.serverResources();
    Map<String, Quantity> requests = new LinkedHashMap<>();
    Map<String, Quantity> limits = new LinkedHashMap<>();
    for (String resource : RESOURCES) {
      Quantity r = get(server == null ? null : server.getRequests(), resource);
      Quantity l = get(server == null ? null : server.getLimits(), resource);
      Quantity floor = "cpu".equals(resource) ? CPU_FLOOR : MEMORY_FLOOR;
      Quantity request;
      if (r == null) {
        request = floor;
      } else if (share.compareTo(BigDecimal.ONE) == 0) {
        request = r;
      } else {
        request = min(max(scaled(r, share, resource), floor), r);
      }
      if (l != null) {
        request = min(request, l);
        limits.put(resource, l);
      }
      requests.put(resource, request);
    }
    return new V1ResourceRequirements().requests(requests).limits(limits.isEmpty() ? null : limits);
  }

  private static Quantity get(Map<String, Quantity> values, String resource) {
    return values == null ? null : values.get(resource);
  }

  /** A share of {@code q}, rounded up to whole millicores (CPU) or bytes (memory). */
  private static Quantity scaled(Quantity q, BigDecimal share, String resource) {
    int scale = "cpu".equals(resource) ? 3 : 0;
    BigDecimal n = q.getNumber().multiply(share).setScale(scale, RoundingMode.CEILING);
    return new Quantity(n.stripTrailingZeros(), q.getFormat());
  }

  private static Quantity max(Quantity a, Quantity b) {
    return a.getNumber().compareTo(b.getNumber()) >= 0 ? a : b;
  }

  private static Quantity min(Quantity a, Quantity b) {
    return a.getNumber().compareTo(b.getNumber()) <= 0 ? a : b;
  }
}

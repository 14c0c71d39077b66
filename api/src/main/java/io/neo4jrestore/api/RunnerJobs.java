package io.neo4jrestore.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The runner Job of one restore attempt: the one manifest the plugin ({@code create}) and the
 * dispatcher both send, so whichever comes first starts the attempt and the other gets {@code
 * AlreadyExists} (the name is {@link ResourceNames#runnerJob}). Pure: values in, a JSON tree out.
 *
 * <p>Why it looks like this:
 *
 * <ul>
 *   <li>Not owned by the restore: a GitOps prune that deletes the resource mid-restore must not
 *       kill the runner and strand a scaled-down target.
 *   <li>{@code backoffLimit} {@value #BACKOFF_LIMIT}: a runner pod that dies (node lost, OOM, API
 *       server unavailable: exit 4, or a crash) is replaced and the next pod resumes from status.
 *   <li>{@code podFailurePolicy}: the runner's exit codes that {@linkplain RunnerExit#failsTheJob
 *       fail the Job} (restore failed, usage, invalid resource) end it at once, because retrying
 *       cannot help; a pod disrupted by Kubernetes (preemption, eviction, drain) does not count
 *       against the backoff.
 *   <li>{@code ttlSecondsAfterFinished} 7 days, so the runner's log can still be read after the
 *       restore ended.
 *   <li>Non-root, no privilege escalation, no capabilities, a read-only root file system with a
 *       writable {@code /tmp}.
 * </ul>
 */
public final class RunnerJobs {
  /** The ServiceAccount the runner runs as (created by the install manifests, with its Role). */
  public static final String SERVICE_ACCOUNT = "neo4j-restore-runner";

  public static final String CONTAINER = "runner";
  public static final int BACKOFF_LIMIT = 6;
  public static final int TTL_SECONDS_AFTER_FINISHED = 7 * 24 * 3600;

  /** The runner's exit codes that end the Job without retry ({@link RunnerExit#failingTheJob}). */
  public static final List<Integer> NON_RETRYABLE_EXIT_CODES = RunnerExit.failingTheJob();

  /** A non-root user for the runner image (distroless "nonroot"). */
  public static final long RUN_AS_USER = 65532;

  /**
   * The runner container's resources. The image's JVM caps its heap at 64 MiB ({@code -Xmx64m}): a
   * restore's heap peaks at ~35 MiB and its resident size at ~130 MiB (docs/performance.md,
   * measured by scripts/bench.sh); the PITR stage container runs the same image (it streams 1 MiB
   * chunks) and gets the same.
   */
  public static final String CPU_REQUEST = "100m";

  public static final String MEMORY_REQUEST = "160Mi";
  public static final String MEMORY_LIMIT = "256Mi";

  private RunnerJobs() {}

  /**
   * What identifies one attempt and what to run.
   *
   * @param namespace the restore's namespace (the Job runs there)
   * @param restoreName the restore's name
   * @param restoreUid the restore's UID
   * @param generation the generation the attempt is for
   * @param retryToken the value of the retry annotation, or null
   * @param image the runner image
   */
  public record Request(
      String namespace,
      String restoreName,
      String restoreUid,
      long generation,
      String retryToken,
      String image) {}

  /** The Job's name for this attempt. */
  public static String name(Request r) {
    return ResourceNames.runnerJob(r.restoreName(), r.restoreUid(), r.generation(), r.retryToken());
  }

  /** The runner Job manifest ({@code batch/v1}). */
  public static ObjectNode job(Request r) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    String name = name(r);
    Map<String, String> labels =
        Labels.forJob(r.restoreName(), r.restoreUid(), r.generation(), JobRole.RUNNER);

    ObjectNode job = f.objectNode();
    job.put("apiVersion", "batch/v1");
    job.put("kind", "Job");
    ObjectNode meta = job.putObject("metadata");
    meta.put("name", name);
    meta.put("namespace", r.namespace());
    putMap(meta.putObject("labels"), labels);
    ObjectNode annotations = meta.putObject("annotations");
    annotations.put(Labels.PREFIX + "restore-name", r.restoreName());
    if (r.retryToken() != null && !r.retryToken().isEmpty()) {
      annotations.put(Annotations.RETRY, r.retryToken());
    }

    ObjectNode spec = job.putObject("spec");
    spec.put("backoffLimit", BACKOFF_LIMIT);
    spec.put("ttlSecondsAfterFinished", TTL_SECONDS_AFTER_FINISHED);
    ArrayNode rules = spec.putObject("podFailurePolicy").putArray("rules");
    ObjectNode failJob = rules.addObject();
    failJob.put("action", "FailJob");
    ObjectNode onExit = failJob.putObject("onExitCodes");
    onExit.put("containerName", CONTAINER);
    onExit.put("operator", "In");
    ArrayNode values = onExit.putArray("values");
    NON_RETRYABLE_EXIT_CODES.forEach(values::add);
    ObjectNode ignore = rules.addObject();
    ignore.put("action", "Ignore");
    ObjectNode disruption = ignore.putArray("onPodConditions").addObject();
    disruption.put("type", "DisruptionTarget");
    disruption.put("status", "True");

    ObjectNode template = spec.putObject("template");
    putMap(template.putObject("metadata").putObject("labels"), labels);
    ObjectNode pod = template.putObject("spec");
    pod.put("serviceAccountName", SERVICE_ACCOUNT);
    pod.put("restartPolicy", "Never");
    ObjectNode podSecurity = pod.putObject("securityContext");
    podSecurity.put("runAsNonRoot", true);
    podSecurity.put("runAsUser", RUN_AS_USER);
    podSecurity.put("runAsGroup", RUN_AS_USER);
    podSecurity.putObject("seccompProfile").put("type", "RuntimeDefault");

    ObjectNode container = pod.putArray("containers").addObject();
    container.put("name", CONTAINER);
    container.put("image", r.image());
    ArrayNode args = container.putArray("args");
    List.of("run", "--namespace", r.namespace(), "--name", r.restoreName()).forEach(args::add);
    ArrayNode env = container.putArray("env");
    ObjectNode podName = env.addObject();
    podName.put("name", "POD_NAME");
    podName.putObject("valueFrom").putObject("fieldRef").put("fieldPath", "metadata.name");
    ObjectNode jobName = env.addObject();
    jobName.put("name", "JOB_NAME");
    jobName.put("value", name);
    ObjectNode resources = container.putObject("resources");
    resources.putObject("requests").put("cpu", CPU_REQUEST).put("memory", MEMORY_REQUEST);
    resources.putObject("limits").put("memory", MEMORY_LIMIT);
    ObjectNode security = container.putObject("securityContext");
    security.put("allowPrivilegeEscalation", false);
    security.put("readOnlyRootFilesystem", true);
    security.putObject("capabilities").putArray("drop").add("ALL");
    ObjectNode tmpMount = container.putArray("volumeMounts").addObject();
    tmpMount.put("name", "tmp");
    tmpMount.put("mountPath", "/tmp");
    ObjectNode tmp = pod.putArray("volumes").addObject();
    tmp.put("name", "tmp");
    tmp.putObject("emptyDir");
    return job;
  }

  private static void putMap(ObjectNode node, Map<String, String> map) {
    map.forEach(node::put);
  }
}

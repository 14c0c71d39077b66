package io.neo4jrestore.runner.job;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ConfigMapKeySelector;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1LocalObjectReference;
import io.kubernetes.client.openapi.models.V1ObjectFieldSelector;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ResourceFieldSelector;
import io.kubernetes.client.openapi.models.V1SeccompProfile;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.model.ContainerSpec;
import io.neo4jrestore.api.model.EnvVar;
import io.neo4jrestore.api.model.RestoreHookJob;
import io.neo4jrestore.api.validation.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A user's hook Job ({@code options.preRestore.job} / {@code postRestore.job}): the given image,
 * command, args and env, run once unless {@code backoffLimit} says otherwise, bounded by {@code
 * timeout} ({@code activeDeadlineSeconds}), as the ServiceAccount {@code neo4j-restore-workload}
 * (no API permissions) without a mounted token, non-root, no privilege escalation, all capabilities
 * dropped. Finished hook Jobs are kept for a week for {@code kubectl neo4j-restore logs}.
 */
public final class HookJob {
  public static final String CONTAINER = "hook";

  /** The bound of a hook Job whose {@code timeout} is absent. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  private HookJob() {}

  /** {@code timeout} parsed, or {@link #DEFAULT_TIMEOUT}. */
  public static Duration timeout(RestoreHookJob hook) {
    return hook.timeout() == null ? DEFAULT_TIMEOUT : Durations.parse(hook.timeout());
  }

  /**
   * @param pullSecrets the target's image pull secrets (the hook image often lives in the same
   *     registry); may be empty
   */
  public static V1Job job(JobIdentity id, RestoreHookJob hook, List<String> pullSecrets) {
    Objects.requireNonNull(hook.template(), "the hook Job's template");
    ContainerSpec spec = hook.template().container();
    Objects.requireNonNull(spec, "the hook Job's container");
    JobIdentity.requireText(spec.image(), "the hook Job's image");
    V1Container container =
        new V1Container()
            .name(CONTAINER)
            .image(spec.image())
            .securityContext(JobPods.containerSecurity())
            .terminationMessagePolicy("FallbackToLogsOnError");
    if (spec.command() != null) {
      container.command(new ArrayList<>(spec.command()));
    }
    if (spec.args() != null) {
      container.args(new ArrayList<>(spec.args()));
    }
    if (spec.env() != null) {
      spec.env().forEach(e -> container.addEnvItem(env(e)));
    }
    V1PodSpec pod =
        new V1PodSpec()
            .restartPolicy("Never")
            .serviceAccountName(ResourceNames.unprivilegedServiceAccount())
            .automountServiceAccountToken(false)
            .enableServiceLinks(false)
            // the image's own (non-root) user: a hook image is not Neo4j's
            .securityContext(
                new V1PodSecurityContext()
                    .runAsNonRoot(true)
                    .seccompProfile(new V1SeccompProfile().type("RuntimeDefault")))
            .addContainersItem(container);
    if (pullSecrets != null && !pullSecrets.isEmpty()) {
      pod.imagePullSecrets(
          pullSecrets.stream().map(n -> new V1LocalObjectReference().name(n)).toList());
    }
    V1Job job = JobPods.job(id, pod, JobPods.seconds(timeout(hook)));
    Integer backoff = hook.template().backoffLimit();
    job.getSpec().backoffLimit(backoff == null ? 0 : backoff);
    return job;
  }

  private static V1EnvVar env(EnvVar e) {
    V1EnvVar v = new V1EnvVar().name(e.name()).value(e.value());
    EnvVar.EnvVarSource from = e.valueFrom();
    if (from == null) {
      return v;
    }
    V1EnvVarSource source = new V1EnvVarSource();
    if (from.secretKeyRef() != null) {
      source.secretKeyRef(
          new V1SecretKeySelector()
              .name(from.secretKeyRef().name())
              .key(from.secretKeyRef().key())
              .optional(from.secretKeyRef().optional()));
    }
    if (from.configMapKeyRef() != null) {
      source.configMapKeyRef(
          new V1ConfigMapKeySelector()
              .name(from.configMapKeyRef().name())
              .key(from.configMapKeyRef().key())
              .optional(from.configMapKeyRef().optional()));
    }
    if (from.fieldRef() != null) {
      source.fieldRef(
          new V1ObjectFieldSelector()
              .apiVersion(from.fieldRef().apiVersion())
              .fieldPath(from.fieldRef().fieldPath()));
    }
    if (from.resourceFieldRef() != null) {
      var r = from.resourceFieldRef();
      source.resourceFieldRef(
          new V1ResourceFieldSelector()
              .containerName(r.containerName())
              .resource(r.resource())
              .divisor(r.divisor() == null ? null : divisor(e.name(), r.divisor())));
    }
    return v.valueFrom(source);
  }

  private static Quantity divisor(String env, String text) {
    try {
      return new Quantity(text);
    } catch (RuntimeException notAQuantity) {
      throw new IllegalArgumentException(
          "env "
              + io.neo4jrestore.api.validation.Quoting.quoted(env)
              + ": resourceFieldRef.divisor "
              + io.neo4jrestore.api.validation.Quoting.quoted(text)
              + " is not a quantity such as 1, 1m or 1Mi",
          notAQuantity);
    }
  }
}

package io.neo4jrestore.api.model;

/**
 * A Kubernetes {@code core/v1 EnvVar}. Secrets belong in {@link EnvVarSource#secretKeyRef()}, not
 * in {@link #value()}.
 */
public record EnvVar(String name, String value, EnvVarSource valueFrom) {

  /** Where an environment value comes from. */
  public record EnvVarSource(
      KeySelector secretKeyRef,
      KeySelector configMapKeyRef,
      FieldSelector fieldRef,
      ResourceFieldSelector resourceFieldRef) {}

  /** A key of a Secret or ConfigMap. */
  public record KeySelector(String name, String key, Boolean optional) {}

  /** A field of the pod. */
  public record FieldSelector(String apiVersion, String fieldPath) {}

  /** A resource of a container. */
  public record ResourceFieldSelector(String containerName, String resource, String divisor) {}
}

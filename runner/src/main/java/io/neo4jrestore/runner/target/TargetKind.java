package io.neo4jrestore.runner.target;

import io.neo4jrestore.api.RestoreApi;

/** The two kinds of Neo4j operator resource a restore can target, with their naming rules. */
public enum TargetKind {
  CLUSTER(RestoreApi.CLUSTER_KIND, RestoreApi.CLUSTER_PLURAL),
  STANDALONE(RestoreApi.STANDALONE_KIND, RestoreApi.STANDALONE_PLURAL);

  private final String kind;
  private final String plural;

  TargetKind(String kind, String plural) {
    this.kind = kind;
    this.plural = plural;
  }

  public String kind() {
    return kind;
  }

  public String plural() {
    return plural;
  }

  /** {@code <n>-server} for a cluster, {@code <n>} for a standalone. */
  public String statefulSet(String name) {
    return this == CLUSTER ? name + "-server" : name;
  }

  /** Pod {@code ordinal} of the StatefulSet. */
  public String pod(String name, int ordinal) {
    return statefulSet(name) + "-" + ordinal;
  }

  /**
   * The data PVC of pod {@code ordinal}: {@code data-<n>-server-<i>} or {@code neo4j-data-<n>-<i>}.
   */
  public String dataPvc(String name, int ordinal) {
    return this == CLUSTER
        ? "data-" + name + "-server-" + ordinal
        : "neo4j-data-" + name + "-" + ordinal;
  }

  /**
   * The Bolt Service, port 7687: {@code <n>-client} for a cluster; for a standalone {@code
   * <n>-service} in the v1alpha1 line and {@code <n>-client} in the v1beta1 line, where {@code
   * <n>-service} is only a deprecated alias (docs/compat.md).
   */
  public String boltService(String name, Lineage lineage) {
    return this == STANDALONE && lineage == Lineage.V1ALPHA1 ? name + "-service" : name + "-client";
  }
}

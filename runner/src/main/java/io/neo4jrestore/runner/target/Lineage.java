package io.neo4jrestore.runner.target;

import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.runner.common.RestoreFailure;

/**
 * The lines of the Neo4j Kubernetes operator whose objects this runner knows, told apart by the API
 * version the server serves the operator's resources at. Every fact the runner relies on for each
 * line is cited in docs/compat.md; a version not listed here has no cited facts and is refused
 * before anything changes.
 */
public enum Lineage {
  /**
   * {@code neo4j-labs/neo4j-kubernetes-operator}, served at {@code v1alpha1} (its {@code
   * Neo4jRestore} has {@code spec.targetCluster}, the shape this product's API keeps).
   */
  V1ALPHA1("v1alpha1"),
  /**
   * The {@code v1beta1} line ({@code priyolahiri/neo4j-kubernetes-operator}, earlier also published
   * as {@code neo4j-partners/neo4j-kubernetes-operator}): its {@code Neo4jRestore} has {@code
   * spec.instanceRef}; its Neo4jBackup records runs in {@code status.history}.
   */
  V1BETA1("v1beta1");

  /** The group and plural of the operator rewrite this runner refuses ({@code kind: Neo4j}). */
  public static final String REWRITE_GROUP = "neo4j.com";

  public static final String REWRITE_PLURAL = "neo4js";

  private final String version;

  Lineage(String version) {
    this.version = version;
  }

  public String version() {
    return version;
  }

  /**
   * The line serving {@code apiVersion} ({@code group/version} or a bare version); {@code what}
   * names the object for the refusal.
   */
  public static Lineage of(String apiVersion, String what) {
    String v = apiVersion.substring(apiVersion.lastIndexOf('/') + 1);
    for (Lineage l : values()) {
      if (l.version.equals(v)) {
        return l;
      }
    }
    throw new RestoreFailure(
        Reasons.UNSUPPORTED_OPERATOR,
        what
            + " is served at "
            + apiVersion
            + ", an operator version this runner has no verified facts for (it knows v1alpha1 and"
            + " v1beta1: docs/compat.md); nothing was changed. Restore with the operator's own"
            + " tools, or use a runner that supports it");
  }
}

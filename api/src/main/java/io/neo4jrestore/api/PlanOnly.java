package io.neo4jrestore.api;

import io.neo4jrestore.api.model.Neo4jRestore;

/** Whether a Neo4jRestore is a plan ({@link Annotations#PLAN_ONLY}), in one place. */
public final class PlanOnly {
  /** The annotation's value that makes a resource a plan. */
  public static final String TRUE = "true";

  private PlanOnly() {}

  /** A plan: its runner only plans, and the dispatcher never starts it as a restore. */
  public static boolean is(Neo4jRestore r) {
    return r.metadata() != null && TRUE.equals(r.metadata().annotation(Annotations.PLAN_ONLY));
  }
}

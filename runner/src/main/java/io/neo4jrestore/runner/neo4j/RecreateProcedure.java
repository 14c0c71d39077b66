package io.neo4jrestore.runner.neo4j;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The procedure that recreates an existing database seeded from chosen servers. Which one a server
 * offers depends on its version and on the Cypher version in use, so it is chosen from {@code SHOW
 * PROCEDURES}, never from an image tag.
 */
public enum RecreateProcedure {
  /** 5.24 to 2025.03; deprecated in 2025.04 and absent in Cypher 25. */
  CLUSTER("dbms.cluster.recreateDatabase"),
  /** 2025.04 and later. */
  DBMS("dbms.recreateDatabase");

  private final String procedureName;

  RecreateProcedure(String procedureName) {
    this.procedureName = procedureName;
  }

  public String procedureName() {
    return procedureName;
  }

  /**
   * The procedure to call given the names {@code SHOW PROCEDURES} returned: {@link #DBMS} when
   * offered (a 2025.04+ server still lists the deprecated one under Cypher 5), else {@link
   * #CLUSTER}, else empty (Community edition or older than 5.24).
   */
  public static Optional<RecreateProcedure> chooseFrom(Set<String> procedures) {
    if (procedures.contains(DBMS.procedureName)) {
      return Optional.of(DBMS);
    }
    if (procedures.contains(CLUSTER.procedureName)) {
      return Optional.of(CLUSTER);
    }
    return Optional.empty();
  }

  /** The constant with this exact procedure name, if any. */
  public static Optional<RecreateProcedure> byName(String procedureName) {
    return Arrays.stream(values()).filter(p -> p.procedureName.equals(procedureName)).findFirst();
  }
}

package io.neo4jrestore.runner.neo4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One Cypher statement exactly as it is sent: constant text written by {@link AdminStatements} (or
 * a user's hook statement, sent as-is) and its parameters. Names never appear in {@code text}; they
 * travel in {@code parameters}, so a hostile database name cannot change what Neo4j executes.
 */
public record CypherStatement(String text, Map<String, Object> parameters) {
  public CypherStatement {
    Objects.requireNonNull(text, "text");
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  public static CypherStatement of(String text) {
    return new CypherStatement(text, Map.of());
  }

  @Override
  public String toString() {
    return parameters.isEmpty() ? text : text + " " + parameters;
  }
}

package io.neo4jrestore.runner.neo4j;

import java.util.List;
import java.util.Map;

/**
 * Runs one statement in an auto-commit transaction and returns its rows as maps (column to plain
 * Java value: String, Long, Boolean, List, Map or null). The seam between {@link BoltNeo4jAdmin}'s
 * statements and parsing and the wire: the driver in production, an in-memory Neo4j in tests.
 * Failures surface as the driver's exceptions; {@link BoltNeo4jAdmin} maps them.
 */
interface CypherSession extends AutoCloseable {
  List<Map<String, Object>> run(String database, CypherStatement statement);

  @Override
  void close();
}

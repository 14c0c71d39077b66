package io.neo4jrestore.runner.neo4j;

import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

/** {@link CypherSession} over a neo4j-java-driver {@link Driver}: one session per statement. */
final class DriverSession implements CypherSession {
  private final Driver driver;

  DriverSession(Driver driver) {
    this.driver = driver;
  }

  @Override
  public List<Map<String, Object>> run(String database, CypherStatement statement) {
    try (Session session = driver.session(SessionConfig.forDatabase(database))) {
      return session.run(statement.text(), statement.parameters()).list(Record::asMap);
    }
  }

  @Override
  public void close() {
    driver.close();
  }
}

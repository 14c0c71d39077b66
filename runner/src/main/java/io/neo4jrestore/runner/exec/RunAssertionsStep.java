package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.hook.Redaction;
import java.util.List;
import java.util.Map;

/**
 * Drill step: each assertion of {@code spec.drill.assertions}, in order, sent as-is to the restored
 * database on the throw-away server (it is the user's statement: never concatenated into other
 * Cypher, never through a shell). One that does not return exactly one row with a single {@code
 * true} column ends the drill; status names it by index, never by text.
 */
final class RunAssertionsStep implements Step {
  @Override
  public String name() {
    return Steps.RUN_ASSERTIONS;
  }

  /** An assertion that did not hold (or could not run): which one, and how many held before. */
  static final class Failed extends RestoreFailure {
    final int index;
    final int passed;

    Failed(int index, int total, String why) {
      super(Reasons.ASSERTION_FAILED, "assertion " + index + " (of " + total + ", 0-based) " + why);
      this.index = index;
      this.passed = index;
    }
  }

  @Override
  public String execute(RunContext c) throws Exception {
    String db = c.restore().spec().databaseName();
    List<String> assertions = c.restore().spec().drill().assertionsOrEmpty();
    for (int i = 0; i < assertions.size(); i++) {
      String statement = assertions.get(i);
      List<Map<String, Object>> rows;
      try {
        rows = c.drillDatabase().query(db, statement);
      } catch (RestoreFailure e) {
        if (e.retryable()) {
          // Neo4j unavailable: the step runs again (the assertions only read); if it stays so, the
          // drill fails because of its server, not of the assertion
          throw new RestoreFailure(
              Reasons.DRILL_SERVER_NOT_READY,
              "the drill server "
                  + c.drillServer().pod(0)
                  + " did not answer assertion "
                  + i
                  + " (of "
                  + assertions.size()
                  + ", 0-based): "
                  + Redaction.scrub(String.valueOf(e.getMessage()), assertions),
              true,
              e);
        }
        throw new Failed(
            i,
            assertions.size(),
            "could not run: " + Redaction.scrub(String.valueOf(e.getMessage()), assertions));
      } catch (RuntimeException e) {
        throw new Failed(
            i,
            assertions.size(),
            "could not run: " + Redaction.scrub(String.valueOf(e.getMessage()), assertions));
      }
      String wrong = wrongAnswer(rows);
      if (wrong != null) {
        throw new Failed(i, assertions.size(), "did not hold: " + wrong);
      }
    }
    return assertions.size() + " assertion(s) held on " + db;
  }

  /**
   * Null when the rows are one row of one {@code true} column; otherwise what was wrong, without
   * values (they may be data the user would not put in status).
   */
  static String wrongAnswer(List<Map<String, Object>> rows) {
    if (rows.size() != 1) {
      return "it returned " + rows.size() + " rows, not 1";
    }
    Map<String, Object> row = rows.get(0);
    if (row.size() != 1) {
      return "its row has " + row.size() + " columns, not 1";
    }
    Object value = row.values().iterator().next();
    if (!(value instanceof Boolean)) {
      return "its column is " + (value == null ? "null" : "not a boolean");
    }
    return Boolean.TRUE.equals(value) ? null : "it returned false";
  }
}

package io.neo4jrestore.runner.it;

import io.neo4jrestore.runner.neo4j.DatabasePort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Neo4j side of a restore for integration tests: records what the runner asked, in order, and
 * fails on request. (The statements behind each call are pinned by the neo4j package's tests.)
 */
public final class FakeDatabase implements DatabasePort {
  public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> databases = new HashSet<>();
  private final Set<String> stopped = Collections.synchronizedSet(new HashSet<>());
  private volatile String failOn;

  public FakeDatabase withDatabase(String name) {
    databases.add(name.toLowerCase(java.util.Locale.ROOT));
    return this;
  }

  /** The next call of that kind ("stop", "start", "bringUp", "exists", "cypher") throws. */
  public FakeDatabase failOn(String call) {
    this.failOn = call;
    return this;
  }

  private void maybeFail(String call) {
    if (call.equals(failOn)) {
      failOn = null;
      throw new IllegalStateException("injected failure of " + call);
    }
  }

  @Override
  public boolean exists(String database) {
    calls.add("exists " + database);
    maybeFail("exists");
    return databases.contains(database.toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public void stop(String database, Duration wait) {
    calls.add("stop " + database);
    maybeFail("stop");
    stopped.add(database.toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public void start(String database, Duration wait) {
    calls.add("start " + database);
    maybeFail("start");
    stopped.remove(database.toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public void bringUp(String database, boolean existed, String seederPod, Duration deadline) {
    calls.add("bringUp " + database + " existed=" + existed + " seeder=" + seederPod);
    maybeFail("bringUp");
    databases.add(database.toLowerCase(java.util.Locale.ROOT));
    stopped.remove(database.toLowerCase(java.util.Locale.ROOT));
  }

  /** Whether the database exists and was not left stopped (as far as this fake knows). */
  public boolean online(String database) {
    String key = database.toLowerCase(java.util.Locale.ROOT);
    return databases.contains(key) && !stopped.contains(key);
  }

  /** Records {@code cypher <database> <statement>}; fails on request ({@code failOn("cypher")}). */
  @Override
  public void runStatement(String database, String statement) {
    calls.add("cypher " + database + " " + statement);
    if ("cypher".equals(failOn)) {
      failOn = null;
      // as Neo4j does in a syntax error: the statement is quoted
      throw new IllegalStateException("Invalid input (line 1, column 1): \"" + statement + "\"");
    }
  }

  /**
   * Records {@code query <database> <statement>}: a drill's assertion holds unless {@code
   * failOn("query")} made this one answer false.
   */
  @Override
  public java.util.List<java.util.Map<String, Object>> query(String database, String statement) {
    calls.add("query " + database + " " + statement);
    boolean holds = !"query".equals(failOn);
    if (!holds) {
      failOn = null;
    }
    return java.util.List.of(java.util.Map.of("ok", holds));
  }

  @Override
  public void close() {}
}

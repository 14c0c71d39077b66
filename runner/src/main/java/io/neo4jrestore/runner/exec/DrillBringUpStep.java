package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Steps;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.target.Target;

/**
 * Drill step: {@code CREATE DATABASE} on the throw-away server (a standalone mounting the restored
 * store), until online. Nothing is written to the real target.
 */
final class DrillBringUpStep implements Step {
  @Override
  public String name() {
    return Steps.BRING_UP_DATABASE;
  }

  @Override
  public String execute(RunContext c) throws Exception {
    String db = c.restore().spec().databaseName();
    Target t = c.drillServer();
    try {
      c.drillDatabase().bringUp(db, false, t.pod(0), c.bounds().bringUp());
    } catch (RestoreFailure e) {
      // Neo4j's message names the Bolt address; say that it is the drill's server, not the target
      throw new RestoreFailure(
          e.reason(),
          "creating " + db + " on the drill server " + t.pod(0) + ": " + e.getMessage(),
          e.retryable(),
          e);
    }
    return "created " + db + " on the drill server " + t.pod(0) + "; online";
  }
}

package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.Condition;
import io.neo4jrestore.api.model.UndoRecord;
import io.neo4jrestore.runner.common.RestoreFailure;
import java.util.HashMap;
import java.util.Map;

/**
 * Step 11: create/start (standalone) or create/recreate seeded (cluster), until all online; never
 * on data volumes that were replaced while the target was scaled down ({@code
 * DataVolumesIntact=False}).
 */
final class BringUpDatabaseStep implements Step {
  @Override
  public String name() {
    return Steps.BRING_UP_DATABASE;
  }

  @Override
  public String execute(RunContext c) throws Exception {
    String db = c.restore().spec().databaseName();
    Condition volumes = c.status().condition(Conditions.DATA_VOLUMES_INTACT);
    if (volumes != null && Conditions.FALSE.equals(volumes.status())) {
      // StartCluster found a replaced volume (a resumed run may get here): never bring it up
      throw new RestoreFailure(
          Reasons.DATA_VOLUME_REPLACED,
          "database " + db + " is not brought up on replaced data volumes: " + volumes.message());
    }
    UndoRecord undo = c.status().undo();
    boolean existed = undo.is(undo.databaseExisted());
    c.database().bringUp(db, existed, c.target().pod(0), c.bounds().bringUp());
    c.status().undo(undo.withDatabaseStopped(false));
    Map<String, String> remove = new HashMap<>();
    remove.put(Annotations.UNDO_STOPPED_DATABASE, null);
    c.cluster().annotate(c.target().path(), remove);
    // written with the next write (the post-restore hooks', or Completed)
    c.event("Normal", "DatabaseOnline", "database " + db + " is online on every allocation");
    return (existed ? "restarted " : "created ") + db + "; every allocation online";
  }
}

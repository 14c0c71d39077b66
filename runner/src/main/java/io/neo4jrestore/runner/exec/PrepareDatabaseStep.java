package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.UndoRecord;
import io.neo4jrestore.runner.common.RestoreFailure;

/**
 * Step 7: an existing database may only be replaced when {@code force} or {@code replaceExisting}
 * says so (refused before anything changed); it is stopped, and "we stopped it" is recorded before
 * the STOP so that compensation starts it again.
 */
final class PrepareDatabaseStep implements Step {
  @Override
  public String name() {
    return Steps.PREPARE_DATABASE;
  }

  /** The refusal of a restore into an existing database that it may not replace. */
  static RestoreFailure exists(RunContext c, String db) {
    return new RestoreFailure(
        Reasons.DATABASE_EXISTS,
        "database "
            + db
            + " already exists in "
            + c.target().name()
            + "; set spec.force: true or spec.options.replaceExisting: true to replace it, or restore under another databaseName");
  }

  @Override
  public String execute(RunContext c) throws Exception {
    String db = c.restore().spec().databaseName();
    UndoRecord undo = c.status().undo();
    if (undo.databaseExisted() == null) {
      boolean exists = c.database().exists(db);
      if (exists && !c.restore().spec().mayReplaceExisting()) {
        throw exists(c, db);
      }
      c.status().undo(undo = undo.withDatabaseExisted(exists)); // written before the STOP
    }
    if (!undo.is(undo.databaseExisted())) {
      return "database " + db + " does not exist yet: it will be created";
    }
    if (!undo.is(undo.databaseStopped())) {
      c.status().undo(undo.withDatabaseStopped(true));
      c.save(); // before the STOP: a runner that dies right after it still knows to start it again
    }
    c.database().stop(db, c.bounds().databaseCommand());
    c.event(
        "Normal",
        "DatabaseStopped",
        "stopped database " + db + " in " + c.target().name() + " for the restore");
    return "stopped existing database " + db;
  }
}

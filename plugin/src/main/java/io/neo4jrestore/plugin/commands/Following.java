package io.neo4jrestore.plugin.commands;

import io.neo4jrestore.plugin.ExitCode;
import io.neo4jrestore.plugin.PluginContext;
import io.neo4jrestore.plugin.PluginException;
import io.neo4jrestore.plugin.restore.Follower;
import io.neo4jrestore.plugin.restore.Outcome;
import io.neo4jrestore.plugin.restore.RestoreCluster;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Follows a restore to its end for {@code watch} and {@code --wait}; the outcome is the exit code.
 */
final class Following {
  private Following() {}

  /**
   * @return 0 when the restore completed
   * @throws PluginException RESTORE_FAILED when it failed (the message says what next), TIMEOUT
   */
  static int follow(
      PluginContext context,
      RestoreCluster cluster,
      String namespace,
      String name,
      Duration timeout,
      PrintWriter timeline,
      PrintWriter err) {
    Outcome outcome =
        new Follower(cluster, context.clock(), timeline, err, context.sleeper())
            .follow(namespace, name, timeout);
    if (outcome.state() == Outcome.State.COMPLETED) {
      timeline.println(outcome.summary());
      timeline.flush();
      return ExitCode.OK.code();
    }
    timeline.println(outcome.summary());
    timeline.flush();
    StringBuilder message = new StringBuilder(outcome.summary());
    outcome.next().forEach(n -> message.append("\nnext: ").append(n));
    throw new PluginException(ExitCode.RESTORE_FAILED, message.toString());
  }
}

package io.neo4jrestore.plugin.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.RunnerJobs;
import io.neo4jrestore.kube.KubeException;
import io.neo4jrestore.plugin.ExitCode;
import io.neo4jrestore.plugin.PluginException;
import java.io.PrintWriter;

/**
 * Starts the runner Job for a restore's current attempt, under the deterministic name the
 * dispatcher uses too: {@code AlreadyExists} means the attempt is already started.
 */
public final class RunnerStarter {
  private final RestoreCluster cluster;
  private final PrintWriter err;

  public RunnerStarter(RestoreCluster cluster, PrintWriter err) {
    this.cluster = cluster;
    this.err = err;
  }

  /** The Job request for a restore as the server returned it. */
  public static RunnerJobs.Request request(JsonNode restore, String image) {
    JsonNode meta = restore.path("metadata");
    String retry = meta.path("annotations").path(Annotations.RETRY).asText("");
    return new RunnerJobs.Request(
        meta.path("namespace").asText(),
        meta.path("name").asText(),
        meta.path("uid").asText(),
        meta.path("generation").asLong(1),
        retry.isEmpty() ? null : retry,
        image);
  }

  /** Creates the Job; reports on stderr. */
  public void start(JsonNode restore, String image) {
    RunnerJobs.Request request = request(restore, image);
    String job = RunnerJobs.name(request);
    try {
      if (cluster.createJob(request.namespace(), RunnerJobs.job(request))) {
        err.println("runner Job " + job + " started");
      } else {
        err.println("runner Job " + job + " already exists (the dispatcher started it)");
      }
      err.flush();
    } catch (KubeException e) {
      throw new PluginException(
          ExitCode.API,
          "neo4jrestore "
              + request.namespace()
              + "/"
              + request.restoreName()
              + " was created, but its runner Job "
              + job
              + " could not be: "
              + e.getMessage()
              + "\nthe dispatcher CronJob starts it within a minute if it is installed; otherwise"
              + " ask for permission to create jobs in namespace "
              + request.namespace(),
          e);
    }
  }
}

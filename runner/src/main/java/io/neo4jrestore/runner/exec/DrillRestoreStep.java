package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.validation.Durations;
import io.neo4jrestore.runner.job.RestoreJobInputs;
import io.neo4jrestore.runner.target.Target;
import java.time.Duration;

/**
 * Drill step: the restore Job, built as for an offline restore into a standalone, writing into the
 * drill server's empty claim while the server is at 0 replicas, owned by the server's StatefulSet.
 * The real target is not touched: no undo data, nothing to put back. A resumed step finds the Job
 * by name and waits again.
 */
final class DrillRestoreStep implements Step {
  @Override
  public String name() {
    return Steps.RESTORE;
  }

  @Override
  public String execute(RunContext c) throws Exception {
    String jobName = jobName(c);
    V1Job job = build(c, CreateDrillServerStep.serverUid(c));
    boolean created = JobLauncher.start(c, job);
    c.status()
        .stepRunning(
            name(),
            "restore Job " + jobName + (created ? " created" : " found (resumed)"),
            c.now());
    c.save();
    V1Job done =
        JobWaiter.awaitCompletion(
            c, c.drillNamespace(), jobName, "drill restore Job", c.bounds().restoreJobWait());
    long seconds = RestoreStep.jobSeconds(done);
    return "restore Job "
        + jobName
        + " succeeded"
        + (seconds > 0 ? " in " + Durations.format(Duration.ofSeconds(seconds)) : "");
  }

  /**
   * The Job: an offline restore into the drill server's claim, never the target's volumes; in the
   * server's namespace, owned by its StatefulSet (of UID {@code serverUid}).
   */
  static V1Job build(RunContext c, String serverUid) throws Exception {
    Target server = c.drillServer();
    RestoreJobInputs inputs =
        new RestoreJobInputs(
            c.restore(),
            c.generation(),
            server,
            c.status().resolvedSource(),
            jobName(c),
            true,
            server.dataPvc(0),
            null,
            false,
            c.bounds().restoreJob().toSeconds(),
            () -> RunnerImage.of(c));
    V1Job job = RestoreStep.build(c, inputs);
    job.getMetadata().namespace(server.namespace());
    // deleted with the drill server by the garbage collector: the runner may not delete Jobs
    job.getMetadata()
        .addOwnerReferencesItem(
            new V1OwnerReference()
                .apiVersion("apps/v1")
                .kind("StatefulSet")
                .name(server.statefulSet())
                .uid(serverUid));
    return job;
  }

  static String jobName(RunContext c) {
    return ResourceNames.job(
        c.name(), c.restore().metadata().uid(), c.generation(), c.retryToken(), JobRole.RESTORE);
  }
}

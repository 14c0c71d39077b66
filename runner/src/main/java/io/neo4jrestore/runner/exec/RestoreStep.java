package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobCondition;
import io.kubernetes.client.openapi.models.V1Pod;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.UndoRecord;
import io.neo4jrestore.api.validation.Durations;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.job.RestoreJobInputs;
import io.neo4jrestore.runner.target.Target;
import java.time.Duration;
import java.util.List;

/**
 * Step 9: the restore Job in the target's image. Its name is recorded, and the store marked as
 * possibly incomplete, before it is created; a resumed run finds the Job by name and waits again.
 */
final class RestoreStep implements Step {
  @Override
  public String name() {
    return Steps.RESTORE;
  }

  /** It writes the Job's name before creating it, and the Job's state once it exists. */
  @Override
  public boolean announce(RunContext c) {
    return false;
  }

  @Override
  public String execute(RunContext c) throws Exception {
    String ns = c.namespace();
    UndoRecord undo = c.status().undo();
    RestoreJobInputs inputs = inputs(c, undo.is(undo.databaseExisted()));
    String jobName = inputs.jobName();
    V1Job job = build(c, inputs);
    if (undo.restoreJob() == null) {
      c.status().undo(undo.withRestoreJob(jobName).withStoreMayBeIncomplete(true));
      c.save();
    }
    // the operator's restore controller may have claimed the resource since the runner started:
    // its finalizer comes first, and the save above returned the resource as it is now
    OperatorClaim.checkFinalizer(c);
    boolean created = JobLauncher.start(c, job);
    c.status()
        .condition(
            Conditions.JOB_CREATED,
            Conditions.TRUE,
            Reasons.JOB_CREATED,
            "restore Job "
                + jobName
                + " ("
                + (c.restore().spec().stopClusterOrDefault() ? "offline" : "online")
                + ")",
            c.generation(),
            c.now());
    c.status()
        .stepRunning(
            name(),
            "restore Job " + jobName + (created ? " created" : " found (resumed)"),
            c.now());
    // the condition JobCreated says it (an Event as well would say it twice)
    c.save();
    V1Job done;
    try {
      done = JobWaiter.awaitCompletion(c, jobName, "restore Job", c.bounds().restoreJobWait());
    } catch (RestoreFailure f) {
      if (StageFailures.failed(c.cluster().jobPods(ns, jobName))) {
        // the PITR stage init container failed: neo4j-admin never started, the store is untouched
        c.status().undo(c.status().undo().withStoreMayBeIncomplete(false));
      }
      throw f;
    }
    c.status().undo(c.status().undo().withStoreMayBeIncomplete(false));
    long seconds = jobSeconds(done);
    c.status().stats(Stats.afterRestore(c.status().stats(), c.status().resolvedSource(), seconds));
    // written with the next step's write, before it changes anything
    return "restore Job "
        + jobName
        + " succeeded"
        + (seconds > 0 ? " in " + Durations.format(Duration.ofSeconds(seconds)) : "");
  }

  /** What the restore Job depends on, as observed now (the serving pod for an online restore). */
  static RestoreJobInputs inputs(RunContext c, boolean overwrite) throws Exception {
    Target t = c.target();
    String ns = c.namespace();
    String token = c.retryToken();
    String jobName =
        ResourceNames.job(
            c.name(), c.restore().metadata().uid(), c.generation(), token, JobRole.RESTORE);
    boolean offline = c.restore().spec().stopClusterOrDefault();
    V1Pod serving = null;
    if (!offline) {
      serving =
          c.cluster()
              .pod(ns, t.pod(0))
              .orElseThrow(
                  () ->
                      new RestoreFailure(
                          Reasons.TARGET_NOT_FOUND,
                          "pod "
                              + ns
                              + "/"
                              + t.pod(0)
                              + " is not running; an online restore writes into its data volume"));
      if (serving.getSpec().getNodeName() == null) {
        throw new RestoreFailure(
            Reasons.TARGET_NOT_FOUND, "pod " + t.pod(0) + " is not scheduled on a node yet");
      }
      refuseReadWriteOncePod(c, serving);
    }
    Duration timeout = c.bounds().restoreJob();
    return new RestoreJobInputs(
        c.restore(),
        c.generation(),
        t,
        c.status().resolvedSource(),
        jobName,
        offline,
        t.dataPvc(0),
        serving,
        overwrite,
        timeout.toSeconds(),
        () -> RunnerImage.of(c));
  }

  /**
   * An online restore mounts the serving pod's data volume in a second pod on the same node; a
   * ReadWriteOncePod volume cannot be shared that way.
   */
  private static void refuseReadWriteOncePod(RunContext c, V1Pod serving) throws Exception {
    if (serving.getSpec().getVolumes() == null) {
      return;
    }
    for (var v : serving.getSpec().getVolumes()) {
      if (v.getPersistentVolumeClaim() == null) {
        continue;
      }
      String claim = v.getPersistentVolumeClaim().getClaimName();
      var pvc = c.cluster().pvc(c.namespace(), claim);
      if (pvc.isPresent()
          && pvc.get().getSpec() != null
          && pvc.get().getSpec().getAccessModes() != null
          && pvc.get().getSpec().getAccessModes().contains("ReadWriteOncePod")) {
        throw new RestoreFailure(
            Reasons.INVALID_SPEC,
            "PVC "
                + c.namespace()
                + "/"
                + claim
                + " of pod "
                + serving.getMetadata().getName()
                + " is ReadWriteOncePod: an online restore cannot mount it beside the running server; use spec.stopCluster: true");
      }
    }
  }

  /** The Job manifest; what cannot be built is refused as a failure of the plan, not a crash. */
  static V1Job build(RunContext c, RestoreJobInputs inputs) {
    try {
      return c.jobs().restoreJob(inputs);
    } catch (IllegalArgumentException e) {
      throw new RestoreFailure(
          Reasons.INVALID_SPEC, "cannot build the restore Job: " + e.getMessage());
    }
  }

  private static List<V1JobCondition> conditions(V1Job job) {
    return job.getStatus() == null || job.getStatus().getConditions() == null
        ? List.of()
        : job.getStatus().getConditions();
  }

  static long jobSeconds(V1Job job) {
    if (job.getStatus() == null
        || job.getStatus().getStartTime() == null
        || job.getStatus().getCompletionTime() == null) {
      return 0;
    }
    return Duration.between(job.getStatus().getStartTime(), job.getStatus().getCompletionTime())
        .toSeconds();
  }
}

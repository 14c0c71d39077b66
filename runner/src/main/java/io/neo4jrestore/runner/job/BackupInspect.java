package io.neo4jrestore.runner.job;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.neo4jrestore.runner.neo4j.Neo4jVersion;
import io.neo4jrestore.runner.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The short Job that lists backup artifacts: {@code neo4j-admin backup inspect <dir-or-URI>
 * --format=JSON [--database=<db>] [--latest-chain]} in the target's image, with the same backup
 * access as the restore Job ({@link BackupAccess}). Used to resolve a folder into exact files (5.26
 * restores only from files, and exec form has no globbing) and to verify the pinned artifacts
 * ({@code options.verifyBackup}). Its output is read by {@link BackupInspectParser}.
 *
 * <p>Before 2025.07 {@code backup inspect} prints only file names unless {@code --show-metadata} is
 * given; from 2025.07 that flag is deprecated and ignored (metadata is always shown), so it is
 * passed only to older versions. The command is available from 5.25, i.e. on every supported
 * target.
 */
public final class BackupInspect {
  public static final String CONTAINER = "inspect";

  /** The inspect Job's deadline when none is given: reading backup headers is quick. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(15);

  public static final List<String> COMMAND = List.of("neo4j-admin", "backup", "inspect");

  private BackupInspect() {}

  /**
   * What the inspect Job is built from.
   *
   * @param job name, namespace, labels ({@link JobIdentity#forAttempt} with {@code JobRole.INSPECT}
   *     or {@code JobRole.VERIFY})
   * @param target the target: its image and Neo4j version
   * @param backupPath a folder, an artifact file or a cloud URI ({@code s3://}, {@code gs://},
   *     {@code azb://}); a PVC path is under {@code /backup}
   * @param database only this database's artifacts ({@code --database}), or null
   * @param latestChain only the newest chain ({@code --latest-chain}); with a file, the chain
   *     ending at it
   * @param access how the Job reaches the backup
   * @param placement optional tolerations / node; null for anywhere
   * @param deadline the Job's deadline, or null for {@link #DEFAULT_DEADLINE}
   */
  public record Request(
      JobIdentity job,
      Target target,
      String backupPath,
      String database,
      boolean latestChain,
      BackupAccess access,
      Placement placement,
      Duration deadline) {

    public Request {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(target.version(), "the target's version");
      Objects.requireNonNull(access, "access");
      JobIdentity.requireText(target.image(), "the target's image");
      placement = placement == null ? Placement.anywhere() : placement;
    }
  }

  /** True before 2025.07, where {@code backup inspect} needs {@code --show-metadata}. */
  public static boolean needsShowMetadata(Neo4jVersion version) {
    return !(version.isCalVer() && version.atLeast(2025, 7));
  }

  /** The exec-form command; each value is one argument. */
  public static List<String> command(
      Neo4jVersion version, String backupPath, String database, boolean latestChain) {
    JobIdentity.requireText(backupPath, "the backup path to inspect");
    RestoreArguments.refuseOptionLike(backupPath, "backup path");
    List<String> args = new ArrayList<>(COMMAND);
    args.add(backupPath);
    args.add("--format=JSON");
    if (needsShowMetadata(version)) {
      args.add("--show-metadata");
    }
    if (database != null) {
      JobIdentity.requireText(database, "database");
      args.add("--database=" + database);
    }
    if (latestChain) {
      args.add("--latest-chain");
    }
    return List.copyOf(args);
  }

  /** The inspect (or verify) Job. */
  public static V1Job job(Request request) {
    List<String> command =
        command(
            request.target().version(),
            request.backupPath(),
            request.database(),
            request.latestChain());
    V1PodSpec pod = JobPods.pod(request.target(), request.access(), request.placement());
    V1Container container = JobPods.container(CONTAINER, request.target(), command);
    container.resources(JobSizing.inspect(request.target().workload()));
    JobPods.wireBackupAccess(pod, container, request.access());
    pod.addContainersItem(container);
    Duration deadline = request.deadline() == null ? DEFAULT_DEADLINE : request.deadline();
    return JobPods.job(request.job(), pod, JobPods.seconds(deadline));
  }
}

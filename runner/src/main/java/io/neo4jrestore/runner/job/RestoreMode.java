package io.neo4jrestore.runner.job;

/**
 * How the restore Job reaches the target's data volume.
 *
 * <p>{@link #ONLINE}: the target keeps serving (only the restored database is stopped); the Job
 * mounts the serving pod's data volume, so it must run on that pod's node (the volume is usually
 * {@code ReadWriteOnce}) with the same SELinux labels. {@link #OFFLINE} ({@code stopCluster}): the
 * StatefulSet is scaled to 0 and the Job mounts server 0's data volume wherever the scheduler puts
 * it.
 */
public enum RestoreMode {
  ONLINE,
  OFFLINE
}

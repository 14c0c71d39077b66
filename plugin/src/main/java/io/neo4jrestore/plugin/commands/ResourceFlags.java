package io.neo4jrestore.plugin.commands;

import io.neo4jrestore.plugin.restore.CreateFlags;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code create} flags that describe the resource, as one picocli argument group: picocli makes
 * it only when one of them is given, so {@code -f} (the whole resource from a file) refuses them
 * all with one check. Help lists them where the group stands in {@link CreateCommand}.
 */
final class ResourceFlags {
  @Option(names = "--target", paramLabel = "CLUSTER", description = "Target cluster/standalone.")
  String target;

  @Option(names = "--database", paramLabel = "NAME", description = "Database to restore as.")
  String database;

  @Option(
      names = "--source-type",
      paramLabel = "TYPE",
      description = "backup, storage, s3, gcs, azure or pvc (storage on a PVC).")
  String sourceType;

  @Option(names = "--backup-ref", paramLabel = "NAME", description = "Neo4jBackup (type backup).")
  String backupRef;

  @Option(names = "--bucket", paramLabel = "NAME", description = "Bucket or Azure container.")
  String bucket;

  @Option(names = "--path", paramLabel = "PATH", description = "Prefix in the bucket or PVC.")
  String path;

  @Option(
      names = "--backup-path",
      paramLabel = "PATH",
      description = "Backup artifact or folder inside the location.")
  String backupPath;

  @Option(
      names = "--provider",
      paramLabel = "PROVIDER",
      description = "aws, gcp or azure (type storage: picks s3, gcs or azure).")
  String provider;

  @Option(
      names = "--credentials-secret",
      paramLabel = "SECRET",
      description = "Secret with the cloud credentials (else workload identity).")
  String credentialsSecret;

  @Option(names = "--pvc", paramLabel = "CLAIM", description = "PVC holding the backups.")
  String pvc;

  @Option(
      names = "--point-in-time",
      paramLabel = "TIME",
      description = "Restore up to this RFC 3339 time with an offset, e.g. 2025-01-04T12:30:00Z.")
  String pointInTime;

  @Option(names = "--force", description = "Replace an existing database.")
  boolean force;

  @Option(names = "--stop-cluster", description = "Scale the target to 0 and restore offline.")
  boolean stopCluster;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "Time limit of the restore Job (spec.timeout), e.g. 2h.")
  String timeout;

  @Option(names = "--verify", description = "Verify the backup before anything changes.")
  boolean verify;

  @Option(
      names = "--replace-existing",
      description = "Allow replacing an existing database (options.replaceExisting).")
  boolean replaceExisting;

  @Option(
      names = "--pre-cypher",
      paramLabel = "STATEMENT",
      description = "Cypher run before the restore (repeatable, in order).")
  List<String> preCypher = new ArrayList<>();

  @Option(
      names = "--post-cypher",
      paramLabel = "STATEMENT",
      description = "Cypher run after the database is online (repeatable, in order).")
  List<String> postCypher = new ArrayList<>();

  @Option(
      names = "--drill-assert",
      paramLabel = "CYPHER",
      description =
          "Make it a restore drill (docs/drills.md): a Cypher statement that must return one"
              + " true (repeatable, 1 to 20, in order; sent to Neo4j as given).")
  List<String> drillAssert = new ArrayList<>();

  @Option(
      names = "--drill-keep",
      paramLabel = "N",
      description = "Drill records status.drills keeps (1 to 20, default 5).")
  Integer drillKeep;

  @Option(
      names = "--drill-schedule",
      paramLabel = "CRON",
      description = "Drill again on this 5-field cron schedule (UTC), e.g. \"0 2 * * 0\".")
  String drillSchedule;

  @Option(
      names = "--drill-namespace",
      paramLabel = "NS",
      description =
          "Make the drill's server, claim, Service and restore Job in this namespace, not the"
              + " restore's (install --drill-namespace prepares it; docs/drills.md).")
  String drillNamespace;

  /**
   * The flags as given (all absent when none was). picocli starts a second group where a flag that
   * takes one value is repeated; that is refused as picocli refuses a repeated option anywhere
   * else.
   */
  static CreateFlags of(List<ResourceFlags> given, CommandSpec spec) {
    if (given.size() > 1) {
      throw new ParameterException(
          spec.commandLine(), repeated(spec) + " should be specified only once");
    }
    ResourceFlags f = given.isEmpty() ? new ResourceFlags() : given.get(0);
    return new CreateFlags(
        f.target,
        f.database,
        f.sourceType,
        f.backupRef,
        f.bucket,
        f.path,
        f.backupPath,
        f.provider,
        f.credentialsSecret,
        f.pvc,
        f.pointInTime,
        f.force,
        f.stopCluster,
        f.timeout,
        f.verify,
        f.replaceExisting,
        f.preCypher,
        f.postCypher,
        f.drillAssert,
        f.drillKeep,
        f.drillSchedule,
        f.drillNamespace);
  }

  /** picocli's words for the first single-valued option given twice. */
  private static String repeated(CommandSpec spec) {
    Set<OptionSpec> seen = new HashSet<>();
    for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
      if (!seen.add(o) && !o.isMultiValue()) {
        return "option '"
            + o.longestName()
            + "'"
            + (o.arity().max == 0 ? "" : " (" + o.paramLabel() + ")");
      }
    }
    return "each resource flag";
  }
}

package io.neo4jrestore.runner.exec;

import io.kubernetes.client.openapi.models.V1Job;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.BaseBackupSource;
import io.neo4jrestore.api.model.EncryptionConfig;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.PitrConfig;
import io.neo4jrestore.api.model.RecoveryPointStatus;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.model.RestoreSource;
import io.neo4jrestore.api.validation.DatabaseNames;
import io.neo4jrestore.api.validation.PointInTime;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.job.BackupAccess;
import io.neo4jrestore.runner.job.BackupInspect;
import io.neo4jrestore.runner.job.BackupInspectParser;
import io.neo4jrestore.runner.job.JobIdentity;
import io.neo4jrestore.runner.job.Placement;
import io.neo4jrestore.runner.job.Scratch;
import io.neo4jrestore.runner.job.StageContainer;
import io.neo4jrestore.runner.pitr.PitrBounds;
import io.neo4jrestore.runner.pitr.PitrChain;
import io.neo4jrestore.runner.pitr.PitrLayout;
import io.neo4jrestore.runner.source.SourceResolver;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code source.type: pitr}, resolved before anything changes: the bounds that need no listing
 * (future, {@code logRetention}), then one inspect Job lists the base backup's and the logs'
 * artifacts ({@link PitrLayout}: staged through the {@code stage} init container for PVCs), then
 * {@link PitrChain} picks the chain reaching {@code pointInTime} and {@link PitrBounds} measures
 * the gap against {@code recoveryPointObjective} ({@code status.recoveryPoint}, condition {@code
 * RecoveryPointObjectiveMet} and an Event). The chain is pinned in {@code status.resolvedSource}.
 */
final class PitrSource {
  private PitrSource() {}

  static boolean applies(RunContext c) {
    return PitrLayout.isPitr(c.restore().spec());
  }

  /** Pins the chain; what the user should know but is not refused is added to {@code warnings}. */
  static ResolvedSource pin(RunContext c, List<String> warnings) throws Exception {
    Neo4jRestoreSpec spec = c.restore().spec();
    RestoreSource source = spec.source();
    PitrConfig pitr = source.pitr();
    boolean explicit = source.pointInTime() != null;
    Instant point = explicit ? PointInTime.parse(source.pointInTime()).toInstant() : c.now();
    try {
      PitrBounds.checkRequested(point, c.now(), pitr);
    } catch (PitrChain.Refused r) {
      throw new RestoreFailure(r.reason(), r.getMessage());
    }

    SourceResolver resolver = new SourceResolver(c.cluster());
    ResolvedSource base =
        resolve(
            c,
            resolver.storageField("spec.source.pitr.baseBackup.storage"),
            baseSource(pitr.baseBackup()));
    ResolvedSource logs =
        pitr.logStorage() == null
            ? null
            : resolve(
                c,
                resolver.storageField("spec.source.pitr.logStorage"),
                new RestoreSource("storage", null, pitr.logStorage(), null, null, null));
    if (logs != null
        && logs.serviceAccount() != null
        && !logs.serviceAccount().equals(base.serviceAccount())) {
      c.event(
          "Warning",
          Reasons.CONFIGURATION_WARNING,
          "pitr.logStorage.cloud.identity is not used: the inspect and restore Jobs run as one"
              + " ServiceAccount, the base backup's");
      warnings.add("pitr.logStorage.cloud.identity is not used (one ServiceAccount: the base's)");
    }
    warnings.addAll(WorkloadIdentity.prepare(c, resolver));
    String baseFile = null;
    String baseFolder = base.location();
    if (!base.artifacts().isEmpty()) {
      String path = base.artifacts().get(0).path();
      baseFolder = path.substring(0, path.lastIndexOf('/'));
      baseFile = path.substring(path.lastIndexOf('/') + 1);
    }
    boolean staged = staged(base, baseFolder, logs, pitr);
    if (pitr.compression() != null && pitr.compression().level() != null) {
      String note =
          "pitr.compression.level "
              + pitr.compression().level()
              + " has no effect on a restore: every level of a format decodes the same way";
      c.event("Warning", Reasons.CONFIGURATION_WARNING, note);
      warnings.add(note);
    }
    checkKeySecret(c, pitr.encryption());

    String database = spec.databaseName();
    JobIdentity id = InspectArtifacts.identity(c, JobRole.INSPECT);
    BackupInspect.Request request =
        new BackupInspect.Request(
            id,
            c.target(),
            staged ? PitrLayout.VIEW : baseFolder,
            database,
            false,
            BackupAccess.from(base),
            Placement.anywhere(),
            c.bounds().inspectJob());
    V1Job job = BackupInspect.job(request);
    List<String> folders =
        staged ? PitrLayout.folders(pitr, baseFolder, base.pvcName()) : List.of(baseFolder);
    if (staged) {
      job =
          StageContainer.forInspect(pitr, base, baseFolder, RunnerImage.of(c))
              .addTo(job, scratch(c, spec));
    }
    String where = String.join(" and ", folders);
    String output = InspectArtifacts.run(c, id, Steps.RESOLVE_SOURCE, job, where);
    if (output == null) {
      throw new RestoreFailure(
          Reasons.SOURCE_NOT_FOUND, "inspect Job " + id.name() + " left no output to read");
    }

    List<ResolvedSource.Artifact> listed;
    try {
      listed = listed(BackupInspectParser.artifacts(output), database, staged, baseFile);
    } catch (IllegalArgumentException e) {
      throw new RestoreFailure(
          Reasons.SOURCE_NOT_FOUND,
          "cannot read the output of inspect Job " + id.name() + ": " + e.getMessage());
    }
    PitrChain chain;
    try {
      chain = PitrChain.select(listed, point, where, PitrLayout.validateLogIntegrity(pitr));
    } catch (PitrChain.Refused r) {
      throw new RestoreFailure(r.reason(), r.getMessage());
    }
    RecoveryPointStatus measured = PitrBounds.measure(point, chain, pitr);
    record(c, measured, explicit);
    try {
      PitrBounds.requireObjective(measured, explicit);
    } catch (PitrChain.Refused r) {
      throw new RestoreFailure(r.reason(), r.getMessage());
    }
    return new ResolvedSource(
        base.storageType(),
        baseFolder,
        chain.artifacts(),
        null,
        explicit ? PointInTime.toRestoreUntil(source.pointInTime()) : null,
        base.credentialsSecret(),
        base.pvcName(),
        base.endpoint(),
        base.serviceAccount());
  }

  /** {@code status.recoveryPoint}, the condition and an Event: on success and on refusal. */
  private static void record(RunContext c, RecoveryPointStatus m, boolean explicit) {
    c.status().recoveryPoint(m);
    String message =
        "gap "
            + m.gap()
            + " between the newest log ("
            + m.newestLogTime()
            + ") and "
            + (explicit ? "pointInTime " : "now ")
            + m.requested()
            + ", objective "
            + m.objective();
    c.status()
        .condition(
            Conditions.RECOVERY_POINT_OBJECTIVE_MET,
            m.met() ? Conditions.TRUE : Conditions.FALSE,
            m.met() ? Reasons.OBJECTIVE_MET : Reasons.OBJECTIVE_MISSED,
            message,
            c.generation(),
            c.now());
    c.event(
        m.met() ? "Normal" : "Warning",
        m.met() ? Reasons.OBJECTIVE_MET : Reasons.OBJECTIVE_MISSED,
        message);
  }

  /** The listed artifacts of the database; staged paths become bare names. */
  static List<ResolvedSource.Artifact> listed(
      List<ResolvedSource.Artifact> all, String database, boolean staged, String baseFile) {
    return all.stream()
        .filter(a -> a.database() == null || DatabaseNames.sameDatabase(a.database(), database))
        .map(
            a ->
                staged
                    ? PitrLayout.withPath(a, a.path().substring(a.path().lastIndexOf('/') + 1))
                    : a)
        .filter(
            a ->
                baseFile == null
                    || !Boolean.TRUE.equals(a.full())
                    || a.path().endsWith("/" + baseFile)
                    || a.path().equals(baseFile))
        .toList();
  }

  /**
   * Whether the chain is staged by the {@code stage} container, or read by neo4j-admin directly;
   * refuses what neither can read. Staged: a base backup on a PVC (logs on PVCs), or in S3, Azure
   * or GCS with a credentials Secret (logs in the same storage type with the same Secret). Direct:
   * plain artifacts in the base backup's cloud folder.
   */
  private static boolean staged(
      ResolvedSource base, String baseFolder, ResolvedSource logs, PitrConfig pitr) {
    EncryptionConfig enc = pitr.encryption();
    // compressed log artifacts must be decoded: neo4j-admin reads only plain ones
    boolean encrypted =
        enc != null && Boolean.TRUE.equals(enc.enabled())
            || PitrLayout.declaredCompression(pitr) != null
                && !"none".equals(PitrLayout.declaredCompression(pitr));
    if ("pvc".equals(base.storageType())) {
      if (logs != null && !"pvc".equals(logs.storageType())) {
        throw gap(
            "the base backup is on a PVC but pitr.logStorage is "
                + logs.storageType()
                + "; put both on PVCs, or both in one kind of cloud storage");
      }
      return true;
    }
    boolean sameFolder =
        logs == null
            || (Objects.equals(logs.storageType(), base.storageType())
                && Objects.equals(trim(logs.location()), trim(baseFolder))
                && Objects.equals(logs.credentialsSecret(), base.credentialsSecret()));
    if (sameFolder && !encrypted) {
      return false;
    }
    String why =
        encrypted
            ? "encrypted or compressed (pitr.encryption, pitr.compression) artifacts must be staged"
            : "the differential artifacts in pitr.logStorage ("
                + logs.location()
                + ") are not in the base backup's folder ("
                + baseFolder
                + "), and neo4j-admin reads a chain from one folder, so it must be staged";
    if (logs != null && !base.storageType().equals(logs.storageType())) {
      throw gap(
          why
              + "; the base backup is in "
              + base.storageType()
              + " but pitr.logStorage is "
              + logs.storageType()
              + ": staging reads one kind of cloud storage, keep both in the same one");
    }
    if (base.credentialsSecret() == null
        || (logs != null && !Objects.equals(logs.credentialsSecret(), base.credentialsSecret()))) {
      throw gap(
          why
              + "; staging from "
              + base.storageType()
              + " needs one credentials Secret (cloud.credentialsSecretRef) for"
              + " the base backup and pitr.logStorage: workload identity is not supported there");
    }
    return true;
  }

  /**
   * The key Secret must exist with its key: a missing one would leave the stage container's pod
   * unable to start. Only presence is checked; the runner does not read the key.
   */
  private static void checkKeySecret(RunContext c, EncryptionConfig enc) throws Exception {
    if (enc == null || !Boolean.TRUE.equals(enc.enabled())) {
      return;
    }
    String key = enc.keySecretKey() == null ? "key" : enc.keySecretKey();
    var secret = c.cluster().secret(c.namespace(), enc.keySecret());
    boolean hasKey =
        secret.isPresent()
            && secret.get().getData() != null
            && secret.get().getData().containsKey(key);
    if (!hasKey) {
      throw new RestoreFailure(
          Reasons.CREDENTIALS_MISSING,
          "encryption key Secret "
              + c.namespace()
              + "/"
              + enc.keySecret()
              + (secret.isPresent() ? " has no key \"" + key + "\"" : " not found")
              + " (pitr.encryption.keySecret/keySecretKey); create it with the key the logs were"
              + " encrypted with");
    }
  }

  private static RestoreFailure gap(String message) {
    return new RestoreFailure(Reasons.INVALID_SPEC, message);
  }

  private static String trim(String s) {
    return s == null ? null : s.replaceAll("/+$", "");
  }

  private static RestoreSource baseSource(BaseBackupSource b) {
    String type = "backup".equals(b.type()) ? "backup" : "storage";
    return new RestoreSource(type, b.backupRef(), b.storage(), b.backupPath(), null, null);
  }

  private static ResolvedSource resolve(RunContext c, SourceResolver resolver, RestoreSource s)
      throws Exception {
    Neo4jRestoreSpec spec = c.restore().spec();
    return resolver.resolve(
        c.namespace(),
        c.name(),
        c.restore().metadata().uid(),
        new Neo4jRestoreSpec(
            spec.targetCluster(),
            s,
            spec.databaseName(),
            spec.options(),
            spec.force(),
            spec.stopCluster(),
            spec.timeout(),
            spec.drill()),
        c.target());
  }

  /** The staging folder's volume; a {@code pvc.size} that is not a quantity is refused. */
  private static Scratch scratch(RunContext c, Neo4jRestoreSpec spec) {
    try {
      return Scratch.of(Scratch.sourcePvc(spec), c.target().workload());
    } catch (IllegalArgumentException e) {
      throw new RestoreFailure(Reasons.INVALID_SPEC, e.getMessage());
    }
  }
}

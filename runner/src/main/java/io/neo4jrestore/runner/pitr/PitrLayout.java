package io.neo4jrestore.runner.pitr;

import io.neo4jrestore.api.model.CompressionConfig;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.PitrConfig;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.model.StorageLocation;
import io.neo4jrestore.runner.source.Locations;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a PITR restore's artifacts are and how the Jobs see them. Pure: spec and pinned source in,
 * folders and the argument view out (the {@code stage} init container itself is {@link
 * io.neo4jrestore.runner.job.StageContainer}).
 *
 * <p>A base backup on a PVC is <em>staged</em>: the base folder ({@code /backup/...}) and the log
 * folder (the same PVC, or the log PVC mounted at {@link #LOGS_MOUNT}) are merged by the {@code
 * stage} init container into one folder, so neo4j-admin finds the whole chain next to its last
 * artifact, and compressed or encrypted artifacts are decoded first. The pinned artifacts are then
 * bare staged names, and neo4j-admin reads {@link #CHAIN}{@code /<name>}. A chain in S3, Azure or
 * GCS is staged the same way (downloaded) when its logs are in another folder or encrypted;
 * otherwise neo4j-admin reads the base backup's cloud folder directly.
 */
public final class PitrLayout {
  /** Where the {@code stage} init container writes, mounted in every container of the Job. */
  public static final String STAGED_MOUNT = "/restore-staged";

  /** The inspect Job's staged folder: every artifact found. */
  public static final String VIEW = STAGED_MOUNT + "/view";

  /** The restore Job's staged folder: exactly the pinned chain. */
  public static final String CHAIN = STAGED_MOUNT + "/chain";

  /** Where a log PVC other than the base backup's is mounted. */
  public static final String LOGS_MOUNT = "/backup-logs";

  private static final String LOG_STORAGE = "spec.source.pitr.logStorage";

  private PitrLayout() {}

  public static boolean isPitr(Neo4jRestoreSpec spec) {
    return spec.source() != null && "pitr".equals(spec.source().type());
  }

  /**
   * Whether the pinned PITR source is staged: a base backup on a PVC, or a cloud chain pinned by
   * staged names (bare file names; a chain neo4j-admin reads directly is pinned by URIs).
   */
  public static boolean staged(Neo4jRestoreSpec spec, ResolvedSource pinned) {
    if (!isPitr(spec) || pinned == null) {
      return false;
    }
    return "pvc".equals(pinned.storageType())
        || (downloads(pinned.storageType())
            && !pinned.artifacts().isEmpty()
            && !pinned.artifacts().get(0).path().contains("/"));
  }

  /** Whether the {@code stage} container downloads from this storage type (s3, azure, gcs). */
  public static boolean downloads(String storageType) {
    return "s3".equals(storageType) || "azure".equals(storageType) || "gcs".equals(storageType);
  }

  /** The log PVC when it differs from the base backup's PVC, else null. */
  public static String logsPvc(PitrConfig pitr, String basePvc) {
    StorageLocation logs = pitr.logStorage();
    if (logs == null || !"pvc".equals(logs.type()) || logs.pvc() == null) {
      return null;
    }
    return logs.pvc().name().equals(basePvc) ? null : logs.pvc().name();
  }

  /**
   * The folders the stage container searches: the base folder, then the log folder. An Azure log
   * folder is in the base backup's storage account ({@code azb://<account>/...}: one credentials
   * Secret names it).
   */
  public static List<String> folders(PitrConfig pitr, String baseFolder, String basePvc) {
    List<String> out = new ArrayList<>(List.of(baseFolder));
    StorageLocation logs = pitr.logStorage();
    if (logs != null && ("s3".equals(logs.type()) || "gcs".equals(logs.type()))) {
      String folder =
          join(
              Locations.bucket(
                  "s3".equals(logs.type()) ? "s3://" : "gs://", logs.bucket(), LOG_STORAGE),
              logs.path());
      if (!out.contains(folder) && !out.contains(folder + "/")) {
        out.add(folder);
      }
    }
    if (logs != null && "azure".equals(logs.type()) && baseFolder.startsWith("azb://")) {
      String account = baseFolder.substring(6).split("/", 2)[0];
      String folder =
          join(Locations.bucket("azb://" + account + "/", logs.bucket(), LOG_STORAGE), logs.path());
      if (!out.contains(folder) && !out.contains(folder + "/")) {
        out.add(folder);
      }
    }
    if (logs != null && "pvc".equals(logs.type())) {
      String root = logsPvc(pitr, basePvc) == null ? "/backup" : LOGS_MOUNT;
      String folder = join(root, logs.path());
      if (!out.contains(folder)) {
        out.add(folder);
      }
    }
    return List.copyOf(out);
  }

  /**
   * What {@code pitr.compression} declares, as the stage container's {@code --compression}: null
   * when absent (names decide), {@code none} when not enabled, else the algorithm (default gzip).
   */
  public static String declaredCompression(PitrConfig pitr) {
    CompressionConfig c = pitr.compression();
    if (c == null) {
      return null;
    }
    if (Boolean.FALSE.equals(c.enabled())) {
      return "none";
    }
    return c.algorithm() == null ? "gzip" : c.algorithm();
  }

  /** {@code validateLogIntegrity}, default true. */
  public static boolean validateLogIntegrity(PitrConfig pitr) {
    return !Boolean.FALSE.equals(pitr.validateLogIntegrity());
  }

  /**
   * The source as neo4j-admin sees it: for a staged chain the staged files ({@link #CHAIN}),
   * otherwise the pinned source unchanged.
   */
  public static ResolvedSource forArguments(Neo4jRestoreSpec spec, ResolvedSource pinned) {
    if (!staged(spec, pinned)) {
      return pinned;
    }
    List<ResolvedSource.Artifact> inChain =
        pinned.artifacts().stream().map(a -> withPath(a, CHAIN + "/" + a.path())).toList();
    return new ResolvedSource(
        pinned.storageType(),
        CHAIN,
        inChain,
        pinned.sourceDatabase(),
        pinned.restoreUntil(),
        pinned.credentialsSecret(),
        pinned.pvcName(),
        pinned.endpoint(),
        pinned.serviceAccount());
  }

  /** The artifact under another path. */
  public static ResolvedSource.Artifact withPath(ResolvedSource.Artifact a, String path) {
    return new ResolvedSource.Artifact(
        path,
        a.sizeBytes(),
        a.database(),
        a.createdAt(),
        a.full(),
        a.lowestTransactionId(),
        a.highestTransactionId(),
        a.checksum());
  }

  /** {@code root/path}, checked and proven inside {@code root} by {@link Locations#below}. */
  static String join(String root, String path) {
    return Locations.below(root, path, null, LOG_STORAGE);
  }
}

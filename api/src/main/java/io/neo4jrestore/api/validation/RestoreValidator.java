package io.neo4jrestore.api.validation;

import io.neo4jrestore.api.model.BaseBackupSource;
import io.neo4jrestore.api.model.CloudBlock;
import io.neo4jrestore.api.model.CloudIdentity;
import io.neo4jrestore.api.model.CompressionConfig;
import io.neo4jrestore.api.model.ContainerSpec;
import io.neo4jrestore.api.model.EncryptionConfig;
import io.neo4jrestore.api.model.EnvVar;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.PitrConfig;
import io.neo4jrestore.api.model.PvcSpec;
import io.neo4jrestore.api.model.RestoreHooks;
import io.neo4jrestore.api.model.RestoreOptions;
import io.neo4jrestore.api.model.RestoreSource;
import io.neo4jrestore.api.model.StorageLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The CRD's rules, in Java, with the CRD's messages: the plugin refuses a resource before sending
 * it, and the runner re-checks what it reads. Schema rules (required, enum) use the API server's
 * wording; CEL rules use the rule's message. Keep this class and {@code crds/} in step: the tests
 * run one corpus of invalid resources through both.
 */
public final class RestoreValidator {
  public static final List<String> SOURCE_TYPES =
      List.of("backup", "storage", "pitr", "s3", "gcs", "azure");
  public static final List<String> STORAGE_TYPES = List.of("s3", "gcs", "azure", "pvc");
  public static final List<String> CLOUD_PROVIDERS = List.of("aws", "gcp", "azure");
  public static final List<String> BASE_BACKUP_TYPES = List.of("backup", "storage");
  public static final List<String> COMPRESSION_ALGORITHMS = List.of("gzip", "lz4", "zstd");
  public static final List<String> ENCRYPTION_ALGORITHMS = List.of("AES256", "ChaCha20Poly1305");

  /** Flags the runner sets from the spec; a user may not set them through additionalArgs. */
  public static final List<String> RUNNER_OWNED_FLAGS =
      List.of(
          "--from-path",
          "--overwrite-destination",
          "--restore-until",
          "--temp-path",
          "--source-database");

  /** Flags that allow command execution. */
  public static final List<String> FORBIDDEN_FLAGS =
      List.of("--expand-commands", "--additional-config");

  private static final Set<String> CLOUD_STORAGE = Set.of("s3", "gcs", "azure");
  private static final Set<String> STORAGE_SOURCES = Set.of("storage", "s3", "gcs", "azure");
  private static final Map<String, String> PROVIDER_FOR_STORAGE =
      Map.of("s3", "aws", "gcs", "gcp", "azure", "azure");
  private static final Pattern RESOURCE_NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  /** Messages of the path rules (the CRD carries the same text). */
  static final String DOT_NAMES =
      " must not contain '.' or '..' segments; it is a location inside the bucket or volume";

  static final String PATH_SHAPE =
      " must be segments of letters, digits and . _ - ~ = + @ : joined by single '/' (no empty"
          + " segments, spaces, control characters, commas, wildcards or other characters)";

  static final String REPEATS_STORAGE_PATH =
      "backupPath starts with '/' followed by storage.path, but backupPath is always relative to"
          + " storage.path; remove the storage.path prefix from it (or the leading '/' if the"
          + " folders really repeat it)";

  static final String BUCKET_NAME =
      "bucket must be a bucket or container name: lowercase letters, digits, '.', '_' and '-',"
          + " starting and ending with a letter or digit, without '..'";

  static final String RESOURCE_NAME_MESSAGE =
      " must be a Kubernetes resource name (lowercase letters, digits, '-' and '.')";

  static final String SECRET_KEY =
      "keySecretKey must be a Secret key (letters, digits, '-', '_' and '.'), not '.' or '..' and"
          + " not starting with '..'";

  static final String QUANTITY = "pvc.size must be a quantity such as 100Gi or 500M";

  static final String BEFORE_EPOCH =
      "pointInTime must not be before 1970-01-01T00:00:00Z; Neo4j's transaction times start there";

  /** The CRD's expression for {@code keySecretKey} (Kubernetes' rule for Secret keys). */
  public static final String SECRET_KEY_PATTERN = "^[-._a-zA-Z0-9]+$";

  /** The CRD's expression for {@code pvc.size}: a plain Kubernetes quantity. */
  public static final String QUANTITY_PATTERN =
      "^[0-9]+([.][0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$";

  static final String IMAGE =
      "image must be an image reference: letters, digits, '.', '_', '-', '/', ':' and '@',"
          + " starting with a letter or digit (no whitespace)";

  /** The CRD's expression for a hook container's {@code image}. */
  public static final String IMAGE_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._/:@-]*$";

  private static final Pattern IMAGE_SHAPE = Pattern.compile(IMAGE_PATTERN);
  private static final Pattern SECRET_KEY_SHAPE = Pattern.compile(SECRET_KEY_PATTERN);
  private static final Pattern QUANTITY_SHAPE = Pattern.compile(QUANTITY_PATTERN);

  private final List<Violation> violations = new ArrayList<>();

  private RestoreValidator() {}

  /** Every rule the resource breaks; empty when it is valid. */
  public static List<Violation> validate(Neo4jRestore restore) {
    RestoreValidator v = new RestoreValidator();
    if (restore.spec() == null) {
      v.add("spec", "Required value");
    } else {
      v.spec(restore.spec());
    }
    return List.copyOf(v.violations);
  }

  /** The rules that compare an update with the stored object ({@code self == oldSelf}). */
  public static List<Violation> validateUpdate(Neo4jRestore old, Neo4jRestore updated) {
    List<Violation> out = new ArrayList<>(validate(updated));
    Neo4jRestoreSpec a = old.spec();
    Neo4jRestoreSpec b = updated.spec();
    if (a != null && b != null) {
      if (!java.util.Objects.equals(a.targetCluster(), b.targetCluster())) {
        out.add(
            new Violation(
                "spec.targetCluster",
                "targetCluster is immutable; create a new Neo4jRestore to restore into another"
                    + " target"));
      }
      if (!java.util.Objects.equals(a.databaseName(), b.databaseName())) {
        out.add(
            new Violation(
                "spec.databaseName",
                "databaseName is immutable; create a new Neo4jRestore to restore another"
                    + " database"));
      }
      if (!java.util.Objects.equals(a.source(), b.source())) {
        out.add(
            new Violation(
                "spec.source",
                "source is immutable; create a new Neo4jRestore to restore from another source"));
      }
    }
    return out;
  }

  private void spec(Neo4jRestoreSpec spec) {
    if (required("spec.targetCluster", spec.targetCluster())) {
      resourceName("spec.targetCluster", spec.targetCluster(), "targetCluster");
    }
    if (required("spec.databaseName", spec.databaseName())) {
      databaseName(spec.databaseName());
    }
    if (spec.source() == null) {
      add("spec.source", "Required value");
    } else {
      source(spec.source());
    }
    if (spec.options() != null) {
      options(spec.options());
    }
    duration("spec.timeout", spec.timeout(), "timeout must be a duration such as 30m, 2h or 1h30m");
    if (spec.drill() != null) {
      drill(spec);
    }
  }

  // --- restore drills (issue #18) ---

  static final String DRILL_STOP_CLUSTER =
      "stopCluster must be false with drill: a drill never changes the target";
  static final String DRILL_HOOKS =
      "options.preRestore and options.postRestore are not run by a drill; put the checks in"
          + " drill.assertions";
  static final String DRILL_ASSERTIONS =
      "assertions must list at least one Cypher statement returning a single boolean";
  static final String DRILL_KEEP = "keep must be between 1 and 20";
  static final String DRILL_NAMESPACE =
      "drill.namespace must be a namespace name (lowercase letters, digits and '-', at most 63)";

  /** A drill only reads its target: what would change it, or what it would not run, is refused. */
  private void drill(Neo4jRestoreSpec spec) {
    if (spec.stopClusterOrDefault()) {
      add("spec.stopCluster", DRILL_STOP_CLUSTER);
    }
    if (spec.options() != null
        && (spec.options().preRestore() != null || spec.options().postRestore() != null)) {
      add("spec.options", DRILL_HOOKS);
    }
    if (spec.drill().assertionsOrEmpty().isEmpty()) {
      add("spec.drill.assertions", DRILL_ASSERTIONS);
    }
    Integer keep = spec.drill().keep();
    if (keep != null && (keep < 1 || keep > 20)) {
      add("spec.drill.keep", DRILL_KEEP);
    }
    String schedule = spec.drill().schedule();
    if (schedule != null && !Cron.isValid(schedule)) {
      add("spec.drill.schedule", Cron.MESSAGE);
    }
    String namespace = spec.drill().namespace();
    if (namespace != null
        && (namespace.length() > 63 || !namespace.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"))) {
      add("spec.drill.namespace", DRILL_NAMESPACE);
    }
  }

  private void databaseName(String name) {
    if (name.length() > 63) {
      add("spec.databaseName", "Too long: may not be more than 63 bytes");
    }
    if (!DatabaseNames.hasValidShape(name)) {
      add(
          "spec.databaseName",
          "databaseName must be 3 to 63 ASCII letters, digits, dots and dashes, start with a"
              + " letter and not end with a dot or dash");
    }
    if (DatabaseNames.isReserved(name)) {
      add("spec.databaseName", "databaseName must not start with \"system\" (reserved by Neo4j)");
    }
  }

  private void source(RestoreSource source) {
    String path = "spec.source";
    String type = source.type();
    if (!requiredEnum(path + ".type", type, SOURCE_TYPES)) {
      return; // the cross-field rules below only make sense for a known type
    }
    if (source.backupRef() != null) {
      resourceName(path + ".backupRef", source.backupRef(), "backupRef");
    }
    if (type.equals("backup") && source.backupRef() == null) {
      add(path + ".backupRef", "backupRef is required when type is backup");
    }
    if (STORAGE_SOURCES.contains(type) && source.storage() == null) {
      add(path + ".storage", "storage is required when type is storage, s3, gcs or azure");
    }
    if (CLOUD_STORAGE.contains(type)
        && source.storage() != null
        && !type.equals(source.storage().type())) {
      add(
          path + ".storage.type",
          "storage.type must equal type for the s3, gcs and azure shorthands");
    }
    if (type.equals("pitr") && source.pitr() == null) {
      add(path + ".pitr", "pitr (with a baseBackup) is required when type is pitr");
    }
    if (source.pitr() != null && !type.equals("pitr")) {
      add(path + ".pitr", "pitr is only used when type is pitr");
    }
    if (source.backupRef() != null && !type.equals("backup")) {
      add(
          path + ".backupRef",
          "backupRef is only used when type is backup; for pitr use pitr.baseBackup.backupRef");
    }
    if (source.storage() != null && !STORAGE_SOURCES.contains(type)) {
      add(
          path + ".storage",
          "storage is only used when type is storage, s3, gcs or azure; for pitr use"
              + " pitr.baseBackup.storage");
    }
    if (source.backupPath() != null && type.equals("pitr")) {
      add(
          path + ".backupPath",
          "backupPath is not used when type is pitr; use pitr.baseBackup.backupPath");
    }
    if (source.storage() != null) {
      storage(path + ".storage", source.storage());
    }
    backupPath(path, source.storage(), source.backupPath());
    if (source.pointInTime() != null) {
      pointInTime(path + ".pointInTime", source.pointInTime());
    }
    if (source.pitr() != null) {
      pitr(path + ".pitr", source.pitr());
    }
  }

  private void pointInTime(String path, String value) {
    if (!PointInTime.hasRfc3339Shape(value)) {
      add(path, SchemaValidator.patternMessage(path, value, PointInTime.PATTERN));
      return;
    }
    try {
      if (PointInTime.parse(value).toInstant().isBefore(java.time.Instant.EPOCH)) {
        add(path, BEFORE_EPOCH);
      }
    } catch (IllegalArgumentException e) {
      add(path, "Invalid value: \"" + value + "\": " + path + " in body must be of type date-time");
    }
  }

  private void pitr(String path, PitrConfig pitr) {
    BaseBackupSource base = pitr.baseBackup();
    if (base == null) {
      add(path + ".baseBackup", "Required value");
    } else {
      baseBackup(path + ".baseBackup", base);
    }
    if (pitr.logStorage() != null) {
      storage(path + ".logStorage", pitr.logStorage());
    }
    duration(
        path + ".logRetention",
        pitr.logRetention(),
        "logRetention must be a duration such as 30m, 2h or 7d");
    duration(
        path + ".recoveryPointObjective",
        pitr.recoveryPointObjective(),
        "recoveryPointObjective must be a duration such as 30s, 1m or 5m");
    if (pitr.compression() != null) {
      compression(path + ".compression", pitr.compression());
    }
    if (pitr.encryption() != null) {
      encryption(path + ".encryption", pitr.encryption());
    }
  }

  private void baseBackup(String path, BaseBackupSource base) {
    if (!requiredEnum(path + ".type", base.type(), BASE_BACKUP_TYPES)) {
      return;
    }
    if (base.backupRef() != null) {
      resourceName(path + ".backupRef", base.backupRef(), "backupRef");
    }
    if (base.type().equals("backup") && base.backupRef() == null) {
      add(path + ".backupRef", "backupRef is required when type is backup");
    }
    if (base.type().equals("storage") && base.storage() == null) {
      add(path + ".storage", "storage is required when type is storage");
    }
    if (base.backupRef() != null && !base.type().equals("backup")) {
      add(path + ".backupRef", "backupRef is only used when type is backup");
    }
    if (base.storage() != null && !base.type().equals("storage")) {
      add(path + ".storage", "storage is only used when type is storage");
    }
    if (base.storage() != null) {
      storage(path + ".storage", base.storage());
    }
    backupPath(path, base.storage(), base.backupPath());
  }

  /** {@code backupPath} of a source or base backup at {@code path}, against its storage. */
  private void backupPath(String path, StorageLocation storage, String backupPath) {
    if (backupPath == null) {
      return;
    }
    pathSyntax(path + ".backupPath", backupPath, "backupPath");
    if (storage != null && StoragePaths.repeatsStoragePath(storage.path(), backupPath)) {
      add(path + ".backupPath", REPEATS_STORAGE_PATH);
    }
  }

  /** The grammar of {@link StoragePaths}: two rules, as in the CRD. */
  private void pathSyntax(String path, String value, String field) {
    if (StoragePaths.hasDotSegment(value)) {
      add(path, field + DOT_NAMES);
    }
    if (!StoragePaths.hasValidShape(value)) {
      add(path, field + PATH_SHAPE);
    }
  }

  private void storage(String path, StorageLocation storage) {
    String type = storage.type();
    if (!requiredEnum(path + ".type", type, STORAGE_TYPES)) {
      return;
    }
    if (storage.bucket() != null && !StoragePaths.isValidBucket(storage.bucket())) {
      add(path + ".bucket", BUCKET_NAME);
    }
    if (storage.path() != null) {
      pathSyntax(path + ".path", storage.path(), "path");
    }
    if (storage.pvc() != null) {
      pvc(path + ".pvc", storage.pvc());
    }
    if (CLOUD_STORAGE.contains(type) && storage.bucket() == null) {
      add(path + ".bucket", "bucket is required when type is s3, gcs or azure");
    }
    if (type.equals("pvc") && (storage.pvc() == null || storage.pvc().name() == null)) {
      add(path + ".pvc", "pvc.name is required when type is pvc");
    }
    if (storage.pvc() != null && !type.equals("pvc")) {
      add(path + ".pvc", "pvc is only used when type is pvc");
    }
    CloudBlock cloud = storage.cloud();
    if (cloud == null) {
      return;
    }
    if (type.equals("pvc")) {
      add(path + ".cloud", "cloud is not used when type is pvc");
    }
    optionalEnum(path + ".cloud.provider", cloud.provider(), CLOUD_PROVIDERS);
    if (cloud.credentialsSecretRef() != null) {
      resourceName(
          path + ".cloud.credentialsSecretRef",
          cloud.credentialsSecretRef(),
          "credentialsSecretRef");
    }
    if (!type.equals("pvc")
        && cloud.provider() != null
        && !cloud.provider().equals(PROVIDER_FOR_STORAGE.get(type))) {
      add(
          path + ".cloud.provider",
          "cloud.provider must match type: s3 needs aws, gcs needs gcp, azure needs azure");
    }
    CloudIdentity identity = cloud.identity();
    if (identity != null) {
      requiredEnum(path + ".cloud.identity.provider", identity.provider(), CLOUD_PROVIDERS);
      if (identity.serviceAccount() != null) {
        resourceName(
            path + ".cloud.identity.serviceAccount", identity.serviceAccount(), "serviceAccount");
      }
      if (identity.serviceAccount() != null
          && identity.autoCreate() != null
          && identity.autoCreate().enabledOrDefault()) {
        add(
            path + ".cloud.identity.serviceAccount",
            "serviceAccount and autoCreate are mutually exclusive; name an existing"
                + " ServiceAccount or let one be created");
      }
      if (cloud.provider() != null
          && identity.provider() != null
          && !identity.provider().equals(cloud.provider())) {
        add(path + ".cloud.identity.provider", "identity.provider must equal cloud.provider");
      }
      if (cloud.credentialsSecretRef() != null) {
        add(
            path + ".cloud.credentialsSecretRef",
            "credentialsSecretRef and identity are mutually exclusive; use a credentials Secret"
                + " or workload identity");
      }
    }
  }

  private void pvc(String path, PvcSpec pvc) {
    if (pvc.name() != null) {
      resourceName(path + ".name", pvc.name(), "pvc.name");
    }
    if (pvc.storageClassName() != null) {
      resourceName(path + ".storageClassName", pvc.storageClassName(), "pvc.storageClassName");
    }
    if (pvc.size() != null && !QUANTITY_SHAPE.matcher(pvc.size()).matches()) {
      add(path + ".size", QUANTITY);
    }
  }

  private void compression(String path, CompressionConfig compression) {
    optionalEnum(path + ".algorithm", compression.algorithm(), COMPRESSION_ALGORITHMS);
    Integer level = compression.level();
    if (level == null) {
      return;
    }
    String algorithm = compression.algorithm() == null ? "gzip" : compression.algorithm();
    int max =
        switch (algorithm) {
          case "gzip" -> 9;
          case "lz4" -> 12;
          default -> 22;
        };
    if (level < 1 || level > max) {
      add(path + ".level", "level must be 1-9 for gzip, 1-12 for lz4 and 1-22 for zstd");
    }
  }

  private void encryption(String path, EncryptionConfig encryption) {
    optionalEnum(path + ".algorithm", encryption.algorithm(), ENCRYPTION_ALGORITHMS);
    if (Boolean.TRUE.equals(encryption.enabled()) && encryption.keySecret() == null) {
      add(path + ".keySecret", "keySecret is required when encryption is enabled");
    }
    if (encryption.keySecret() != null) {
      resourceName(path + ".keySecret", encryption.keySecret(), "keySecret");
    }
    String key = encryption.keySecretKey();
    if (key != null
        && (!SECRET_KEY_SHAPE.matcher(key).matches()
            || key.equals(".")
            || key.equals("..")
            || key.startsWith(".."))) {
      add(path + ".keySecretKey", SECRET_KEY);
    }
  }

  private void options(RestoreOptions options) {
    String path = "spec.options";
    List<String> args = options.additionalArgs();
    if (args != null) {
      String argsPath = path + ".additionalArgs";
      if (!args.stream().allMatch(a -> a != null && a.startsWith("--"))) {
        add(argsPath, "additionalArgs entries must be flags in --name or --name=value form");
      }
      if (args.stream().anyMatch(a -> isFlag(a, FORBIDDEN_FLAGS))) {
        add(
            argsPath,
            "additionalArgs must not contain --expand-commands or --additional-config (they allow"
                + " command execution)");
      }
      if (args.stream().anyMatch(a -> isFlag(a, RUNNER_OWNED_FLAGS))) {
        add(
            argsPath,
            "additionalArgs must not set --from-path, --overwrite-destination, --restore-until,"
                + " --temp-path or --source-database; the runner sets them from the spec");
      }
    }
    hooks(path + ".preRestore", options.preRestore());
    hooks(path + ".postRestore", options.postRestore());
  }

  /** True when {@code arg} is one of {@code flags}, alone or as {@code --flag=value}. */
  public static boolean isFlag(String arg, List<String> flags) {
    if (arg == null) {
      return false;
    }
    String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
    return flags.contains(name);
  }

  private void hooks(String path, RestoreHooks hooks) {
    if (hooks == null) {
      return;
    }
    if (hooks.cypherStatements() != null) {
      for (int i = 0; i < hooks.cypherStatements().size(); i++) {
        String statement = hooks.cypherStatements().get(i);
        if (statement == null || statement.isEmpty()) {
          add(path + ".cypherStatements[" + i + "]", "Invalid value: \"\": should be non-empty");
        }
      }
    }
    if (hooks.job() == null) {
      return;
    }
    String jobPath = path + ".job";
    duration(
        jobPath + ".timeout",
        hooks.job().timeout(),
        "timeout must be a duration such as 30m, 2h or 1h30m");
    if (hooks.job().template() == null) {
      add(jobPath + ".template", "Required value");
      return;
    }
    Integer backoff = hooks.job().template().backoffLimit();
    if (backoff != null && (backoff < 0 || backoff > 100)) {
      add(jobPath + ".template.backoffLimit", "Invalid value: " + backoff + ": must be 0-100");
    }
    ContainerSpec container = hooks.job().template().container();
    if (container == null) {
      add(jobPath + ".template.container", "Required value");
      return;
    }
    if (required(jobPath + ".template.container.image", container.image())
        && !IMAGE_SHAPE.matcher(container.image()).matches()) {
      add(jobPath + ".template.container.image", IMAGE);
    }
    if (container.env() != null) {
      for (int i = 0; i < container.env().size(); i++) {
        EnvVar env = container.env().get(i);
        required(jobPath + ".template.container.env[" + i + "].name", env.name());
      }
    }
  }

  private void duration(String path, String value, String message) {
    if (value != null && !Durations.isValid(value)) {
      add(path, message);
    }
  }

  private void resourceName(String path, String value, String field) {
    if (value.length() > 253 || !RESOURCE_NAME.matcher(value).matches()) {
      add(path, field + RESOURCE_NAME_MESSAGE);
    }
  }

  /** Null only: an empty string is present, as for the API server, and fails the field's rules. */
  private boolean required(String path, String value) {
    if (value == null) {
      add(path, "Required value");
      return false;
    }
    return true;
  }

  private boolean requiredEnum(String path, String value, List<String> allowed) {
    if (value == null) {
      add(path, "Required value");
      return false;
    }
    return optionalEnum(path, value, allowed);
  }

  private boolean optionalEnum(String path, String value, List<String> allowed) {
    if (value == null || allowed.contains(value)) {
      return true;
    }
    StringBuilder supported = new StringBuilder();
    for (String a : allowed) {
      supported.append(supported.length() == 0 ? "" : ", ").append('"').append(a).append('"');
    }
    add(path, "Unsupported value: \"" + value + "\": supported values: " + supported);
    return false;
  }

  private void add(String field, String message) {
    violations.add(new Violation(field, message));
  }
}

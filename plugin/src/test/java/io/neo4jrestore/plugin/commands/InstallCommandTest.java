package io.neo4jrestore.plugin.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.plugin.install.Installer;
import io.neo4jrestore.plugin.install.Manifests;
import io.neo4jrestore.plugin.testing.Cli;
import io.neo4jrestore.plugin.testing.FakeRestoreCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstallCommandTest {
  private final FakeRestoreCluster cluster = new FakeRestoreCluster();
  private final Cli cli = new Cli(cluster);

  private static List<JsonNode> docs(String yaml) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (var it = ApiMapper.yaml().readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode d = (JsonNode) it.next();
        if (d != null && d.size() > 0) {
          out.add(d);
        }
      }
    }
    return out;
  }

  private static List<String> kinds(List<JsonNode> docs) {
    return docs.stream()
        .map(d -> d.path("kind").asText() + " " + d.at("/metadata/namespace").asText("-"))
        .toList();
  }

  @Test
  void dry_run_client_prints_everything_with_the_placeholders_filled_without_connecting()
      throws Exception {
    Cli.Run r =
        cli.run(
            "install",
            "--dry-run=client",
            "-o",
            "yaml",
            "-n",
            "ops",
            "--managed-namespace",
            "prod",
            "--managed-namespace",
            "staging",
            "--runner-image",
            "example.com/runner:1.2");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(0, cli.connects);
    for (String placeholder :
        List.of("INSTALL_NAMESPACE", "MANAGED_NAMESPACES", "RUNNER_IMAGE", ": NAMESPACE")) {
      assertFalse(r.out().contains(placeholder), placeholder + " left in:\n" + r.out());
    }
    List<JsonNode> docs = docs(r.out());
    List<String> kinds = kinds(docs);
    assertEquals("CustomResourceDefinition -", kinds.get(0));
    assertTrue(kinds.contains("ServiceAccount prod"), kinds.toString());
    assertTrue(kinds.contains("Role staging"), kinds.toString());
    assertTrue(kinds.contains("CronJob ops"), kinds.toString());
    assertTrue(kinds.contains("ValidatingAdmissionPolicy -"), kinds.toString());
    assertEquals("ValidatingAdmissionPolicyBinding -", kinds.get(kinds.size() - 1));
    JsonNode cron =
        docs.stream()
            .filter(d -> d.path("kind").asText().equals("CronJob"))
            .findFirst()
            .orElseThrow();
    String container = cron.at("/spec/jobTemplate/spec/template/spec/containers/0").toString();
    assertTrue(container.contains("\"example.com/runner:1.2\""), container);
    assertTrue(container.contains("\"prod,staging\""), container);
    // the dispatcher's RoleBindings name the install namespace's ServiceAccount
    assertTrue(r.out().contains("namespace: ops"), r.out());
    assertTrue(r.out().contains("c.image == 'example.com/runner:1.2'"), r.out());
  }

  @Test
  void drill_namespace_gets_the_drill_role_once_and_a_binding_per_managed_namespace()
      throws Exception {
    Cli.Run r =
        cli.run(
            "install",
            "--dry-run",
            "-n",
            "ops",
            "--managed-namespace",
            "prod",
            "--managed-namespace",
            "staging",
            "--managed-namespace",
            "drills",
            "--drill-namespace",
            "drills");
    assertEquals(0, r.exitCode(), r.toString());
    assertFalse(r.out().contains("DRILL_NAMESPACE"), r.out());
    List<JsonNode> inDrills =
        docs(r.out()).stream()
            .filter(d -> d.at("/metadata/namespace").asText().equals("drills"))
            .filter(d -> !d.at("/metadata/name").asText().equals("neo4j-restore-runner"))
            .toList();
    List<String> names =
        inDrills.stream()
            .map(d -> d.path("kind").asText() + " " + d.at("/metadata/name").asText())
            .toList();
    // the managed namespace "drills" drills in itself with its own Role: no binding for it; its
    // workload ServiceAccount is applied once
    assertEquals(
        List.of(
            "ServiceAccount neo4j-restore-workload",
            "RoleBinding neo4j-restore-dispatcher-compensates",
            "Role neo4j-restore-dispatcher",
            "RoleBinding neo4j-restore-dispatcher",
            "Role neo4j-restore-drill",
            "RoleBinding neo4j-restore-drill-prod",
            "RoleBinding neo4j-restore-drill-staging"),
        names);
    JsonNode role =
        inDrills.stream()
            .filter(d -> d.at("/metadata/name").asText().equals("neo4j-restore-drill"))
            .findFirst()
            .orElseThrow();
    assertFalse(role.toString().contains("\"*\""), role.toString());
    JsonNode binding =
        inDrills.stream()
            .filter(d -> d.at("/metadata/name").asText().equals("neo4j-restore-drill-staging"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "[{\"kind\":\"ServiceAccount\",\"name\":\"neo4j-restore-runner\","
            + "\"namespace\":\"staging\"},{\"kind\":\"ServiceAccount\","
            + "\"name\":\"neo4j-restore-dispatcher\",\"namespace\":\"ops\"}]",
        binding.path("subjects").toString());
    assertFalse(
        cli.run("install", "--dry-run").out().contains("neo4j-restore-drill"),
        "nothing for drills without --drill-namespace");
    String help = cli.run("install", "--help").out();
    assertTrue(help.contains("[--drill-namespace NS]"), help);
    assertTrue(help.contains("--drill-namespace=NS"), help);
  }

  @Test
  void all_namespaces_lists_cluster_wide_but_keeps_runner_rights_per_namespace() throws Exception {
    Cli.Run r = cli.run("install", "--dry-run", "-A", "-n", "ops", "--managed-namespace", "prod");
    assertEquals(0, r.exitCode(), r.toString());
    List<JsonNode> docs = docs(r.out());
    List<String> kinds = kinds(docs);
    assertTrue(kinds.contains("ClusterRole -"), kinds.toString());
    assertTrue(kinds.contains("ClusterRoleBinding -"), kinds.toString());
    assertTrue(kinds.contains("Role prod"), kinds.toString());
    JsonNode clusterRole =
        docs.stream()
            .filter(d -> d.path("kind").asText().equals("ClusterRole"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "[{\"apiGroups\":[\"neo4j.neo4j.com\"],\"resources\":[\"neo4jrestores\"],"
            + "\"verbs\":[\"list\"]}]",
        clusterRole.path("rules").toString(),
        "only listing is cluster-wide");
    JsonNode cron =
        docs.stream()
            .filter(d -> d.path("kind").asText().equals("CronJob"))
            .findFirst()
            .orElseThrow();
    JsonNode args = cron.at("/spec/jobTemplate/spec/template/spec/containers/0/args");
    assertTrue(args.toString().contains("\"--all-namespaces\""), args.toString());
    assertFalse(args.toString().contains("--namespaces"), args.toString());
    JsonNode binding =
        docs.stream()
            .filter(d -> d.path("kind").asText().equals("ClusterRoleBinding"))
            .findFirst()
            .orElseThrow();
    assertEquals("ops", binding.at("/subjects/0/namespace").asText(), binding.toString());
  }

  @Test
  void defaults_manage_the_install_namespace_and_flags_leave_parts_out() throws Exception {
    Cli.Run r = cli.run("install", "--dry-run", "--no-dispatcher", "--no-admission-policy");
    assertEquals(0, r.exitCode(), r.toString());
    List<String> kinds = kinds(docs(r.out()));
    assertFalse(kinds.contains("CronJob default"), kinds.toString());
    assertFalse(
        kinds.stream().anyMatch(k -> k.startsWith("ValidatingAdmission")), kinds.toString());
    assertTrue(kinds.contains("ServiceAccount default"), kinds.toString());
    assertTrue(r.out().contains(Cli.IMAGE) || !r.out().contains("RUNNER_IMAGE"), r.out());

    Cli.Run names = cli.run("install", "--dry-run", "-o", "name");
    assertTrue(
        names.out().startsWith("customresourcedefinition.apiextensions.k8s.io/neo4jrestores"),
        names.out());
    assertEquals(2, cli.run("install", "--dry-run", "--runner-image", "x' || true").exitCode());
  }

  @Test
  void applies_in_order_waits_for_the_crd_and_is_idempotent() {
    Cli.Run r = cli.run("install");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(
        r.out()
            .startsWith(
                "customresourcedefinition.apiextensions.k8s.io/neo4jrestores.neo4j.neo4j.com"
                    + " serverside-applied\n"),
        r.out());
    assertTrue(
        r.out().contains("cronjob.batch/neo4j-restore-dispatcher serverside-applied"), r.out());
    List<String> applied = cluster.calls.stream().filter(c -> c.startsWith("apply ")).toList();
    assertEquals(Installer.CRD_PATH, applied.get(0).substring(6));
    assertTrue(
        applied.contains("apply /api/v1/namespaces/default/serviceaccounts/neo4j-restore-runner"),
        applied.toString());
    int last = cluster.calls.lastIndexOf("read " + Installer.CRD_PATH);
    assertTrue(
        last > cluster.calls.indexOf(applied.get(applied.size() - 1)), cluster.calls.toString());

    cluster.calls.clear();
    Cli.Run again = cli.run("install");
    assertEquals(0, again.exitCode(), again.toString());
    assertEquals(r.out(), again.out());
  }

  @Test
  void refuses_a_crd_the_neo4j_operator_installed_unless_taken_over() {
    ObjectNode foreign =
        (ObjectNode) Manifests.objects(Manifests.resource(Manifests.CRD_FILE)).get(0);
    ((ObjectNode) foreign.get("metadata")).remove("annotations");
    cluster.objects.put(Installer.CRD_PATH, foreign);
    Cli.Run r = cli.run("install");
    assertEquals(5, r.exitCode(), r.toString());
    assertTrue(r.err().contains("was not installed by neo4j-restore"), r.err());
    assertTrue(r.err().contains(Annotations.CRD_OWNER), r.err());
    assertTrue(r.err().contains("--take-over-crd"), r.err());
    assertTrue(
        cluster.calls.stream().noneMatch(c -> c.startsWith("apply")), cluster.calls.toString());

    Cli.Run taken = cli.run("install", "--take-over-crd");
    assertEquals(0, taken.exitCode(), taken.toString());
    assertTrue(taken.err().contains("warning: taking over the CRD"), taken.err());
    assertTrue(Installer.ownedByUs(cluster.objects.get(Installer.CRD_PATH)));
  }

  @Test
  void refuses_when_a_namespace_is_missing_naming_it() {
    Cli.Run r = cli.run("install", "--managed-namespace", "prod");
    assertEquals(5, r.exitCode(), r.toString());
    assertTrue(r.err().contains("namespace prod does not exist"), r.err());
    assertTrue(r.err().contains("kubectl create namespace prod"), r.err());
    assertTrue(cluster.calls.stream().noneMatch(c -> c.startsWith("apply")));
  }

  @Test
  void server_dry_run_applies_with_dry_run_and_does_not_wait() {
    Cli.Run r = cli.run("install", "--dry-run=server");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(
        cluster.calls.stream()
            .filter(c -> c.startsWith("apply"))
            .allMatch(c -> c.endsWith(" dry")));
    assertTrue(cluster.objects.isEmpty());
  }
}

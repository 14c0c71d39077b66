package io.neo4jrestore.plugin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.plugin.testing.Snapshots;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The permission table of docs/plugin.md §4, checked against the real API server: each command runs
 * as a ServiceAccount holding exactly its rows, then without each row in turn.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionTableIT {
  /** One row of the table. */
  record Row(String command, String group, String resource, String verb, boolean fails) {
    boolean clusterScoped() {
      return resource.equals("customresourcedefinitions");
    }

    @Override
    public String toString() {
      return verb + " " + resource + (group.isEmpty() ? "" : "." + group);
    }
  }

  /** How the test runs a command of the table, and the exit code that means it worked. */
  private record Scenario(Supplier<List<String>> args, int exitCode) {}

  private final AtomicInteger counter = new AtomicInteger();
  private ControlPlane cp;
  private Admin admin;
  private String ns;
  private Path dir;
  private Map<String, Scenario> scenarios;

  static List<Row> table() throws Exception {
    String doc = Files.readString(ControlPlaneExtension.repoRoot().resolve("docs/plugin.md"));
    String section =
        doc.substring(
            doc.indexOf("## 4. What each command needs (RBAC)"),
            doc.indexOf("## 5. How it is built and tested"));
    List<Row> rows = new ArrayList<>();
    for (String line : section.lines().toList()) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.split("\\|");
      String group = cells[2].trim();
      rows.add(
          new Row(
              cells[1].trim().replace("`", ""),
              group.equals("(core)") ? "" : group,
              cells[3].trim(),
              cells[4].trim(),
              cells[5].trim().startsWith("fails")));
    }
    return rows;
  }

  @BeforeAll
  void setUp(ControlPlane controlPlane, @TempDir Path tmp) throws Exception {
    cp = controlPlane;
    dir = tmp;
    ns = cp.createNamespace("perms");
    admin = new Admin(cp.adminKubeconfig());
    Kubectl asAdmin = new Kubectl(Admin.threeFileKubeconfig(tmp, cp.adminKubeconfig(), ns));
    for (String name : List.of("existing", "running", "logged")) {
      Kubectl.Result r = asAdmin.run(createArgs(name, "--no-start").toArray(String[]::new));
      assertEquals(0, r.exitCode(), r.toString());
    }
    admin.patchStatus(
        ns,
        "existing",
        Snapshots.restore(ns, "existing")
            .phase("Completed", "restored movies")
            .snapshot()
            .get("status"));
    admin.patchStatus(
        ns,
        "running",
        Snapshots.restore(ns, "running").phase("Running", "restoring").snapshot().get("status"));
    String uid = admin.restore(ns, "logged").orElseThrow().at("/metadata/uid").asText();
    admin.runningJob(ns, "logged", uid, "logged-run", JobRole.RUNNER, Duration.ofSeconds(30));

    scenarios = new LinkedHashMap<>();
    scenarios.put("create NAME", new Scenario(() -> createArgs(fresh("c")), 0));
    scenarios.put(
        "create NAME --no-start", new Scenario(() -> createArgs(fresh("n"), "--no-start"), 0));
    scenarios.put(
        "create NAME --dry-run=server",
        new Scenario(() -> createArgs(fresh("s"), "--dry-run=server"), 0));
    scenarios.put("get NAME", new Scenario(() -> List.of("get", "existing"), 0));
    scenarios.put("get", new Scenario(() -> List.of("get"), 0));
    scenarios.put("describe NAME", new Scenario(() -> List.of("describe", "existing"), 0));
    // a Running restore: watch follows it until its timeout, exit code 4
    scenarios.put(
        "watch NAME", new Scenario(() -> List.of("watch", "running", "--timeout", "3s"), 4));
    scenarios.put("cancel NAME", new Scenario(() -> List.of("cancel", "running"), 0));
    scenarios.put("delete NAME", new Scenario(() -> List.of("delete", deletable()), 0));
    scenarios.put("logs NAME", new Scenario(() -> List.of("logs", "logged"), 0));
    scenarios.put("version", new Scenario(() -> List.of("version"), 0));
  }

  private String fresh(String prefix) {
    return prefix + "-" + counter.incrementAndGet();
  }

  private static List<String> createArgs(String name, String... extra) {
    return List.of(Kubectl.createArgs(name, extra));
  }

  /** A Completed restore made by the admin, for one delete. */
  private String deletable() {
    String name = fresh("d");
    ObjectNode r = ApiMapper.json().createObjectNode();
    r.put("apiVersion", "neo4j.neo4j.com/v1alpha1").put("kind", "Neo4jRestore");
    r.putObject("metadata").put("name", name);
    ObjectNode spec = r.putObject("spec");
    spec.put("targetCluster", "prod").put("databaseName", "movies");
    spec.putObject("source").put("type", "backup").put("backupRef", "nightly");
    admin.api.post(
        "/apis/neo4j.neo4j.com/v1alpha1/namespaces/" + ns + "/neo4jrestores", Map.of(), r);
    admin.patchStatus(
        ns, name, Snapshots.restore(ns, name).phase("Failed", "x").snapshot().get("status"));
    return name;
  }

  @Test
  void every_command_needs_exactly_its_rows() throws Exception {
    Map<String, List<Row>> byCommand = new LinkedHashMap<>();
    for (Row row : table()) {
      byCommand.computeIfAbsent(row.command(), c -> new ArrayList<>()).add(row);
    }
    assertEquals(scenarios.keySet(), byCommand.keySet(), "the table's commands and the test's");
    List<String> report = new ArrayList<>();
    for (Map.Entry<String, List<Row>> e : byCommand.entrySet()) {
      Scenario scenario = scenarios.get(e.getKey());
      List<Row> rows = e.getValue();
      Kubectl.Result all = runAs(rows, scenario);
      assertEquals(scenario.exitCode(), all.exitCode(), e.getKey() + " with " + rows + ": " + all);
      assertFalse(degraded(all), e.getKey() + " with all its rows is degraded: " + all);
      for (Row missing : rows) {
        List<Row> fewer = new ArrayList<>(rows);
        fewer.remove(missing);
        Kubectl.Result r = runAs(fewer, scenario);
        if (missing.fails()) {
          assertEquals(3, r.exitCode(), e.getKey() + " without " + missing + ": " + r);
          assertTrue(
              r.err().toLowerCase(Locale.ROOT).contains("forbidden"),
              e.getKey() + " without " + missing + " names the 403: " + r);
        } else {
          assertEquals(
              scenario.exitCode(), r.exitCode(), e.getKey() + " without " + missing + ": " + r);
          assertTrue(degraded(r), e.getKey() + " without " + missing + " says so: " + r);
        }
        report.add(
            e.getKey() + " without " + missing + ": exit " + r.exitCode() + " (as the table says)");
      }
    }
    System.out.println(String.join("\n", report));
  }

  private static boolean degraded(Kubectl.Result r) {
    return r.err().contains("are not shown") || r.out().contains("not readable");
  }

  /** Runs the scenario as a new ServiceAccount with exactly these rows. */
  private Kubectl.Result runAs(List<Row> rows, Scenario scenario) throws Exception {
    String sa = "user-" + counter.incrementAndGet();
    admin.api.post(
        "/api/v1/namespaces/" + ns + "/serviceaccounts",
        Map.of(),
        ApiMapper.json().createObjectNode().set("metadata", name(sa, null)));
    String rbac = "/apis/rbac.authorization.k8s.io/v1";
    ObjectNode role = rbacObject("Role", sa, ns, rows.stream().filter(r -> !r.clusterScoped()));
    admin.api.post(rbac + "/namespaces/" + ns + "/roles", Map.of(), role);
    admin.api.post(rbac + "/namespaces/" + ns + "/rolebindings", Map.of(), binding("Role", sa, sa));
    List<Row> cluster = rows.stream().filter(Row::clusterScoped).toList();
    if (!cluster.isEmpty()) {
      String name = ns + "-" + sa;
      admin.api.post(
          rbac + "/clusterroles",
          Map.of(),
          rbacObject("ClusterRole", name, null, cluster.stream()));
      admin.api.post(rbac + "/clusterrolebindings", Map.of(), binding("ClusterRole", name, sa));
    }
    for (Row r : rows) {
      Wait.until(
          sa + " may " + r,
          Duration.ofSeconds(15),
          () -> allowed("system:serviceaccount:" + ns + ":" + sa, r));
    }
    Path kubeconfig = cp.kubeconfigForServiceAccount(ns, sa);
    List<String> args = new ArrayList<>(scenario.args().get());
    args.addAll(List.of("-n", ns));
    return new Kubectl(kubeconfig.toString()).run(args.toArray(String[]::new));
  }

  private boolean allowed(String user, Row r) {
    ObjectNode review = ApiMapper.json().createObjectNode();
    review.put("apiVersion", "authorization.k8s.io/v1").put("kind", "SubjectAccessReview");
    ObjectNode spec = review.putObject("spec");
    spec.put("user", user);
    ObjectNode attrs = spec.putObject("resourceAttributes");
    String[] resource = r.resource().split("/");
    attrs.put("group", r.group()).put("resource", resource[0]).put("verb", r.verb());
    if (resource.length > 1) {
      attrs.put("subresource", resource[1]);
    }
    if (!r.clusterScoped()) {
      attrs.put("namespace", ns);
    }
    JsonNode answer =
        admin
            .api
            .post("/apis/authorization.k8s.io/v1/subjectaccessreviews", Map.of(), review)
            .body();
    return answer.at("/status/allowed").asBoolean();
  }

  private ObjectNode rbacObject(
      String kind, String name, String namespace, java.util.stream.Stream<Row> rows) {
    ObjectNode o = ApiMapper.json().createObjectNode();
    o.put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", kind);
    o.set("metadata", name(name, namespace));
    ArrayNode rules = o.putArray("rules");
    rows.forEach(
        r -> {
          ObjectNode rule = rules.addObject();
          rule.putArray("apiGroups").add(r.group());
          rule.putArray("resources").add(r.resource());
          rule.putArray("verbs").add(r.verb());
        });
    return o;
  }

  /** A (Cluster)RoleBinding {@code name} of the role {@code name} to ServiceAccount {@code sa}. */
  private ObjectNode binding(String roleKind, String name, String sa) {
    boolean namespaced = roleKind.equals("Role");
    ObjectNode b = ApiMapper.json().createObjectNode();
    b.put("apiVersion", "rbac.authorization.k8s.io/v1")
        .put("kind", namespaced ? "RoleBinding" : "ClusterRoleBinding");
    b.set("metadata", name(name, namespaced ? ns : null));
    b.putObject("roleRef")
        .put("apiGroup", "rbac.authorization.k8s.io")
        .put("kind", roleKind)
        .put("name", name);
    b.putArray("subjects")
        .addObject()
        .put("kind", "ServiceAccount")
        .put("name", sa)
        .put("namespace", ns);
    return b;
  }

  private static ObjectNode name(String name, String namespace) {
    ObjectNode m = ApiMapper.json().createObjectNode().put("name", name);
    if (namespace != null) {
      m.put("namespace", namespace);
    }
    return m;
  }
}

package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.RunCommand;
import io.neo4jrestore.runner.job.InspectTable;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runner with exactly the permissions of {@code crds/runner-rbac.yaml}, as its ServiceAccount
 * (a real token): restores succeed, and without any one rule the restore that needs it fails.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunnerRbacIT {
  private static final String INSPECT_OUTPUT =
      InspectTable.v5()
          .row(
              "/backup/nightly/orders-2025-01-04T06-00-02.backup",
              "orders",
              "2025-01-04T05:00:02",
              false,
              42,
              57)
          .row(
              "/backup/nightly/orders-2025-01-04T00-00-05.backup",
              "orders",
              "2025-01-03T23:00:05",
              true,
              1,
              41)
          .toString();

  /**
   * Rules of the drill Role (in a drill namespace) that the drill's success path does not call,
   * each with the failure path that does.
   */
  private static final Map<String, String> DRILL_ROLE_FAILURE_PATHS =
      Map.of(
          "[\"events\"] [\"list\"]",
          "the warnings of a drill restore Job that cannot create its pod (JobWaiter); the same"
              + " call JOB_CANNOT_START proves in the restore's namespace");

  private ControlPlane cp;
  private FakeKubelet kubelet;
  private List<JsonNode> manifests;
  private int counter;

  @BeforeAll
  void setUp(ControlPlane controlPlane, FakeKubelet fakeKubelet) throws Exception {
    LenientJson.install();
    cp = controlPlane;
    kubelet = fakeKubelet;
    String yaml =
        Files.readString(ControlPlaneExtension.repoRoot().resolve("crds/runner-rbac.yaml"));
    manifests = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(yaml)) {
      manifests.addAll(ApiMapper.yaml().readValues(parser, JsonNode.class).readAll());
    }
  }

  /** The three scenarios together use every rule of the Role. */
  enum Scenario {
    /** 5.26 cluster, offline, from a Neo4jBackup on a PVC folder (inspect Job + its log). */
    OFFLINE_BACKUP_FOLDER,
    /** standalone online from S3 with an auto-created workload identity ServiceAccount. */
    ONLINE_AUTO_IDENTITY,
    /**
     * a restore Job that cannot create its pod: its workload-identity ServiceAccount is checked
     * before anything changes, then deleted (by the test) before the Job is created.
     */
    JOB_CANNOT_START,
    /**
     * a restore drill ({@code spec.drill}) of a standalone from S3: its server created, started and
     * deleted (the drill's rules); expected Completed with the cleanup done.
     */
    DRILL,
    /**
     * the same drill in another namespace ({@code spec.drill.namespace}, with the drill Role
     * there): its finalizer on the restore ({@code patch neo4jrestores}) added and removed.
     */
    DRILL_ELSEWHERE
  }

  @Test
  void every_scenario_succeeds_or_fails_as_designed_with_exactly_the_shipped_permissions()
      throws Exception {
    assertEquals(Phases.COMPLETED, restore(Scenario.OFFLINE_BACKUP_FOLDER, -1).status().phase());
    assertEquals(Phases.COMPLETED, restore(Scenario.ONLINE_AUTO_IDENTITY, -1).status().phase());
    Neo4jRestore drill = restore(Scenario.DRILL, -1);
    assertEquals(Phases.COMPLETED, drill.status().phase(), drill.status().message());
    assertEquals("done", drill.status().drills().get(0).cleanup());
    Neo4jRestore elsewhere = restore(Scenario.DRILL_ELSEWHERE, -1);
    assertEquals(Phases.COMPLETED, elsewhere.status().phase(), elsewhere.status().message());
    assertEquals("done", elsewhere.status().drills().get(0).cleanup());
    assertEquals(null, elsewhere.metadata().finalizers(), "the finalizer is removed");
    Neo4jRestore stuck = restore(Scenario.JOB_CANNOT_START, -1);
    assertEquals(Phases.FAILED, stuck.status().phase());
    assertTrue(
        stuck.status().message().contains("serviceaccount \"does-not-exist\" not found"),
        stuck.status().message());
  }

  @Test
  void removing_any_one_rule_breaks_the_restore_that_needs_it() throws Exception {
    ArrayNode rules = (ArrayNode) role().get("rules");
    List<String> survived = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      String rule = rules.get(i).get("resources") + " " + rules.get(i).get("verbs");
      boolean broke = false;
      for (Scenario s : Scenario.values()) {
        Neo4jRestore r = restore(s, i);
        boolean expected =
            s == Scenario.JOB_CANNOT_START
                ? r != null
                    && Phases.FAILED.equals(r.status() == null ? null : r.status().phase())
                    && r.status().message().contains("not found")
                : r != null && r.status() != null && Phases.COMPLETED.equals(r.status().phase());
        if ((s == Scenario.DRILL || s == Scenario.DRILL_ELSEWHERE) && expected) {
          expected = "done".equals(r.status().drills().get(0).cleanup());
        }
        broke |= !expected;
      }
      if (!broke) {
        survived.add(rule);
      }
    }
    assertTrue(
        survived.isEmpty(),
        "rules nothing needs (remove them from crds/runner-rbac.yaml): " + survived);
  }

  @Test
  void removing_any_one_rule_of_the_drill_role_breaks_a_drill_in_that_namespace() throws Exception {
    ArrayNode rules = (ArrayNode) drillRole(drillManifests("d", "n")).get("rules");
    List<String> survived = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      String rule = rules.get(i).get("resources") + " " + rules.get(i).get("verbs");
      if (DRILL_ROLE_FAILURE_PATHS.containsKey(rule)) {
        continue;
      }
      Neo4jRestore r = restore(Scenario.DRILL_ELSEWHERE, -1, i);
      boolean passed =
          r.status() != null
              && Phases.COMPLETED.equals(r.status().phase())
              && "done".equals(r.status().drills().get(0).cleanup());
      if (passed) {
        survived.add(rule);
      }
    }
    assertTrue(
        survived.isEmpty(),
        "rules nothing needs (remove them from crds/drill-namespace-rbac.yaml): " + survived);
  }

  /** The drill Role's manifests for drill namespace {@code d} and restore namespace {@code n}. */
  private static List<JsonNode> drillManifests(String d, String n) throws Exception {
    String yaml =
        Files.readString(ControlPlaneExtension.repoRoot().resolve("crds/drill-namespace-rbac.yaml"))
            .replace("DRILL_NAMESPACE", d)
            .replace("INSTALL_NAMESPACE", n)
            .replace("NAMESPACE", n);
    try (var parser = new YAMLFactory().createParser(yaml)) {
      return ApiMapper.yaml().readValues(parser, JsonNode.class).readAll();
    }
  }

  private static ObjectNode drillRole(List<JsonNode> manifests) {
    return (ObjectNode)
        manifests.stream()
            .filter(m -> "Role".equals(m.path("kind").asText()))
            .findFirst()
            .orElseThrow();
  }

  @Test
  void the_runners_token_is_refused_what_it_must_not_do() throws Exception {
    String ns = cp.createNamespace("rbac-deny");
    RawApi admin = new RawApi(cp.admin());
    for (JsonNode m : manifests) {
      ObjectNode copy = m.deepCopy();
      ((ObjectNode) copy.get("metadata")).put("namespace", ns);
      if ("RoleBinding".equals(copy.path("kind").asText())) {
        ((ObjectNode) copy.get("subjects").get(0)).put("namespace", ns);
      }
      admin.post(path(copy, ns), copy, Map.of());
    }
    ApiClient asRunner =
        ControlPlane.client(cp.kubeconfigForServiceAccount(ns, "neo4j-restore-runner"));
    awaitRbac(asRunner, ns, -1);
    RawApi runner = new RawApi(asRunner);
    ObjectNode pod =
        (ObjectNode)
            ApiMapper.json()
                .readTree(
                    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\"},"
                        + "\"spec\":{\"containers\":[{\"name\":\"x\",\"image\":\"busybox\"}]}}");
    ObjectNode role =
        (ObjectNode)
            ApiMapper.json()
                .readTree(
                    "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"Role\",\"metadata\":{\"name\":\"more\"},"
                        + "\"rules\":[{\"apiGroups\":[\"*\"],\"resources\":[\"*\"],\"verbs\":[\"*\"]}]}");
    List<Map.Entry<String, io.neo4jrestore.testenv.Wait.Check>> forbidden =
        List.of(
            Map.entry("list Secrets cluster-wide", () -> runner.get("/api/v1/secrets") != null),
            Map.entry(
                "list Secrets in its namespace",
                () -> runner.get("/api/v1/namespaces/" + ns + "/secrets") != null),
            Map.entry(
                "create a pod",
                () -> runner.post("/api/v1/namespaces/" + ns + "/pods", pod, Map.of()) != null),
            Map.entry(
                "create a Role",
                () ->
                    runner.post(
                            "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/roles",
                            role,
                            Map.of())
                        != null),
            Map.entry(
                "delete a claim (a drill's goes with its StatefulSet)",
                deleting(runner, "/api/v1/namespaces/" + ns + "/persistentvolumeclaims/x")),
            Map.entry(
                "delete a Service", deleting(runner, "/api/v1/namespaces/" + ns + "/services/x")),
            Map.entry(
                "delete Jobs", deleting(runner, "/apis/batch/v1/namespaces/" + ns + "/jobs/x")),
            Map.entry(
                "read restores in another namespace",
                () ->
                    runner.get(
                            "/apis/"
                                + RestoreApi.API_VERSION
                                + "/namespaces/default/"
                                + RestoreApi.PLURAL)
                        != null));
    for (var f : forbidden) {
      io.kubernetes.client.openapi.ApiException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              io.kubernetes.client.openapi.ApiException.class, f.getValue()::test, f.getKey());
      assertEquals(403, e.getCode(), f.getKey() + ": " + e.getResponseBody());
    }
  }

  /** A DELETE of {@code path} with the runner's token. */
  private static io.neo4jrestore.testenv.Wait.Check deleting(RawApi runner, String path) {
    return () -> runner.call("DELETE", path, null, null, Map.of()) != null;
  }

  private ObjectNode role() {
    return (ObjectNode)
        manifests.stream()
            .filter(m -> "Role".equals(m.path("kind").asText()))
            .filter(m -> "neo4j-restore-runner".equals(m.at("/metadata/name").asText()))
            .findFirst()
            .orElseThrow();
  }

  /** Sets up a namespace with the manifests (minus rule {@code without}) and runs one scenario. */
  private Neo4jRestore restore(Scenario scenario, int without) throws Exception {
    return restore(scenario, without, -1);
  }

  /**
   * The same; a DRILL_ELSEWHERE scenario also gets its drill namespace with the drill Role (minus
   * rule {@code withoutInDrillRole}) and binding, but not its workload ServiceAccount: the runner
   * makes it when missing.
   */
  private Neo4jRestore restore(Scenario scenario, int without, int withoutInDrillRole)
      throws Exception {
    String ns = cp.createNamespace("rbac");
    RawApi admin = new RawApi(cp.admin());
    for (JsonNode m : manifests) {
      ObjectNode copy = m.deepCopy();
      ((ObjectNode) copy.get("metadata")).put("namespace", ns);
      if ("Role".equals(copy.path("kind").asText())
          && "neo4j-restore-runner".equals(copy.at("/metadata/name").asText())
          && without >= 0) {
        ((ArrayNode) copy.get("rules")).remove(without);
      }
      if ("RoleBinding".equals(copy.path("kind").asText())) {
        ((ObjectNode) copy.get("subjects").get(0)).put("namespace", ns);
      }
      admin.post(path(copy, ns), copy, Map.of());
    }
    TargetFixtures fixtures = new TargetFixtures(cp.admin());
    String name = "r" + (++counter);
    switch (scenario) {
      case OFFLINE_BACKUP_FOLDER -> {
        fixtures.cluster(ns, "prod", "5.26.3-enterprise", 2);
        fixtures.backup(ns, "nightly", Map.of("type", "pvc", "pvc", Map.of("name", "backups")));
        fixtures.pvc(ns, "backups");
        fixtures.restore(
            ns,
            """
            apiVersion: neo4j.neo4j.com/v1alpha1
            kind: Neo4jRestore
            metadata: {name: %s}
            spec:
              targetCluster: prod
              databaseName: orders
              source: {type: backup, backupRef: nightly, backupPath: nightly}
              stopCluster: true
            """
                .formatted(name));
      }
      case ONLINE_AUTO_IDENTITY -> {
        fixtures.standalone(ns, "dev", "2025.04.0-enterprise");
        fixtures.restore(
            ns,
            """
            apiVersion: neo4j.neo4j.com/v1alpha1
            kind: Neo4jRestore
            metadata: {name: %s}
            spec:
              targetCluster: dev
              databaseName: movies
              source:
                type: s3
                storage: {type: s3, bucket: b, cloud: {provider: aws, identity: {provider: aws, autoCreate: {annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::1:role/r"}}}}}
                backupPath: /movies.backup
            """
                .formatted(name));
      }
      case DRILL, DRILL_ELSEWHERE -> {
        String d = ns;
        if (scenario == Scenario.DRILL_ELSEWHERE) {
          d = cp.createNamespace("rbac-drills");
          for (JsonNode m : drillManifests(d, ns)) {
            ObjectNode copy = m.deepCopy();
            if ("ServiceAccount".equals(copy.path("kind").asText())) {
              continue;
            }
            if ("Role".equals(copy.path("kind").asText()) && withoutInDrillRole >= 0) {
              ((ArrayNode) copy.get("rules")).remove(withoutInDrillRole);
            }
            admin.post(path(copy, d), copy, Map.of());
          }
        }
        fixtures.standalone(ns, "dev", "2025.04.0-enterprise");
        for (String where : new java.util.LinkedHashSet<>(List.of(ns, d))) {
          fixtures.secret(
              where, "aws", Map.of("AWS_ACCESS_KEY_ID", "AKIA", "AWS_SECRET_ACCESS_KEY", "never"));
        }
        fixtures.restore(
            ns,
            """
            apiVersion: neo4j.neo4j.com/v1alpha1
            kind: Neo4jRestore
            metadata: {name: %s}
            spec:
              targetCluster: dev
              databaseName: movies
              source:
                type: s3
                storage: {type: s3, bucket: b, cloud: {provider: aws, credentialsSecretRef: aws}}
                backupPath: /movies.backup
              drill: {assertions: ["RETURN true"]%s}
            """
                .formatted(name, scenario == Scenario.DRILL_ELSEWHERE ? ", namespace: " + d : ""));
        if (scenario == Scenario.DRILL_ELSEWHERE) {
          awaitDrillRbac(ns, d);
        }
      }
      case JOB_CANNOT_START -> {
        fixtures.standalone(ns, "dev", "2025.04.0-enterprise");
        fixtures.restore(
            ns,
            """
            apiVersion: neo4j.neo4j.com/v1alpha1
            kind: Neo4jRestore
            metadata: {name: %s}
            spec:
              targetCluster: dev
              databaseName: movies
              source:
                type: s3
                storage: {type: s3, bucket: b, cloud: {provider: aws, identity: {provider: aws, serviceAccount: does-not-exist}}}
                backupPath: /movies.backup
            """
                .formatted(name));
        fixtures.serviceAccount(
            ns, "does-not-exist", Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/r"));
      }
    }
    Neo4jRestore created = read(ns, name);
    String inspect = ResourceNames.job(name, created.metadata().uid(), 1, null, JobRole.INSPECT);
    kubelet.finishJob(ns, inspect, 0, INSPECT_OUTPUT);
    kubelet.autoCompleteJobs(true);
    ApiClient asRunner =
        ControlPlane.client(cp.kubeconfigForServiceAccount(ns, "neo4j-restore-runner"));
    awaitRbac(asRunner, ns, without);
    if (withoutInDrillRole >= 0) {
      // the runner compares its rules in the drill namespace with the shipped Role before it
      // makes anything there: shown the whole Role, it goes on, and the API server's RBAC decides
      // each call, so the run shows which calls need the missing rule
      asRunner.setHttpClient(
          asRunner.getHttpClient().newBuilder().addInterceptor(this::wholeDrillRole).build());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RunnerExit exit =
        new RunCommand(
                wiring(scenario == Scenario.JOB_CANNOT_START ? () -> deleteAccount(ns) : () -> {}),
                new PrintStream(out, true, StandardCharsets.UTF_8))
            .target(ns, name)
            .run(asRunner);
    Neo4jRestore after = read(ns, name);
    boolean shipped = without < 0 && withoutInDrillRole < 0;
    if (shipped && scenario != Scenario.JOB_CANNOT_START) {
      assertEquals(RunnerExit.SUCCEEDED, exit, out.toString());
    }
    if (shipped) {
      // the shipped Role lets every wait watch: no wait fell back to reading every poll interval
      assertFalse(out.toString().contains("cannot watch"), out.toString());
      assertFalse(out.toString().contains("cannot list"), out.toString());
    }
    if (without < 0 && scenario == Scenario.OFFLINE_BACKUP_FOLDER) {
      assertEquals(
          2, after.status().resolvedSource().artifacts().size(), "the inspected chain is pinned");
      assertNotEquals(
          null, after.status().resolvedSource().artifacts().get(1).highestTransactionId());
    }
    return after;
  }

  /** Answers a SelfSubjectRulesReview with every rule of the shipped drill Role. */
  private okhttp3.Response wholeDrillRole(okhttp3.Interceptor.Chain chain)
      throws java.io.IOException {
    okhttp3.Request request = chain.request();
    if (!request.url().encodedPath().endsWith("/selfsubjectrulesreviews")) {
      return chain.proceed(request);
    }
    ObjectNode review = ApiMapper.json().createObjectNode();
    review.put("apiVersion", "authorization.k8s.io/v1").put("kind", "SelfSubjectRulesReview");
    try {
      review
          .putObject("status")
          .set("resourceRules", drillRole(drillManifests("d", "n")).get("rules"));
    } catch (Exception e) {
      throw new java.io.IOException(e);
    }
    return new okhttp3.Response.Builder()
        .request(request)
        .protocol(okhttp3.Protocol.HTTP_1_1)
        .code(201)
        .message("Created")
        .body(
            okhttp3.ResponseBody.create(
                review.toString(), okhttp3.MediaType.get("application/json")))
        .build();
  }

  /** The drill Role's binding reaches the authorizer after a moment: wait until it does. */
  private void awaitDrillRbac(String ns, String d) throws Exception {
    ApiClient asRunner =
        ControlPlane.client(cp.kubeconfigForServiceAccount(ns, "neo4j-restore-runner"));
    ObjectNode review = ApiMapper.json().createObjectNode();
    review.put("apiVersion", "authorization.k8s.io/v1").put("kind", "SelfSubjectRulesReview");
    review.putObject("spec").put("namespace", d);
    io.neo4jrestore.testenv.Wait.until(
        "the drill Role in " + d + " to take effect",
        Duration.ofSeconds(15),
        () ->
            new RawApi(asRunner)
                .post("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", review, Map.of())
                .at("/status/resourceRules")
                .toString()
                .matches(".*\\\"(statefulsets|services)\\\".*"));
  }

  /** RBAC changes reach the authorizer after a moment: wait until a granted rule is granted. */
  private void awaitRbac(ApiClient asRunner, String ns, int without) {
    ArrayNode rules = (ArrayNode) role().get("rules");
    JsonNode rule = rules.get(without == 0 ? 1 : 0);
    String[] resource = rule.get("resources").get(0).asText().split("/");
    ObjectNode attributes = ApiMapper.json().createObjectNode();
    attributes
        .put("namespace", ns)
        .put("verb", rule.get("verbs").get(0).asText())
        .put("group", rule.get("apiGroups").get(0).asText())
        .put("resource", resource[0]);
    if (resource.length > 1) {
      attributes.put("subresource", resource[1]);
    }
    ObjectNode review = ApiMapper.json().createObjectNode();
    review.put("apiVersion", "authorization.k8s.io/v1").put("kind", "SelfSubjectAccessReview");
    review.putObject("spec").set("resourceAttributes", attributes);
    io.neo4jrestore.testenv.Wait.until(
        "the runner's Role to take effect",
        Duration.ofSeconds(15),
        () ->
            new RawApi(asRunner)
                .post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review, Map.of())
                .at("/status/allowed")
                .asBoolean(false));
  }

  private RunCommand.Wiring wiring(Runnable onConnect) {
    return TestWiring.readingSecrets(onConnect);
  }

  /** Deletes the identity ServiceAccount of JOB_CANNOT_START after the runner checked it. */
  private void deleteAccount(String ns) {
    try {
      new io.kubernetes.client.openapi.apis.CoreV1Api(cp.admin())
          .deleteNamespacedServiceAccount("does-not-exist", ns)
          .execute();
    } catch (io.kubernetes.client.openapi.ApiException e) {
      if (e.getCode() != 404) {
        throw new IllegalStateException(e);
      }
    }
  }

  private Neo4jRestore read(String ns, String name) throws Exception {
    return new TargetFixtures(cp.admin()).read(ns, name);
  }

  private static String path(JsonNode manifest, String ns) {
    return switch (manifest.path("kind").asText()) {
      case "ServiceAccount" -> "/api/v1/namespaces/" + ns + "/serviceaccounts";
      case "Role" -> "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/roles";
      case "RoleBinding" -> "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/rolebindings";
      default -> throw new IllegalArgumentException("unexpected manifest " + manifest.path("kind"));
    };
  }
}

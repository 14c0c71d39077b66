package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.RestorePlan;
import io.neo4jrestore.runner.RunCommand;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Plan mode (docs/plan.md) against the real API server: the runner of a plan-only resource writes
 * {@code status.plan} and changes nothing (same StatefulSet, target annotations, Jobs, Leases,
 * ServiceAccounts; only reads on Neo4j); every refusal the runner makes before its first change
 * shows in the plan; a restore pinned to its plan runs to {@code Completed}, or ends {@code
 * PlanOutdated} without touching the target when the world changed.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanIT {
  private ControlPlane cp;
  private FakeKubelet kubelet;
  private TargetFixtures fixtures;
  private RawApi raw;

  @BeforeAll
  void setUp(ControlPlane controlPlane, FakeKubelet fakeKubelet) {
    LenientJson.install();
    cp = controlPlane;
    kubelet = fakeKubelet;
    fixtures = new TargetFixtures(cp.admin());
    raw = new RawApi(cp.admin());
  }

  private static final String S3 =
      "{type: s3, storage: {type: s3, bucket: b, cloud: {provider: aws, credentialsSecretRef:"
          + " aws-creds}}, backupPath: /orders.backup}";

  /**
   * An offline restore of {@code orders} into {@code prod}, as a plan unless {@code plan} is false.
   */
  private void restore(String ns, String name, String target, String source, String more)
      throws Exception {
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata:
          name: %s
          annotations: {%s: "true"}
        spec:
          targetCluster: %s
          databaseName: orders
          source: %s
          stopCluster: true
        %s"""
            .formatted(name, Annotations.PLAN_ONLY, target, source, more));
  }

  private String world(FakeDatabase database) throws Exception {
    String ns = cp.createNamespace("plan");
    kubelet.autoCompleteJobs(true);
    fixtures.cluster(ns, "prod", "2025.04.0-enterprise", 3);
    fixtures.secret(
        ns,
        "aws-creds",
        Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "never-in-status"));
    return ns;
  }

  private RunnerExit run(String ns, String name, FakeDatabase database, ByteArrayOutputStream out) {
    return new RunCommand(
            TestWiring.with(database), new PrintStream(out, true, StandardCharsets.UTF_8))
        .target(ns, name)
        .run(cp.admin());
  }

  /** What a restore could change on the target and around it. */
  private record Snapshot(
      Map<String, Integer> replicas,
      Map<String, String> annotations,
      List<String> jobs,
      List<String> leases,
      List<String> serviceAccounts) {}

  private Snapshot snapshot(String ns) throws Exception {
    Map<String, Integer> replicas = new HashMap<>();
    for (var sts : new AppsV1Api(cp.admin()).listNamespacedStatefulSet(ns).execute().getItems()) {
      replicas.put(
          sts.getMetadata().getName() + "@" + sts.getMetadata().getGeneration(),
          sts.getSpec().getReplicas());
    }
    Map<String, String> annotations = new HashMap<>();
    for (String plural : List.of(RestoreApi.CLUSTER_PLURAL, RestoreApi.STANDALONE_PLURAL)) {
      JsonNode list =
          listed("/apis/" + RestoreApi.API_VERSION + "/namespaces/" + ns + "/" + plural);
      for (JsonNode item : list.path("items")) {
        annotations.put(
            plural + "/" + item.at("/metadata/name").asText(),
            item.at("/metadata/annotations").toString());
      }
    }
    List<String> jobs =
        new BatchV1Api(cp.admin())
            .listNamespacedJob(ns).execute().getItems().stream()
                .map(j -> j.getMetadata().getName())
                .sorted()
                .toList();
    List<String> leases = new ArrayList<>();
    raw.get("/apis/coordination.k8s.io/v1/namespaces/" + ns + "/leases")
        .path("items")
        .forEach(l -> leases.add(l.at("/metadata/name").asText()));
    List<String> accounts =
        new CoreV1Api(cp.admin())
            .listNamespacedServiceAccount(ns).execute().getItems().stream()
                .map(a -> a.getMetadata().getName())
                .sorted()
                .toList();
    return new Snapshot(replicas, annotations, jobs, leases, accounts);
  }

  /** A list; a CRD's storage that is still initializing (HTTP 429) is asked again. */
  private JsonNode listed(String path) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return raw.get(path);
      } catch (io.kubernetes.client.openapi.ApiException e) {
        if (e.getCode() != 429 || attempt >= 30) {
          throw e;
        }
        Thread.sleep(1000);
      }
    }
  }

  /** Plans {@code name}: the runner exits 0, the phase stays Pending, nothing changed. */
  private RestorePlan plan(String ns, String name, FakeDatabase database) throws Exception {
    Snapshot before = snapshot(ns);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.SUCCEEDED, run(ns, name, database, out), out.toString());
    Neo4jRestore r = fixtures.read(ns, name);
    assertEquals(Phases.PENDING, r.status().phase(), r.status().message());
    assertNull(r.status().steps(), "a plan runs no step");
    assertNull(r.status().attempt(), "a plan claims nothing");
    assertNull(r.status().resolvedSource(), "a plan pins nothing for the restore");
    assertEquals(before, snapshot(ns), "a plan changes nothing\n" + out);
    assertTrue(
        database.calls.stream().allMatch(c -> c.startsWith("exists ")),
        "only reads on Neo4j: " + database.calls);
    assertTrue(
        !r.status().toString().contains("never-in-status")
            && !out.toString().contains("never-in-status"),
        "credentials never in status or log");
    assertNotNull(r.status().plan(), r.status().message());
    assertEquals(1L, r.status().plan().generation());
    return r.status().plan();
  }

  @Test
  void a_plan_of_a_valid_restore_would_start_and_lists_every_step_in_order() throws Exception {
    FakeDatabase database = new FakeDatabase().withDatabase("orders");
    String ns = world(database);
    restore(ns, "nightly", "prod", S3, "  force: true\n");
    RestorePlan plan = plan(ns, "nightly", database);

    assertEquals(Boolean.TRUE, plan.wouldStart(), String.valueOf(plan.refusals()));
    assertNull(plan.refusals());
    assertEquals(
        List.of(
            Steps.RESOLVE_TARGET,
            Steps.LOCK_TARGET,
            Steps.CLAIM,
            Steps.RESOLVE_SOURCE,
            Steps.VERIFY_BACKUP,
            Steps.PRE_RESTORE_HOOKS,
            Steps.PREPARE_DATABASE,
            Steps.STOP_CLUSTER,
            Steps.RESTORE,
            Steps.START_CLUSTER,
            Steps.BRING_UP_DATABASE,
            Steps.POST_RESTORE_HOOKS,
            Steps.FINISH),
        plan.steps().stream().map(RestorePlan.PlanStep::name).toList());
    Map<String, String> action = new HashMap<>();
    plan.steps().forEach(s -> action.put(s.name(), s.action()));
    assertTrue(
        action.get(Steps.STOP_CLUSTER).startsWith("scale prod-server 3 -> 0"), action.toString());
    assertTrue(
        action.get(Steps.PREPARE_DATABASE).contains("STOP DATABASE orders WAIT"),
        action.toString());
    String job = action.get(Steps.RESTORE);
    assertTrue(job.contains("with image neo4j:2025.04.0-enterprise"), job);
    assertTrue(job.contains("--from-path="), job);
    assertTrue(job.contains("--overwrite-destination=true"), "orders exists, force: " + job);
    assertTrue(
        action.get(Steps.BRING_UP_DATABASE).contains("seeded from the server of pod prod-server-0"),
        action.toString());
    assertTrue(action.get(Steps.VERIFY_BACKUP).startsWith("skipped"), action.toString());
    assertTrue(
        action.get(Steps.RESOLVE_TARGET).contains("operator line neo4j.neo4j.com/v1alpha1"),
        action.toString());
    assertTrue(action.get(Steps.RESOLVE_TARGET).contains("whenScaled: Retain"), action.toString());
    assertTrue(
        plan.downtime().contains("is down from StopCluster until StartCluster"), plan.downtime());
    assertEquals("3", plan.facts().get("statefulSet.replicas"));
    assertEquals("neo4j:2025.04.0-enterprise", plan.facts().get("target.image"));
    assertEquals(64, plan.digest().length());
    assertEquals("prod-server", plan.target().statefulSet());
    assertNotNull(plan.source().location());

    Neo4jRestore r = fixtures.read(ns, "nightly");
    assertEquals(Conditions.TRUE, r.status().condition(Conditions.PLANNED).status());
    assertEquals(Reasons.WOULD_START, r.status().condition(Conditions.PLANNED).reason());
  }

  /** One pre-change refusal of the runner: how to provoke it, and the reason the plan must show. */
  private record Refusal(String reason, Setup setup, String target, String source, String more) {}

  @FunctionalInterface
  private interface Setup {
    void in(String ns) throws Exception;
  }

  private static final Setup NOTHING = ns -> {};

  private List<Refusal> refusals() {
    return List.of(
        new Refusal(
            Reasons.INVALID_SPEC,
            NOTHING,
            "prod",
            S3,
            "  force: true\n  options: {additionalArgs: [--check-consistency]}\n"),
        new Refusal(Reasons.TARGET_NOT_FOUND, NOTHING, "nowhere", S3, "  force: true\n"),
        new Refusal(
            Reasons.TARGET_AMBIGUOUS,
            ns -> {
              fixtures.cluster(ns, "twin", "2025.04.0-enterprise", 2);
              fixtures.standalone(ns, "twin", "2025.04.0-enterprise");
            },
            "twin",
            S3,
            "  force: true\n"),
        new Refusal(
            Reasons.UNSUPPORTED_VERSION,
            ns -> fixtures.cluster(ns, "old", "5.20.0-enterprise", 2),
            "old",
            S3,
            "  force: true\n"),
        new Refusal(
            Reasons.UNSAFE_SCALE_DOWN,
            ns -> fixtures.cluster(ns, "deleting", "2025.04.0-enterprise", 2, "Delete"),
            "deleting",
            S3,
            "  force: true\n"),
        new Refusal(
            Reasons.SOURCE_NOT_FOUND,
            NOTHING,
            "prod",
            "{type: backup, backupRef: missing}",
            "  force: true\n"),
        new Refusal(
            Reasons.CREDENTIALS_MISSING,
            NOTHING,
            "prod",
            "{type: s3, storage: {type: s3, bucket: b, cloud: {provider: aws,"
                + " credentialsSecretRef: nope}}, backupPath: /orders.backup}",
            "  force: true\n"),
        new Refusal(Reasons.DATABASE_EXISTS, NOTHING, "prod", S3, ""),
        new Refusal(
            Reasons.CLAIMED_BY_OPERATOR,
            ns -> fixtures.operatorRestoreJob(ns, "claimed-restore"),
            "prod",
            S3,
            "  force: true\n"));
  }

  @TestFactory
  Stream<DynamicTest>
      every_refusal_before_the_first_change_shows_in_the_plan_and_nothing_changes() {
    return refusals().stream()
        .map(c -> DynamicTest.dynamicTest(c.reason(), () -> refusedInPlan(c)));
  }

  private void refusedInPlan(Refusal c) throws Exception {
    FakeDatabase database = new FakeDatabase().withDatabase("orders");
    String ns = world(database);
    c.setup().in(ns);
    String name = Reasons.CLAIMED_BY_OPERATOR.equals(c.reason()) ? "claimed" : "refused";
    restore(ns, name, c.target(), c.source(), c.more());
    RestorePlan plan = plan(ns, name, database);
    assertEquals(Boolean.FALSE, plan.wouldStart());
    List<String> reasons = plan.refusals().stream().map(RestorePlan.PlanRefusal::reason).toList();
    assertTrue(reasons.contains(c.reason()), c.reason() + " in " + plan.refusals());
    Neo4jRestore r = fixtures.read(ns, name);
    assertEquals(Conditions.FALSE, r.status().condition(Conditions.PLANNED).status());
    assertEquals(Reasons.WOULD_REFUSE, r.status().condition(Conditions.PLANNED).reason());
    assertTrue(r.status().message().contains(c.reason()), r.status().message());
  }

  @Test
  void a_plan_of_a_target_of_the_operator_rewrite_shows_unsupported_operator() throws Exception {
    // a target that is none of the supported kinds, where the rewrite's kind is served
    OperatorRewrite.served(
        cp,
        () ->
            refusedInPlan(
                new Refusal(
                    Reasons.UNSUPPORTED_OPERATOR, NOTHING, "rewritten", S3, "  force: true\n")));
  }

  @Test
  void a_requested_verification_runs_its_verify_job_only_and_its_refusal_shows_in_the_plan()
      throws Exception {
    FakeDatabase database = new FakeDatabase().withDatabase("orders");
    String ns = world(database);
    fixtures.pvc(ns, "backup-pvc");
    restore(
        ns,
        "verified",
        "prod",
        "{type: storage, storage: {type: pvc, pvc: {name: backup-pvc}}, backupPath:"
            + " orders-2025-01-04T12-00-03.backup}",
        "  force: true\n  options: {verifyBackup: true}\n");
    Neo4jRestore created = fixtures.read(ns, "verified");
    String verify =
        io.neo4jrestore.api.ResourceNames.job(
            "verified", created.metadata().uid(), 1, null, io.neo4jrestore.api.JobRole.VERIFY);
    kubelet.finishJob(
        ns, verify, 1, "org.neo4j.cli.CommandFailedException: Unsupported store format version\n");
    Snapshot before = snapshot(ns);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.SUCCEEDED, run(ns, "verified", database, out), out.toString());

    RestorePlan plan = fixtures.read(ns, "verified").status().plan();
    assertEquals(Boolean.FALSE, plan.wouldStart());
    RestorePlan.PlanRefusal refusal = plan.refusals().get(0);
    assertEquals(Reasons.VERIFICATION_FAILED, refusal.reason(), plan.refusals().toString());
    assertTrue(refusal.message().contains("Unsupported store format version"), refusal.message());
    Snapshot after = snapshot(ns);
    List<String> jobs = new ArrayList<>(before.jobs());
    jobs.add(verify);
    assertEquals(jobs.stream().sorted().toList(), after.jobs(), "only the verify Job");
    assertEquals(before.replicas(), after.replicas());
    assertEquals(before.annotations(), after.annotations());
    assertEquals(before.leases(), after.leases());
    List<String> accounts = new ArrayList<>(before.serviceAccounts());
    if (!accounts.contains("neo4j-restore-workload")) {
      accounts.add("neo4j-restore-workload"); // the verify Job runs as it, as in the restore
    }
    assertEquals(accounts.stream().sorted().toList(), after.serviceAccounts());
    assertTrue(
        database.calls.stream().allMatch(c -> c.startsWith("exists ")), database.calls.toString());
  }

  @Test
  void a_target_locked_by_another_restore_is_a_warning_not_a_refusal() throws Exception {
    FakeDatabase database = new FakeDatabase().withDatabase("orders");
    String ns = world(database);
    raw.post(
        "/apis/coordination.k8s.io/v1/namespaces/" + ns + "/leases",
        Map.of(
            "metadata",
            Map.of("name", "neo4j-restore-cluster-prod"),
            "spec",
            Map.of("holderIdentity", "other/uid-1/other-run-pod", "leaseDurationSeconds", 60)),
        Map.of());
    restore(ns, "nightly", "prod", S3, "  force: true\n");
    RestorePlan plan = plan(ns, "nightly", database);
    assertEquals(Boolean.TRUE, plan.wouldStart(), String.valueOf(plan.refusals()));
    assertTrue(
        plan.warnings().stream().anyMatch(w -> w.contains("is held by other/uid-1/other-run-pod")),
        String.valueOf(plan.warnings()));
  }

  @Test
  void a_plan_made_with_an_identity_without_the_runner_role_shows_the_missing_permissions()
      throws Exception {
    FakeDatabase database = new FakeDatabase().withDatabase("orders");
    String ns = world(database);
    restore(ns, "nightly", "prod", S3, "  force: true\n");
    // the runner's identity, with only what a plan reads itself: no Jobs, no Leases, no scale
    fixtures.serviceAccount(ns, "weak", Map.of());
    raw.post(
        "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/roles",
        Map.of(
            "metadata",
            Map.of("name", "weak"),
            "rules",
            List.of(
                Map.of(
                    "apiGroups", List.of("*"),
                    "resources", List.of("*"),
                    "verbs", List.of("get", "list", "watch")),
                Map.of(
                    "apiGroups", List.of("neo4j.neo4j.com"),
                    "resources", List.of("neo4jrestores/status"),
                    "verbs", List.of("patch")),
                Map.of(
                    "apiGroups", List.of("batch"),
                    "resources", List.of("jobs"),
                    "verbs", List.of("create")))),
        Map.of());
    raw.post(
        "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/rolebindings",
        Map.of(
            "metadata", Map.of("name", "weak"),
            "roleRef",
                Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", "weak"),
            "subjects", List.of(Map.of("kind", "ServiceAccount", "name", "weak", "namespace", ns))),
        Map.of());
    Snapshot before = snapshot(ns);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RunnerExit exit =
        new RunCommand(
                TestWiring.with(database), new PrintStream(out, true, StandardCharsets.UTF_8))
            .target(ns, "nightly")
            .run(ControlPlane.client(cp.kubeconfigForServiceAccount(ns, "weak")));
    assertEquals(RunnerExit.SUCCEEDED, exit, out.toString());
    assertEquals(before, snapshot(ns));
    RestorePlan plan = fixtures.read(ns, "nightly").status().plan();
    assertEquals(Boolean.FALSE, plan.wouldStart());
    String missing =
        plan.refusals().stream()
            .filter(f -> Reasons.PERMISSION_MISSING.equals(f.reason()))
            .findFirst()
            .orElseThrow(() -> new AssertionError(String.valueOf(plan.refusals())))
            .message();
    assertTrue(missing.contains("patch apps/statefulsets/scale"), missing);
    assertTrue(missing.contains("create coordination.k8s.io/leases"), missing);
    assertTrue(!missing.contains("create batch/jobs"), missing);
  }

  /** What {@code create --from-plan} does to the resource: the plan becomes the restore. */
  private void fromPlan(String ns, String name, String digest) throws Exception {
    var patch = io.neo4jrestore.api.json.ApiMapper.json().createObjectNode();
    var annotations = patch.putObject("metadata").putObject("annotations");
    annotations.putNull(Annotations.PLAN_ONLY);
    annotations.put(Annotations.FROM_PLAN, digest);
    raw.mergePatch(RestoreApi.path(ns, name), patch);
    assertNull(fixtures.read(ns, name).metadata().annotation(Annotations.PLAN_ONLY));
  }

  @Test
  void a_restore_created_from_its_plan_runs_to_completed_when_nothing_changed() throws Exception {
    FakeDatabase database = new FakeDatabase().withDatabase("orders");
    String ns = world(database);
    restore(ns, "nightly", "prod", S3, "  force: true\n");
    RestorePlan plan = plan(ns, "nightly", database);
    fromPlan(ns, "nightly", plan.digest());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.SUCCEEDED, run(ns, "nightly", database, out), out.toString());
    Neo4jRestore r = fixtures.read(ns, "nightly");
    assertEquals(Phases.COMPLETED, r.status().phase(), r.status().message());
    assertEquals(plan.digest(), r.status().plan().digest(), "the reviewed plan stays in status");
  }

  /** A reviewed plan, then {@code change} to the world, then the restore created from it. */
  private Neo4jRestore outdatedAfter(Setup change) throws Exception {
    FakeDatabase database = new FakeDatabase().withDatabase("orders");
    String ns = world(database);
    restore(ns, "nightly", "prod", S3, "  force: true\n");
    RestorePlan plan = plan(ns, "nightly", database);
    change.in(ns);
    fromPlan(ns, "nightly", plan.digest());
    return outdated(ns, database);
  }

  @Test
  void a_restore_from_a_plan_ends_plan_outdated_when_the_replicas_changed() throws Exception {
    Neo4jRestore r =
        outdatedAfter(
            ns ->
                raw.mergePatch(
                    "/apis/apps/v1/namespaces/" + ns + "/statefulsets/prod-server",
                    Map.of("spec", Map.of("replicas", 2))));
    assertTrue(
        r.status().message().contains("statefulSet.replicas: 3 at the plan, 2 now"),
        r.status().message());
  }

  @Test
  void a_restore_from_a_plan_ends_plan_outdated_when_the_target_image_changed() throws Exception {
    Neo4jRestore r =
        outdatedAfter(
            ns ->
                raw.mergePatch(
                    "/apis/"
                        + RestoreApi.API_VERSION
                        + "/namespaces/"
                        + ns
                        + "/"
                        + RestoreApi.CLUSTER_PLURAL
                        + "/prod",
                    Map.of("spec", Map.of("image", Map.of("tag", "2025.05.0-enterprise")))));
    assertTrue(
        r.status()
            .message()
            .contains(
                "target.image: neo4j:2025.04.0-enterprise at the plan, neo4j:2025.05.0-enterprise now"),
        r.status().message());
  }

  /** The pinned restore ends PlanOutdated and the target is as the change left it. */
  private Neo4jRestore outdated(String ns, FakeDatabase database) throws Exception {
    Snapshot before = snapshot(ns);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.FAILED, run(ns, "nightly", database, out), out.toString());
    Neo4jRestore r = fixtures.read(ns, "nightly");
    assertEquals(Phases.FAILED, r.status().phase());
    assertEquals(Reasons.PLAN_OUTDATED, r.status().condition(Conditions.READY).reason());
    Snapshot after = snapshot(ns);
    assertEquals(before.replicas(), after.replicas(), "the target was not scaled");
    assertEquals(before.annotations(), after.annotations(), "the target was not annotated");
    assertEquals(before.jobs(), after.jobs(), "no Job was created");
    assertTrue(
        database.calls.stream().allMatch(c -> c.startsWith("exists ")),
        "no database was stopped: " + database.calls);
    return r;
  }
}

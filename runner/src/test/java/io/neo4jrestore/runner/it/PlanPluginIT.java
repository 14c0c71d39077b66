package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl neo4j-restore plan} and {@code create --from-plan} end to end: the real plugin
 * (plugin/target) creates the plan and starts its runner Job; the fake kubelet runs the runner Job
 * as a process with its pod's token (the shipped runner Role, so the plan's permission check is
 * real), the Neo4j side simulated ({@link SimulatedNeo4jRunner}); the plugin prints the plan and
 * exits 0 or 5; {@code create --from-plan --wait} runs the reviewed restore to Completed.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanPluginIT {
  private ControlPlane cp;
  private FakeKubelet kubelet;
  private TargetFixtures fixtures;
  private String ns;

  @BeforeAll
  void setUp(ControlPlane controlPlane, FakeKubelet fakeKubelet) throws Exception {
    ReadmeScripts.assumePluginBuilt();
    LenientJson.install();
    cp = controlPlane;
    kubelet = fakeKubelet;
    fixtures = new TargetFixtures(cp.admin());
    kubelet.autoCompleteJobs(true);
    kubelet.runnerLauncher(SimulatedNeo4jRunner.launcher("orders"));
    ns = cp.createNamespace("planplugin");
    fixtures.runnerRbac(ns);
    fixtures.cluster(ns, "prod", "2025.04.0-enterprise", 3);
    fixtures.cluster(ns, "deleting", "2025.04.0-enterprise", 2, "Delete");
    fixtures.secret(
        ns, "s3-creds", Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "s"));
  }

  @AfterAll
  void noMoreRunnerProcesses() {
    if (kubelet != null) {
      kubelet.runnerLauncher(null);
    }
  }

  private record Result(int exit, String out, String err) {}

  private Result kubectl(Path dir, String... args) throws Exception {
    Path plugin = ControlPlaneExtension.repoRoot().resolve("plugin/target/kubectl-neo4j_restore");
    List<String> command = new ArrayList<>(List.of(plugin.toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("-n", ns));
    File out = dir.resolve("out-" + System.nanoTime()).toFile();
    File err = dir.resolve("err-" + System.nanoTime()).toFile();
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
    pb.environment().put("KUBECONFIG", cp.adminKubeconfig().toString());
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the plugin did not end: " + command);
    return new Result(
        p.exitValue(),
        Files.readString(out.toPath(), StandardCharsets.UTF_8),
        Files.readString(err.toPath(), StandardCharsets.UTF_8));
  }

  private static final String[] S3 = {
    "--database",
    "orders",
    "--source-type",
    "s3",
    "--bucket",
    "b",
    "--backup-path",
    "/orders.backup",
    "--credentials-secret",
    "s3-creds",
    "--stop-cluster",
    "--force"
  };

  private static String[] args(String... first) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(S3));
    return all.toArray(String[]::new);
  }

  private Integer replicas(String sts) throws Exception {
    return new AppsV1Api(cp.admin())
        .readNamespacedStatefulSet(sts, ns)
        .execute()
        .getSpec()
        .getReplicas();
  }

  @Test
  void plan_then_create_from_plan_restores_what_was_reviewed(@TempDir Path dir) throws Exception {
    Result plan = kubectl(dir, args("plan", "nightly", "--target", "prod"));
    assertEquals(0, plan.exit(), plan.toString());
    assertTrue(plan.out().contains("Plan for neo4jrestore " + ns + "/nightly"), plan.out());
    assertTrue(plan.out().contains("scale prod-server 3 -> 0"), plan.out());
    assertTrue(plan.out().contains("with image neo4j:2025.04.0-enterprise"), plan.out());
    assertTrue(plan.out().contains("The restore would start."), plan.out());
    assertTrue(
        !plan.out().contains("may not"), "the shipped Role grants every call: " + plan.out());
    assertEquals(3, replicas("prod-server"), "a plan scales nothing");
    Neo4jRestore planned = fixtures.read(ns, "nightly");
    assertEquals(Phases.PENDING, planned.status().phase());
    System.out.println("--- kubectl neo4j-restore plan (sample for docs/plan.md)\n" + plan.out());

    Result json = kubectl(dir, "get", "nightly", "-o", "json");
    JsonNode stored = ApiMapper.json().readTree(json.out());
    assertEquals("true", stored.at("/metadata/annotations").path(Annotations.PLAN_ONLY).asText());

    Result run = kubectl(dir, "create", "--from-plan", "nightly", "--wait-timeout", "4m");
    assertEquals(0, run.exit(), run.toString());
    Neo4jRestore done = fixtures.read(ns, "nightly");
    assertEquals(Phases.COMPLETED, done.status().phase(), done.status().message());
    assertEquals(
        planned.status().plan().digest(), done.metadata().annotation(Annotations.FROM_PLAN));
    assertEquals(3, replicas("prod-server"), "scaled back up");
    long runnerJobs =
        new BatchV1Api(cp.admin())
            .listNamespacedJob(ns).execute().getItems().stream()
                .filter(j -> j.getMetadata().getName().startsWith("nightly-run-"))
                .count();
    assertEquals(2, runnerJobs, "the plan's runner Job and the restore's");
  }

  @Test
  void a_plan_that_would_be_refused_exits_5_with_the_reason_and_changes_nothing(@TempDir Path dir)
      throws Exception {
    Result plan = kubectl(dir, args("plan", "unsafe", "--target", "deleting"));
    assertEquals(5, plan.exit(), plan.toString());
    assertTrue(plan.out().contains("WOULD BE REFUSED"), plan.out());
    assertTrue(
        plan.out().contains("UnsafeScaleDown: StatefulSet " + ns + "/deleting-server"), plan.out());
    assertTrue(plan.err().contains("would be refused: UnsafeScaleDown"), plan.err());
    assertEquals(2, replicas("deleting-server"));

    Result run = kubectl(dir, "create", "--from-plan", "unsafe");
    assertEquals(5, run.exit(), run.toString());
    assertTrue(run.err().contains("would be refused (UnsafeScaleDown)"), run.err());
  }
}

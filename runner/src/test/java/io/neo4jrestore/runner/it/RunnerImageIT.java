package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.RunnerJobs;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import io.neo4jrestore.testenv.Wait;
import io.neo4jrestore.testenv.neo4j.BoltStandIn;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runner IMAGE, run by podman as a runner pod would run: the Job manifest the plugin and the
 * dispatcher send ({@link RunnerJobs}) with this build's image, its container started from the
 * pod's spec (user 65532, read-only root, /tmp emptyDir, no capabilities), configured only the
 * in-cluster way (ServiceAccount volume + KUBERNETES_SERVICE_HOST/PORT, no kubeconfig), talking to
 * the real API server and, over Bolt with the admin Secret's credentials, to the target's Service
 * name. The Bolt side is {@link BoltStandIn} (no Neo4j Enterprise runs here); the fake kubelet
 * plays the nodes for the restore Job.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunnerImageIT {
  private static final String ADMIN_PASSWORD = "not-a-real-password";

  private RunnerImage image;
  private ControlPlane cp;
  private FakeKubelet kubelet;
  private BoltStandIn neo4j;
  private RunnerImage.Launcher launcher;

  @BeforeAll
  void setUp(ControlPlane controlPlane, FakeKubelet fakeKubelet) throws Exception {
    LenientJson.install();
    image = RunnerImage.build();
    cp = controlPlane;
    kubelet = fakeKubelet;
    neo4j = BoltStandIn.start("neo4j", ADMIN_PASSWORD, "5.26.12");
  }

  @AfterAll
  void tearDown() throws Exception {
    if (kubelet != null) { // the kubelet is shared by every IT of this JVM
      kubelet.runnerLauncher(null);
      kubelet.autoCompleteJobs(false);
    }
    if (launcher != null) {
      launcher.removeContainers();
    }
    if (neo4j != null) {
      neo4j.close();
    }
  }

  @Test
  void the_image_is_the_one_this_build_puts_into_runner_jobs_and_needs_no_shell() throws Exception {
    Properties build = new Properties();
    try (InputStream in =
        Files.newInputStream(
            java.nio.file.Path.of(
                "target", "classes", "io", "neo4jrestore", "runner", "build.properties"))) {
      build.load(in);
    }
    assertEquals(build.getProperty("runnerImage"), image.name());
    assertTrue(image.name().endsWith(":" + build.getProperty("version")), image.name());

    String config =
        RunnerImage.run(
            "image",
            "inspect",
            "--format",
            "{{.Config.User}}|{{json .Config.Entrypoint}}|{{.Digest}}",
            image.name());
    String[] parts = config.split("\\|");
    assertEquals(RunnerJobs.RUN_AS_USER + ":" + RunnerJobs.RUN_AS_USER, parts[0]);
    assertTrue(
        parts[1].startsWith("[\"/opt/neo4j-restore/runtime/bin/java\""),
        "exec-form entrypoint, no shell: " + parts[1]);
    assertEquals(image.digest(), parts[2]);

    // what the entrypoint says with no arguments, as the non-root user on a read-only root
    String usage = RunnerImage.run("run", "--rm", "--network", "none", "--read-only", image.name());
    assertTrue(usage.contains("run") && usage.contains("dispatch"), usage);
  }

  @Test
  void a_runner_job_of_the_image_restores_into_a_standalone_to_completed() throws Exception {
    String ns = cp.createNamespace("image");
    TargetFixtures fixtures = new TargetFixtures(cp.admin());
    fixtures.runnerRbac(ns);
    fixtures.standalone(ns, "graph", "5.26.12-enterprise");
    fixtures.secret(
        ns,
        "aws-creds",
        Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "never-logged"));
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: from-image}
        spec:
          targetCluster: graph
          databaseName: movies
          source:
            type: s3
            storage: {type: s3, bucket: backups, path: graph/, cloud: {provider: aws, credentialsSecretRef: aws-creds}}
            backupPath: movies-2025-01-20T02-00-00.backup
        """);
    kubelet.autoCompleteJobs(true);
    launcher =
        RunnerImage.launcher(kubelet, Map.of("graph-service." + ns + ".svc", neo4j.address()));
    kubelet.runnerLauncher(launcher);

    RawApi raw = new RawApi(cp.admin());
    Neo4jRestore created = fixtures.read(ns, "from-image");
    RunnerJobs.Request request =
        new RunnerJobs.Request(
            ns,
            "from-image",
            created.metadata().uid(),
            created.metadata().generation(),
            null,
            image.name());
    raw.post("/apis/batch/v1/namespaces/" + ns + "/jobs", RunnerJobs.job(request), Map.of());

    Wait.until(
        "Neo4jRestore " + ns + "/from-image to end",
        Duration.ofMinutes(4),
        () -> {
          var status = fixtures.read(ns, "from-image").status();
          return status != null
              && (Phases.COMPLETED.equals(status.phase()) || Phases.FAILED.equals(status.phase()));
        });
    Neo4jRestore done = fixtures.read(ns, "from-image");
    String runnerLog = runnerLog(ns, RunnerJobs.name(request));
    assertEquals(
        Phases.COMPLETED,
        done.status().phase(),
        done.status().message() + "\nrunner log:\n" + runnerLog);

    // the runner spoke Bolt to the target's Service with the admin Secret's credentials
    List<String> statements = neo4j.statements();
    assertTrue(neo4j.logins().contains("neo4j"), neo4j.logins().toString());
    assertTrue(
        statements.stream().anyMatch(s -> s.startsWith("SHOW DATABASE $name YIELD *")),
        statements.toString());
    assertTrue(
        statements.stream()
            .anyMatch(s -> s.startsWith("CREATE DATABASE $name WAIT") && s.contains("movies")),
        statements.toString());
    // its pod is recorded in the attempt, and the Job completed with the container's exit code 0
    assertTrue(
        done.status().attempt().runnerPod().startsWith(RunnerJobs.name(request)),
        done.status().attempt().toString());
    Wait.until(
        "runner Job Complete",
        Duration.ofSeconds(60),
        () -> {
          V1Job job =
              new BatchV1Api(cp.admin()).readNamespacedJob(RunnerJobs.name(request), ns).execute();
          return job.getStatus() != null
              && job.getStatus().getConditions() != null
              && job.getStatus().getConditions().stream()
                  .anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
        });
    assertFalse(runnerLog.contains("never-logged") || runnerLog.contains(ADMIN_PASSWORD));
  }

  private String runnerLog(String ns, String job) throws Exception {
    StringBuilder log = new StringBuilder();
    for (V1Pod pod :
        new CoreV1Api(cp.admin())
            .listNamespacedPod(ns)
            .labelSelector("job-name=" + job)
            .execute()
            .getItems()) {
      var file = kubelet.podLog(ns, pod.getMetadata().getName());
      if (Files.exists(file)) {
        log.append(Files.readString(file));
      }
    }
    return log.toString();
  }
}

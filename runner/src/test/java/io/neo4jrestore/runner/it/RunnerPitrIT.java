package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.RunnerJobs;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.model.RestorePlan;
import io.neo4jrestore.runner.RunCommand;
import io.neo4jrestore.runner.job.InspectTable;
import io.neo4jrestore.runner.kube.KubeRestoreStore;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code source.type: pitr} against the real API server: the inspect Job (with its stage init
 * container) is finished by the fake kubelet with {@code backup inspect} output, the chain is
 * pinned, bounds are checked before anything changes, and the restore Job stages the chain.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunnerPitrIT {
  private static final String RUNNER_IMAGE = "registry.example/neo4j-restore-runner:it";
  private static final String KEY = "c2VjcmV0LWtleS1uZXZlci1sb2dnZWQtMzItYnl0ZXM=";

  private ControlPlane cp;
  private FakeKubelet kubelet;
  private TargetFixtures fixtures;
  private FakeDatabase database;
  private String ns;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeAll
  void setUp(ControlPlane controlPlane, FakeKubelet fakeKubelet) {
    LenientJson.install();
    cp = controlPlane;
    kubelet = fakeKubelet;
    fixtures = new TargetFixtures(cp.admin());
  }

  /** A standalone, a base backup and a log volume, the key Secret, and the runner's own pod. */
  @BeforeEach
  void target() throws Exception {
    ns = cp.createNamespace("pitr");
    database = new FakeDatabase();
    kubelet.autoCompleteJobs(true);
    fixtures.standalone(ns, "dev", "5.26.12-enterprise");
    fixtures.backup(ns, "daily", Map.of("type", "pvc", "pvc", Map.of("name", "backups")));
    fixtures.pvc(ns, "backups");
    fixtures.pvc(ns, "txlogs");
    fixtures.secret(ns, "pitr-key", Map.of("aes", KEY));
    // the runner finds its own image on its pod (RunnerImage), as in a runner Job
    new RawApi(cp.admin())
        .post(
            "/api/v1/namespaces/" + ns + "/pods",
            Map.of(
                "apiVersion",
                "v1",
                "kind",
                "Pod",
                "metadata",
                Map.of("name", "local-" + ProcessHandle.current().pid()),
                "spec",
                Map.of(
                    "containers",
                    List.of(Map.of("name", RunnerJobs.CONTAINER, "image", RUNNER_IMAGE)))),
            Map.of());
  }

  private void restore(String name, Instant pointInTime, String rpo) throws Exception {
    restoreWithPitr(
        name,
        pointInTime,
        """
              baseBackup: {type: backup, backupRef: daily, backupPath: daily-20250104-000000}
              logStorage: {type: pvc, path: orders/, pvc: {name: txlogs}}
              recoveryPointObjective: %s
              compression: {enabled: true, algorithm: zstd, level: 3}
              encryption: {enabled: true, algorithm: AES256, keySecret: pitr-key, keySecretKey: aes}
        """
            .formatted(rpo));
  }

  private void restoreWithPitr(String name, Instant pointInTime, String pitr) throws Exception {
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: %s}
        spec:
          targetCluster: dev
          databaseName: orders
          source:
            type: pitr
            pointInTime: "%s"
            pitr:
        %s"""
            .formatted(name, pointInTime, pitr));
  }

  /** What {@code backup inspect} prints for the staged view: one full, three differentials. */
  private String inspectOutput(String folder) {
    InspectTable table = InspectTable.v5();
    entry(table, folder, name(20), false, 64, 70);
    entry(table, folder, name(50), false, 58, 63);
    entry(table, folder, name(3 * 60), false, 42, 57);
    entry(table, folder, name(5 * 60), true, 1, 41);
    return "Inspecting " + folder + "\n" + table;
  }

  /** The staged name of the artifact taken {@code minutesAgo}. */
  private String name(int minutesAgo) {
    return "orders-"
        + now.minus(Duration.ofMinutes(minutesAgo)).toString().replace(":", "-")
        + ".backup";
  }

  private static void entry(
      InspectTable table, String folder, String file, boolean full, long low, long high) {
    String time = file.substring("orders-".length(), file.length() - ".backup".length());
    String t = time.substring(0, 10) + time.substring(10, 19).replace("-", ":");
    table.row(folder + "/" + file, "orders", t, full, low, high);
  }

  private RunnerExit run(String name, ByteArrayOutputStream out) {
    return new RunCommand(
            TestWiring.with(database), new PrintStream(out, true, StandardCharsets.UTF_8))
        .target(ns, name)
        .run(cp.admin());
  }

  private Neo4jRestore read(String name) throws Exception {
    return new KubeRestoreStore(new RawApi(cp.admin()), ns, name, Clock.systemUTC(), "it")
        .read()
        .orElseThrow();
  }

  private Optional<V1Job> job(Neo4jRestore r, JobRole role) throws Exception {
    String name = ResourceNames.job(r.metadata().name(), r.metadata().uid(), 1, null, role);
    return new BatchV1Api(cp.admin())
        .listNamespacedJob(ns).execute().getItems().stream()
            .filter(j -> j.getMetadata().getName().equals(name))
            .findFirst();
  }

  private List<String> events(String name) throws Exception {
    return RestoreReads.events(cp.admin(), ns, name);
  }

  private void finishInspect(String name) throws Exception {
    finishInspect(name, "/restore-staged/view");
  }

  private void finishInspect(String name, String folder) throws Exception {
    Neo4jRestore created = read(name);
    kubelet.finishJob(
        ns,
        ResourceNames.job(name, created.metadata().uid(), 1, null, JobRole.INSPECT),
        0,
        inspectOutput(folder));
  }

  @Test
  void restores_the_chain_reaching_the_point_in_time_through_the_stage_container()
      throws Exception {
    restore("to-an-hour-ago", now.minus(Duration.ofMinutes(60)), "5m");
    finishInspect("to-an-hour-ago");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertEquals(RunnerExit.SUCCEEDED, run("to-an-hour-ago", out), out.toString());

    Neo4jRestore r = read("to-an-hour-ago");
    assertEquals(Phases.COMPLETED, r.status().phase(), r.status().message());
    ResolvedSource pinned = r.status().resolvedSource();
    assertEquals(
        List.of(name(5 * 60), name(3 * 60), name(50)),
        pinned.artifacts().stream().map(ResolvedSource.Artifact::path).toList(),
        "the full, then the differentials up to the first one at or after the point");
    assertEquals(
        List.of(1L, 42L, 58L),
        pinned.artifacts().stream().map(ResolvedSource.Artifact::lowestTransactionId).toList());
    assertEquals("/backup/daily-20250104-000000", pinned.location());
    assertEquals("0s", r.status().recoveryPoint().gap());
    assertEquals(
        Conditions.TRUE, r.status().condition(Conditions.RECOVERY_POINT_OBJECTIVE_MET).status());
    assertTrue(
        events("to-an-hour-ago").stream()
            .anyMatch(e -> e.startsWith(Reasons.OBJECTIVE_MET + ": gap 0s")),
        events("to-an-hour-ago").toString());
    assertTrue(
        events("to-an-hour-ago").stream()
            .anyMatch(
                e ->
                    e.startsWith(
                        Reasons.CONFIGURATION_WARNING
                            + ": pitr.compression.level 3 has no effect")),
        "compression.level is accepted but has no effect on a restore: a Warning says so");
    assertTrue(
        r.status().steps().stream()
            .anyMatch(st -> st.message() != null && st.message().contains("compression.level 3")),
        "and the ResolveSource step's message too");

    V1Job inspect = job(r, JobRole.INSPECT).orElseThrow();
    V1Container inspectStage = inspect.getSpec().getTemplate().getSpec().getInitContainers().get(0);
    assertEquals(RUNNER_IMAGE, inspectStage.getImage());
    assertEquals(
        List.of(
            "stage",
            "--from=/backup/daily-20250104-000000",
            "--from=/backup-logs/orders",
            "--to=/restore-staged/view",
            "--verify-checksums",
            "--compression=zstd",
            "--encryption=AES256",
            "--key-file=/var/run/secrets/neo4j-restore/pitr-key/key"),
        inspectStage.getArgs(),
        "the inspect Job stages every artifact, then lists them");
    assertEquals(
        "/restore-staged/view",
        inspect.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand().get(3));

    V1Job restoreJob = job(r, JobRole.RESTORE).orElseThrow();
    V1Container stage = restoreJob.getSpec().getTemplate().getSpec().getInitContainers().get(0);
    assertEquals(
        List.of(
            "stage",
            "--from=/backup/daily-20250104-000000",
            "--from=/backup-logs/orders",
            "--to=/restore-staged/chain",
            "--artifact=" + name(5 * 60),
            "--artifact=" + name(3 * 60),
            "--artifact=" + name(50),
            "--verify-checksums",
            "--compression=zstd",
            "--encryption=AES256",
            "--key-file=/var/run/secrets/neo4j-restore/pitr-key/key"),
        stage.getArgs());
    List<String> command =
        restoreJob.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
    assertTrue(
        command.contains("--from-path=/restore-staged/chain/" + name(50)), command.toString());
    assertTrue(
        command.contains("--restore-until=" + pinned.restoreUntil())
            && pinned.restoreUntil() != null,
        command.toString());
    assertTrue(
        restoreJob.getSpec().getTemplate().getSpec().getVolumes().stream()
            .anyMatch(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && "txlogs".equals(v.getPersistentVolumeClaim().getClaimName())));
    String everything =
        cp.admin().getJSON().serialize(inspect)
            + cp.admin().getJSON().serialize(restoreJob)
            + ApiMapper.toJson(r.status())
            + out
            + events("to-an-hour-ago");
    assertFalse(everything.contains(KEY), "the key appears in no Job, status, event or log");
  }

  @Test
  void a_point_beyond_the_newest_log_and_the_objective_is_refused_before_anything_changes()
      throws Exception {
    restore("too-recent", now.minus(Duration.ofMinutes(5)), "1m");
    finishInspect("too-recent");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertEquals(RunnerExit.FAILED, run("too-recent", out), out.toString());

    Neo4jRestore r = read("too-recent");
    assertEquals(Phases.FAILED, r.status().phase());
    assertEquals(
        Reasons.POINT_IN_TIME_OUT_OF_RANGE, r.status().condition(Conditions.READY).reason());
    assertTrue(r.status().message().contains("15m0s after the newest log"), r.status().message());
    assertTrue(
        r.status().message().contains("beyond recoveryPointObjective 1m"), r.status().message());
    var objective = r.status().condition(Conditions.RECOVERY_POINT_OBJECTIVE_MET);
    assertEquals(Conditions.FALSE, objective.status());
    assertEquals(Reasons.OBJECTIVE_MISSED, objective.reason());
    assertEquals("15m0s", r.status().recoveryPoint().gap());
    assertTrue(
        events("too-recent").stream()
            .anyMatch(e -> e.startsWith(Reasons.OBJECTIVE_MISSED + ": gap 15m0s")),
        events("too-recent").toString());
    assertUntouched(r);
  }

  @Test
  void a_point_older_than_log_retention_is_refused_without_listing_anything() throws Exception {
    restore("too-old", now.minus(Duration.ofDays(8)), "1m");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertEquals(RunnerExit.FAILED, run("too-old", out), out.toString());

    Neo4jRestore r = read("too-old");
    assertEquals(
        Reasons.POINT_IN_TIME_OUT_OF_RANGE, r.status().condition(Conditions.READY).reason());
    assertTrue(r.status().message().contains("older than logRetention 7d"), r.status().message());
    assertTrue(job(r, JobRole.INSPECT).isEmpty(), "refused before the inspect Job");
    assertUntouched(r);
  }

  /** Marks {@code name} plan-only (docs/plan.md), as {@code kubectl neo4j-restore plan} does. */
  private void planOnly(String name) throws Exception {
    new RawApi(cp.admin())
        .mergePatch(
            RestoreApi.path(ns, name),
            Map.of("metadata", Map.of("annotations", Map.of(Annotations.PLAN_ONLY, "true"))));
  }

  /**
   * The plan of {@code name} refuses it with {@code reason}, and nothing was restored or scaled.
   */
  private RestorePlan assertPlanRefuses(String name, String reason, ByteArrayOutputStream out)
      throws Exception {
    assertEquals(RunnerExit.SUCCEEDED, run(name, out), out.toString());
    Neo4jRestore r = read(name);
    RestorePlan plan = r.status().plan();
    assertEquals(Phases.PENDING, r.status().phase(), out.toString());
    assertFalse(plan.wouldStart(), String.valueOf(plan));
    assertTrue(
        plan.refusals().stream().anyMatch(f -> reason.equals(f.reason())), String.valueOf(plan));
    assertTrue(job(r, JobRole.RESTORE).isEmpty(), "no restore Job");
    assertEquals(1, replicas(), "the StatefulSet as it was");
    return plan;
  }

  @Test
  void a_plan_shows_a_point_older_than_log_retention_refused_without_an_inspect_job()
      throws Exception {
    restore("plan-too-old", now.minus(Duration.ofDays(8)), "1m");
    planOnly("plan-too-old");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    RestorePlan plan = assertPlanRefuses("plan-too-old", Reasons.POINT_IN_TIME_OUT_OF_RANGE, out);

    assertTrue(plan.toString().contains("older than logRetention 7d"), plan.toString());
    assertTrue(job(read("plan-too-old"), JobRole.INSPECT).isEmpty(), "no inspect Job");
  }

  @Test
  void
      a_plan_selects_the_chain_without_verification_and_shows_a_point_beyond_the_newest_log_refused()
          throws Exception {
    restore("plan-too-recent", now.minus(Duration.ofMinutes(5)), "1m");
    planOnly("plan-too-recent");
    finishInspect("plan-too-recent");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    RestorePlan plan =
        assertPlanRefuses("plan-too-recent", Reasons.POINT_IN_TIME_OUT_OF_RANGE, out);

    assertTrue(plan.toString().contains("15m0s after the newest log"), plan.toString());
    assertTrue(
        job(read("plan-too-recent"), JobRole.VERIFY).isEmpty(),
        "no verify Job: options.verifyBackup is not set");
  }

  @Test
  void a_plan_pins_the_chain_reaching_the_point_as_the_restore_will() throws Exception {
    restore("plan-an-hour-ago", now.minus(Duration.ofMinutes(60)), "5m");
    planOnly("plan-an-hour-ago");
    finishInspect("plan-an-hour-ago");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertEquals(RunnerExit.SUCCEEDED, run("plan-an-hour-ago", out), out.toString());

    Neo4jRestore r = read("plan-an-hour-ago");
    RestorePlan plan = r.status().plan();
    assertEquals(Phases.PENDING, r.status().phase(), out.toString());
    assertTrue(plan.wouldStart(), String.valueOf(plan));
    assertEquals(
        List.of(name(5 * 60), name(3 * 60), name(50)),
        plan.source().artifacts().stream().map(ResolvedSource.Artifact::path).toList(),
        "the chain the restore would pin: the full, then the differentials up to the point");
    assertTrue(job(r, JobRole.RESTORE).isEmpty(), "no restore Job");
    assertTrue(job(r, JobRole.VERIFY).isEmpty(), "no verify Job");
    assertEquals(1, replicas(), "the StatefulSet as it was");
  }

  @Test
  void a_missing_key_secret_is_refused_before_anything_changes() throws Exception {
    new CoreV1Api(cp.admin()).deleteNamespacedSecret("pitr-key", ns).execute();
    restore("no-key", now.minus(Duration.ofMinutes(60)), "5m");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertEquals(RunnerExit.FAILED, run("no-key", out), out.toString());

    Neo4jRestore r = read("no-key");
    assertEquals(Reasons.CREDENTIALS_MISSING, r.status().condition(Conditions.READY).reason());
    assertTrue(
        r.status().message().contains("encryption key Secret " + ns + "/pitr-key not found"),
        r.status().message());
    assertTrue(job(r, JobRole.INSPECT).isEmpty());
    assertUntouched(r);
  }

  private static final String S3_BASE =
      "      baseBackup:\n"
          + "        type: storage\n"
          + "        storage: {type: s3, bucket: backups, path: orders,"
          + " cloud: {provider: aws, credentialsSecretRef: aws}}\n";

  @Test
  void a_cloud_chain_in_one_folder_is_read_by_neo4j_admin_without_staging() throws Exception {
    fixtures.secret(
        ns, "aws", Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "s3cr3t"));
    restoreWithPitr(
        "from-s3",
        now.minus(Duration.ofMinutes(60)),
        S3_BASE + "      recoveryPointObjective: 5m\n");
    finishInspect("from-s3", "s3://backups/orders");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertEquals(RunnerExit.SUCCEEDED, run("from-s3", out), out.toString());

    Neo4jRestore r = read("from-s3");
    assertEquals(
        List.of(
            "s3://backups/orders/" + name(5 * 60),
            "s3://backups/orders/" + name(3 * 60),
            "s3://backups/orders/" + name(50)),
        r.status().resolvedSource().artifacts().stream()
            .map(ResolvedSource.Artifact::path)
            .toList());
    V1Job inspect = job(r, JobRole.INSPECT).orElseThrow();
    assertNoInitContainer(inspect);
    assertEquals(
        List.of(
            "neo4j-admin",
            "backup",
            "inspect",
            "s3://backups/orders",
            "--format=TABULAR",
            "--show-metadata",
            "--database=orders"),
        inspect.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand());
    V1Job restoreJob = job(r, JobRole.RESTORE).orElseThrow();
    assertNoInitContainer(restoreJob);
    assertTrue(
        restoreJob
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getCommand()
            .contains("--from-path=s3://backups/orders/" + name(50)));
  }

  @Test
  void logs_in_another_s3_folder_are_staged_with_the_credentials_secret() throws Exception {
    fixtures.secret(
        ns, "aws", Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "s3cr3t"));
    restoreWithPitr(
        "split-s3",
        now.minus(Duration.ofMinutes(60)),
        S3_BASE
            + "      logStorage: {type: s3, bucket: logs, path: orders,"
            + " cloud: {provider: aws, credentialsSecretRef: aws}}\n");
    finishInspect("split-s3");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertEquals(RunnerExit.SUCCEEDED, run("split-s3", out), out.toString());

    Neo4jRestore r = read("split-s3");
    assertEquals(
        List.of(name(5 * 60), name(3 * 60), name(50)),
        r.status().resolvedSource().artifacts().stream()
            .map(ResolvedSource.Artifact::path)
            .toList());
    for (V1Container stage :
        stageContainers(r, "--from=s3://backups/orders", "--from=s3://logs/orders")) {
      assertEquals("aws", stage.getEnvFrom().get(0).getSecretRef().getName());
    }
    assertRestoreReadsTheStagedChain(r);
  }

  @Test
  void an_encrypted_azure_chain_in_another_container_is_staged_with_the_credentials_secret()
      throws Exception {
    fixtures.secret(
        ns, "azure", Map.of("AZURE_STORAGE_ACCOUNT", "backupacct", "AZURE_STORAGE_KEY", "a2V5"));
    restoreWithPitr(
        "split-azure",
        now.minus(Duration.ofMinutes(60)),
        "      baseBackup:\n"
            + "        type: storage\n"
            + "        storage: {type: azure, bucket: backups, path: orders,"
            + " cloud: {provider: azure, credentialsSecretRef: azure}}\n"
            + "      logStorage: {type: azure, bucket: logs, path: orders,"
            + " cloud: {provider: azure, credentialsSecretRef: azure}}\n"
            + "      encryption: {enabled: true, algorithm: AES256, keySecret: pitr-key,"
            + " keySecretKey: aes}\n");
    finishInspect("split-azure");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertEquals(RunnerExit.SUCCEEDED, run("split-azure", out), out.toString());

    Neo4jRestore r = read("split-azure");
    for (V1Container stage :
        stageContainers(
            r, "--from=azb://backupacct/backups/orders", "--from=azb://backupacct/logs/orders")) {
      assertEquals("azure", stage.getEnvFrom().get(0).getSecretRef().getName());
      assertTrue(stage.getArgs().contains("--encryption=AES256"), stage.getArgs().toString());
    }
    for (JobRole role : List.of(JobRole.INSPECT, JobRole.RESTORE)) {
      assertFalse(
          cp.admin().getJSON().serialize(job(r, role).orElseThrow()).contains("a2V5"),
          "the account key is only referenced, never copied into the Job");
    }
    assertRestoreReadsTheStagedChain(r);
  }

  @Test
  void logs_in_another_gcs_folder_are_staged_with_the_service_account_key() throws Exception {
    fixtures.secret(ns, "gcp", Map.of("GOOGLE_APPLICATION_CREDENTIALS_JSON", "{}"));
    restoreWithPitr(
        "split-gcs",
        now.minus(Duration.ofMinutes(60)),
        "      baseBackup:\n"
            + "        type: storage\n"
            + "        storage: {type: gcs, bucket: backups, path: orders,"
            + " cloud: {provider: gcp, credentialsSecretRef: gcp}}\n"
            + "      logStorage: {type: gcs, bucket: logs, path: orders,"
            + " cloud: {provider: gcp, credentialsSecretRef: gcp}}\n");
    finishInspect("split-gcs");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertEquals(RunnerExit.SUCCEEDED, run("split-gcs", out), out.toString());

    Neo4jRestore r = read("split-gcs");
    stageContainers(r, "--from=gs://backups/orders", "--from=gs://logs/orders");
    for (JobRole role : List.of(JobRole.INSPECT, JobRole.RESTORE)) {
      V1Job job = job(r, role).orElseThrow();
      V1Container stage = job.getSpec().getTemplate().getSpec().getInitContainers().get(0);
      assertEquals(
          "/var/run/secrets/neo4j-restore/gcp/credentials.json",
          stage.getEnv().stream()
              .filter(e -> e.getName().equals("GOOGLE_APPLICATION_CREDENTIALS"))
              .findFirst()
              .orElseThrow()
              .getValue());
      assertTrue(
          job.getSpec().getTemplate().getSpec().getVolumes().stream()
              .anyMatch(
                  v ->
                      v.getSecret() != null
                          && "gcp".equals(v.getSecret().getSecretName())
                          && "stage-gcp-credentials".equals(v.getName())),
          "the key reaches the stage container as a Secret volume");
    }
  }

  @Test
  void logs_in_another_kind_of_cloud_storage_are_refused_before_anything_changes()
      throws Exception {
    fixtures.secret(
        ns, "aws", Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "s3cr3t"));
    fixtures.secret(ns, "gcp", Map.of("GOOGLE_APPLICATION_CREDENTIALS_JSON", "{}"));
    restoreWithPitr(
        "mixed-clouds",
        now.minus(Duration.ofMinutes(60)),
        S3_BASE
            + "      logStorage: {type: gcs, bucket: logs, path: orders,"
            + " cloud: {provider: gcp, credentialsSecretRef: gcp}}\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertEquals(RunnerExit.INVALID_SPEC, run("mixed-clouds", out), out.toString());

    Neo4jRestore r = read("mixed-clouds");
    assertEquals(Reasons.INVALID_SPEC, r.status().condition(Conditions.READY).reason());
    assertTrue(
        r.status().message().contains("the base backup is in s3 but pitr.logStorage is gcs"),
        r.status().message());
    assertTrue(job(r, JobRole.INSPECT).isEmpty());
    assertUntouched(r);
  }

  /** The stage containers of the inspect and restore Jobs, each reading {@code from}. */
  private List<V1Container> stageContainers(Neo4jRestore r, String... from) throws Exception {
    List<V1Container> out = new java.util.ArrayList<>();
    for (JobRole role : List.of(JobRole.INSPECT, JobRole.RESTORE)) {
      V1Container stage =
          job(r, role).orElseThrow().getSpec().getTemplate().getSpec().getInitContainers().get(0);
      assertEquals(List.of(from), stage.getArgs().subList(1, 1 + from.length), role.toString());
      out.add(stage);
    }
    return out;
  }

  private void assertRestoreReadsTheStagedChain(Neo4jRestore r) throws Exception {
    List<String> command =
        job(r, JobRole.RESTORE)
            .orElseThrow()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getCommand();
    assertTrue(
        command.contains("--from-path=/restore-staged/chain/" + name(50)), command.toString());
  }

  private static void assertNoInitContainer(V1Job job) {
    var init = job.getSpec().getTemplate().getSpec().getInitContainers();
    assertTrue(init == null || init.isEmpty(), "no stage container: " + init);
  }

  private int replicas() throws Exception {
    return new AppsV1Api(cp.admin())
        .readNamespacedStatefulSet("dev", ns)
        .execute()
        .getSpec()
        .getReplicas();
  }

  private void assertUntouched(Neo4jRestore r) throws Exception {
    assertTrue(job(r, JobRole.RESTORE).isEmpty(), "no restore Job");
    assertEquals(List.of(), database.calls, "the database was not even asked");
    assertEquals(1, replicas(), "the StatefulSet as it was");
  }
}

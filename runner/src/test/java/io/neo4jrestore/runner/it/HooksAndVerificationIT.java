package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Job;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.HookOutcome;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.RunCommand;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.runner.neo4j.DatabasePort;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hooks ({@code options.preRestore}/{@code postRestore}) and backup verification ({@code
 * options.verifyBackup}) on the real API server: the fake kubelet finishes hook and verify Jobs as
 * each test decides (with the verify Job's {@code backup inspect} output), the Neo4j side is the
 * recording fake.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HooksAndVerificationIT {
  private static final String STATEMENT_SECRET = "pre-secret-pw";
  private static final String ENV_SECRET = "env-secret-value";

  private ControlPlane cp;
  private FakeKubelet kubelet;
  private TargetFixtures fixtures;
  private FakeDatabase database;
  private String ns;

  @BeforeAll
  void setUp(ControlPlane controlPlane, FakeKubelet fakeKubelet) {
    LenientJson.install();
    cp = controlPlane;
    kubelet = fakeKubelet;
    fixtures = new TargetFixtures(cp.admin());
  }

  @BeforeEach
  void freshNamespace() {
    ns = cp.createNamespace("hooks");
    database = new FakeDatabase();
    kubelet.autoCompleteJobs(true);
  }

  // ---- hooks

  @Test
  void hooks_run_in_order_around_the_restore_and_their_secrets_stay_out_of_status_events_and_log()
      throws Exception {
    fixtures.standalone(ns, "dev", "5.26.12-enterprise");
    database.withDatabase("movies");
    fixtures.pvc(ns, "backup-pvc");
    restore(
        "hooked",
        """
          options:
            replaceExisting: true
            preRestore:
              cypherStatements:
                - "CALL db.checkpoint()"
                - "CREATE USER audit SET PASSWORD 'pre-secret-pw' CHANGE NOT REQUIRED"
              job:
                template:
                  container:
                    image: registry.example/pre-check:1
                    command: [/check.sh]
                    env: [{name: TOKEN, value: env-secret-value}]
                timeout: 5m
            postRestore:
              cypherStatements: ["CALL db.awaitIndexes(600)", "SHOW DATABASES"]
              job: {template: {container: {image: registry.example/post-check:1}, backoffLimit: 2}}
        """);
    Neo4jRestore created = read("hooked");
    String preJob = job(created, JobRole.PRE_HOOK);
    String postJob = job(created, JobRole.POST_HOOK);
    // what existed when the runner stopped the database and when it brought it up
    DatabasePort observing =
        new Observing(database) {
          @Override
          public void stop(String db, Duration wait) {
            database.calls.add("(pre-hook Job complete: " + complete(preJob) + ")");
            super.stop(db, wait);
          }

          @Override
          public void bringUp(String db, boolean existed, String seeder, Duration deadline) {
            database.calls.add("(post-hook Job exists: " + jobOf(postJob).isPresent() + ")");
            super.bringUp(db, existed, seeder, deadline);
          }
        };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.SUCCEEDED, run("hooked", observing, out), out.toString());

    Neo4jRestore r = read("hooked");
    assertEquals(Phases.COMPLETED, r.status().phase(), r.status().message());
    assertEquals(
        List.of(
            "exists movies",
            "cypher movies CALL db.checkpoint()",
            "cypher system CREATE USER audit SET PASSWORD 'pre-secret-pw' CHANGE NOT REQUIRED",
            "exists movies",
            "(pre-hook Job complete: true)",
            "stop movies",
            "(post-hook Job exists: false)",
            "bringUp movies existed=true seeder=dev-0",
            "cypher movies CALL db.awaitIndexes(600)",
            "cypher system SHOW DATABASES"),
        database.calls);
    assertEquals(Steps.SUCCEEDED, state(r, Steps.PRE_RESTORE_HOOKS));
    assertEquals(Steps.SUCCEEDED, state(r, Steps.POST_RESTORE_HOOKS));
    List<HookOutcome> hooks = r.status().hooks();
    assertEquals(6, hooks.size(), hooks.toString());
    assertTrue(hooks.stream().allMatch(h -> Steps.SUCCEEDED.equals(h.state())), hooks.toString());
    assertEquals(
        "CREATE USER audit SET PASSWORD '***' CHA...",
        hooks.stream()
            .filter(h -> "preRestore".equals(h.phase()) && Integer.valueOf(1).equals(h.index()))
            .findFirst()
            .orElseThrow()
            .preview());
    assertEquals(
        List.of(preJob, postJob),
        hooks.stream().map(HookOutcome::jobName).filter(n -> n != null).toList());

    for (String name : List.of(preJob, postJob)) {
      var pod = jobOf(name).orElseThrow().getSpec().getTemplate().getSpec();
      assertEquals("neo4j-restore-workload", pod.getServiceAccountName());
      assertEquals(false, pod.getAutomountServiceAccountToken());
    }
    assertEquals(2, jobOf(postJob).orElseThrow().getSpec().getBackoffLimit());
    assertEquals(300L, jobOf(preJob).orElseThrow().getSpec().getActiveDeadlineSeconds());
    assertNoSecrets(r, "hooked", out);

    // without verifyBackup: what is known, and BackupVerified says it was not asked for
    assertEquals(Conditions.FALSE, r.status().condition(Conditions.BACKUP_VERIFIED).status());
    assertEquals(Reasons.NOT_REQUESTED, r.status().condition(Conditions.BACKUP_VERIFIED).reason());
    assertEquals("/backup/movies.backup", r.status().backupInfo().backupPath());
    assertEquals(false, r.status().backupInfo().verified());
  }

  @Test
  void a_failing_pre_restore_statement_fails_before_anything_changes_without_its_secret()
      throws Exception {
    fixtures.standalone(ns, "dev", "5.26.12-enterprise");
    database.withDatabase("movies").failOn("cypher");
    fixtures.pvc(ns, "backup-pvc");
    restore(
        "pre-fails",
        """
          stopCluster: true
          options:
            replaceExisting: true
            preRestore:
              cypherStatements: ["CREATE USER audit SET PASSWORD 'pre-secret-pw'", "CALL db.checkpoint()"]
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.FAILED, run("pre-fails", database, out), out.toString());

    Neo4jRestore r = read("pre-fails");
    assertEquals(Phases.FAILED, r.status().phase());
    assertEquals(Reasons.PRE_RESTORE_HOOK_FAILED, r.status().condition(Conditions.READY).reason());
    String message = r.status().message();
    assertTrue(
        message.contains("pre-restore hook statement #0 (CREATE USER audit SET PASSWORD '***')"),
        message);
    assertTrue(message.contains("on database system failed"), message);
    assertTrue(message.contains("nothing was changed"), message);
    assertEquals(
        List.of("exists movies", "cypher system CREATE USER audit SET PASSWORD 'pre-secret-pw'"),
        database.calls,
        "the second statement does not run, the database is not stopped");
    assertEquals(Steps.FAILED, r.status().hooks().get(0).state());
    assertEquals(1, r.status().hooks().size());
    assertTargetUntouched("dev", 1);
    assertNoSecrets(r, "pre-fails", out);
  }

  @Test
  void a_failing_post_restore_job_ends_failed_with_the_data_restored_and_online() throws Exception {
    fixtures.standalone(ns, "dev", "5.26.12-enterprise");
    fixtures.pvc(ns, "backup-pvc");
    restore(
        "post-fails",
        """
          stopCluster: true
          options:
            postRestore:
              cypherStatements: ["CALL db.awaitIndexes(600)"]
              job:
                template:
                  container:
                    image: registry.example/post-check:1
                    env: [{name: TOKEN, value: env-secret-value}]
        """);
    String postJob = job(read("post-fails"), JobRole.POST_HOOK);
    kubelet.finishJob(ns, postJob, 3, "check failed, token was env-secret-value\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.FAILED, run("post-fails", database, out), out.toString());

    Neo4jRestore r = read("post-fails");
    assertEquals(Reasons.POST_RESTORE_HOOK_FAILED, r.status().condition(Conditions.READY).reason());
    String message = r.status().message();
    assertTrue(message.contains("post-restore hook Job " + ns + "/" + postJob), message);
    assertTrue(message.contains("image registry.example/post-check:1"), message);
    assertTrue(message.contains("the data is restored and database movies is online"), message);
    assertEquals(
        List.of(
            "exists movies",
            "bringUp movies existed=false seeder=dev-0",
            "cypher movies CALL db.awaitIndexes(600)"),
        database.calls,
        "nothing undone after a post-restore hook");
    assertEquals(Steps.SUCCEEDED, state(r, Steps.BRING_UP_DATABASE));
    assertEquals(Steps.FAILED, state(r, Steps.POST_RESTORE_HOOKS));
    assertEquals("not needed: the data is restored and online", r.status().undo().compensation());
    HookOutcome jobOutcome = r.status().hooks().get(1);
    assertEquals(postJob, jobOutcome.jobName());
    assertEquals(Steps.FAILED, jobOutcome.state());
    assertEquals(
        1,
        new AppsV1Api(cp.admin())
            .readNamespacedStatefulSet("dev", ns)
            .execute()
            .getSpec()
            .getReplicas());
    assertNoSecrets(r, "post-fails", out);
  }

  @Test
  void
      a_hook_job_that_overruns_its_timeout_fails_the_restore_before_anything_changes_on_a_new_database()
          throws Exception {
    fixtures.standalone(ns, "dev", "5.26.12-enterprise");
    fixtures.pvc(ns, "backup-pvc");
    restore(
        "slow-hook",
        """
          stopCluster: true
          options:
            preRestore:
              cypherStatements: ["CALL db.checkpoint()", "CREATE ROLE auditor"]
              job: {template: {container: {image: registry.example/slow:1}}, timeout: 2s}
        """);
    kubelet.autoCompleteJobs(false); // the hook's pod runs until Kubernetes ends it
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.FAILED, run("slow-hook", database, out), out.toString());

    Neo4jRestore r = read("slow-hook");
    assertEquals(Reasons.PRE_RESTORE_HOOK_FAILED, r.status().condition(Conditions.READY).reason());
    String message = r.status().message();
    assertTrue(message.contains("timeout 2s"), message);
    assertTrue(message.contains("DeadlineExceeded"), message);
    assertEquals(
        List.of("exists movies", "cypher system CREATE ROLE auditor"),
        database.calls,
        "a new database: only the administration statement has something to run against");
    assertEquals(
        List.of(Steps.SKIPPED, Steps.SUCCEEDED, Steps.FAILED),
        r.status().hooks().stream().map(HookOutcome::state).toList());
    assertTargetUntouched("dev", 1);
  }

  @Test
  void a_hook_image_that_cannot_be_pulled_fails_within_its_bound() throws Exception {
    fixtures.standalone(ns, "dev", "5.26.12-enterprise");
    fixtures.pvc(ns, "backup-pvc");
    restore(
        "no-image",
        """
          options:
            preRestore:
              job: {template: {container: {image: registry.example/missing:1}}, timeout: 1h}
        """);
    kubelet.holdWaiting(
        ns,
        job(read("no-image"), JobRole.PRE_HOOK),
        "ImagePullBackOff",
        "Back-off pulling image \"registry.example/missing:1\"");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.FAILED, run("no-image", database, out), out.toString());

    Neo4jRestore r = read("no-image");
    assertEquals(Reasons.PRE_RESTORE_HOOK_FAILED, r.status().condition(Conditions.READY).reason());
    String message = r.status().message();
    assertTrue(message.contains("cannot start"), message);
    assertTrue(message.contains("ImagePullBackOff"), message);
    assertTargetUntouched("dev", 1);
  }

  // ---- verification

  @Test
  void a_verified_backup_fills_backup_info_and_is_restored() throws Exception {
    fixtures.cluster(ns, "prod", "5.26.12-enterprise", 3);
    fixtures.pvc(ns, "backup-pvc");
    restoreOrders("verified", "orders-2025-01-04T12-00-03.backup");
    String verify = job(read("verified"), JobRole.VERIFY);
    kubelet.finishJob(ns, verify, 0, "Inspecting /backup\n" + golden("orders-folder-5.26.txt"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.SUCCEEDED, run("verified", database, out), out.toString());

    Neo4jRestore r = read("verified");
    assertEquals(Phases.COMPLETED, r.status().phase(), r.status().message());
    assertEquals(Conditions.TRUE, r.status().condition(Conditions.BACKUP_VERIFIED).status());
    assertEquals(Reasons.VERIFIED, r.status().condition(Conditions.BACKUP_VERIFIED).reason());
    var info = r.status().backupInfo();
    assertEquals("/backup/orders-2025-01-04T12-00-03.backup", info.backupPath());
    assertEquals("2025-01-04T12:00:03Z", info.backupCreatedAt());
    assertEquals("orders", info.originalDatabase());
    assertNull(info.neo4jVersion(), "backups do not record the version that wrote them");
    assertTrue(
        r.status()
            .condition(Conditions.BACKUP_VERIFIED)
            .message()
            .contains("backupInfo.neo4jVersion stays empty"),
        "the empty field is explained where the user looks");
    assertEquals(false, info.full());
    assertEquals(1L, info.lowestTransactionId());
    assertEquals(63L, info.highestTransactionId());
    assertEquals(true, info.verified());
    var pinned = r.status().resolvedSource().artifacts();
    assertEquals(1, pinned.size(), "the restore still reads the one file it named");
    assertEquals(58L, pinned.get(0).lowestTransactionId());
    var container = jobOf(verify).orElseThrow().getSpec().getTemplate().getSpec().getContainers();
    assertEquals("neo4j:5.26.12-enterprise", container.get(0).getImage());
    assertEquals(
        List.of(
            "neo4j-admin", "backup", "inspect", "/backup", "--format=TABULAR", "--show-metadata"),
        container.get(0).getCommand());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing artifact|orders-2025-01-05T00-00-00.backup|0|orders-folder-5.26.txt|is missing",
        "other database|movies-2025-01-04T12-00-09.backup|0|orders-chain-with-gap-5.26.txt|holds database movies, not orders",
        "broken chain|orders-2025-01-04T12-00-03.backup|0|orders-chain-with-gap-5.26.txt|the chain is broken",
        "time out of range|orders-2025-01-04T12-00-03.backup, pointInTime: \"2025-01-03T20:00:00Z\"|0|orders-folder-5.26.txt|is before the full backup",
        "unreadable by the target's version|orders-2025-01-04T12-00-03.backup|1|-|could not inspect"
      })
  void a_refused_backup_leaves_replicas_and_databases_untouched(
      String why, String file, int exit, String listing, String expected) throws Exception {
    fixtures.cluster(ns, "prod", "5.26.12-enterprise", 3);
    database.withDatabase("orders");
    fixtures.pvc(ns, "backup-pvc");
    restoreOrders("refused", file);
    String verify = job(read("refused"), JobRole.VERIFY);
    String output =
        "-".equals(listing)
            ? "org.neo4j.cli.CommandFailedException: Unsupported store format version\n"
            : golden(listing).replace("s3://acme/neo4j/", "file:///backup/");
    kubelet.finishJob(ns, verify, exit, output);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.FAILED, run("refused", database, out), why + ": " + out);

    Neo4jRestore r = read("refused");
    assertEquals(Reasons.VERIFICATION_FAILED, r.status().condition(Conditions.READY).reason());
    assertEquals(Conditions.FALSE, r.status().condition(Conditions.BACKUP_VERIFIED).status());
    assertEquals(
        Reasons.VERIFICATION_FAILED, r.status().condition(Conditions.BACKUP_VERIFIED).reason());
    assertTrue(r.status().message().contains(expected), why + ": " + r.status().message());
    assertTrue(r.status().message().contains("nothing was changed"), r.status().message());
    assertEquals(Steps.FAILED, state(r, Steps.VERIFY_BACKUP));
    assertTrue(database.calls.isEmpty(), why + ": " + database.calls);
    assertTargetUntouched("prod-server", 3);
    if (exit != 0) {
      assertTrue(
          r.status().message().contains("Unsupported store format version"), r.status().message());
    }
  }

  // ---- helpers

  /** A restore of {@code movies.backup} on the backup PVC into the standalone {@code dev}. */
  private void restore(String name, String tail) throws Exception {
    restore(name, "dev", "movies", "movies.backup", tail);
  }

  /**
   * A verified, offline restore of {@code file} on the backup PVC into the cluster {@code prod}.
   */
  private void restoreOrders(String name, String file) throws Exception {
    restore(
        name,
        "prod",
        "orders",
        file,
        "  options: {verifyBackup: true, replaceExisting: true}\n  stopCluster: true\n");
  }

  private void restore(String name, String target, String db, String file, String tail)
      throws Exception {
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: %s}
        spec:
          targetCluster: %s
          databaseName: %s
          source: {type: storage, storage: {type: pvc, pvc: {name: backup-pvc}}, backupPath: %s}
        %s"""
            .formatted(name, target, db, file, tail));
  }

  private RunnerExit run(String name, DatabasePort port, ByteArrayOutputStream out) {
    return new RunCommand(TestWiring.with(port), new PrintStream(out, true, StandardCharsets.UTF_8))
        .target(ns, name)
        .run(cp.admin());
  }

  private Neo4jRestore read(String name) throws Exception {
    return RestoreReads.read(cp.admin(), ns, name);
  }

  private static String state(Neo4jRestore r, String step) {
    return RestoreReads.state(r, step);
  }

  private String job(Neo4jRestore r, JobRole role) {
    return ResourceNames.job(r.metadata().name(), r.metadata().uid(), 1, null, role);
  }

  private Optional<V1Job> jobOf(String name) {
    try {
      return Optional.of(new BatchV1Api(cp.admin()).readNamespacedJob(name, ns).execute());
    } catch (io.kubernetes.client.openapi.ApiException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw new IllegalStateException(e);
    }
  }

  private boolean complete(String name) {
    return jobOf(name)
        .map(j -> j.getStatus() != null && j.getStatus().getSucceeded() != null)
        .orElse(false);
  }

  private static String golden(String file) throws Exception {
    return Files.readString(Path.of("src", "test", "resources", "golden", "inspect", file));
  }

  /** The StatefulSet keeps its replicas and no restore Job exists. */
  private void assertTargetUntouched(String statefulSet, int replicas) throws Exception {
    assertEquals(
        replicas,
        new AppsV1Api(cp.admin())
            .readNamespacedStatefulSet(statefulSet, ns)
            .execute()
            .getSpec()
            .getReplicas());
    List<String> jobs =
        new BatchV1Api(cp.admin())
            .listNamespacedJob(ns).execute().getItems().stream()
                .map(j -> j.getMetadata().getName())
                .toList();
    assertTrue(jobs.stream().noneMatch(j -> j.contains("-restore-")), jobs.toString());
  }

  /** Neither a statement's secret nor an env value is in status, events or the runner's log. */
  private void assertNoSecrets(Neo4jRestore r, String name, ByteArrayOutputStream out)
      throws Exception {
    String events =
        new CoreV1Api(cp.admin())
                .listNamespacedEvent(ns)
                .fieldSelector("involvedObject.name=" + name)
                .execute()
                .getItems()
                .stream()
                .map(e -> e.getReason() + ": " + e.getMessage())
                .toList()
                .toString();
    assertNotNull(r.status());
    for (String secret : List.of(STATEMENT_SECRET, ENV_SECRET)) {
      assertFalse(ApiMapper.toJson(r.status()).contains(secret), "status holds " + secret);
      assertFalse(events.contains(secret), "events hold " + secret + ": " + events);
      assertFalse(out.toString().contains(secret), "the runner log holds " + secret);
    }
  }

  /**
   * Delegates to the recording fake; tests override a call to observe the cluster at that moment.
   */
  private static class Observing implements DatabasePort {
    private final DatabasePort delegate;

    Observing(DatabasePort delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean exists(String db) {
      return delegate.exists(db);
    }

    @Override
    public void stop(String db, Duration wait) {
      delegate.stop(db, wait);
    }

    @Override
    public void start(String db, Duration wait) {
      delegate.start(db, wait);
    }

    @Override
    public void bringUp(String db, boolean existed, String seeder, Duration deadline) {
      delegate.bringUp(db, existed, seeder, deadline);
    }

    @Override
    public java.util.List<java.util.Map<String, Object>> query(String db, String statement) {
      return delegate.query(db, statement);
    }

    @Override
    public void runStatement(String db, String statement) {
      delegate.runStatement(db, statement);
    }

    @Override
    public void close() {}
  }
}

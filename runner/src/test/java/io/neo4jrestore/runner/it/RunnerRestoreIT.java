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
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.RunCommand;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runner's {@code run} against the real API server and controllers: the fake kubelet plays the
 * nodes (restore Jobs succeed or fail as the test decides), the Neo4j side is a recording fake.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunnerRestoreIT {
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
    ns = cp.createNamespace("restore");
    database = new FakeDatabase();
    kubelet.autoCompleteJobs(true);
  }

  private RunnerExit run(String name, ByteArrayOutputStream out) {
    RunCommand.Wiring wiring = TestWiring.with(database);
    return new RunCommand(wiring, new PrintStream(out, true, StandardCharsets.UTF_8))
        .target(ns, name)
        .run(cp.admin());
  }

  private Neo4jRestore read(String name) throws Exception {
    return fixtures.read(ns, name);
  }

  private static String state(Neo4jRestore r, String step) {
    return RestoreReads.state(r, step);
  }

  private V1Job restoreJob(Neo4jRestore r) throws Exception {
    String job =
        ResourceNames.job(
            r.metadata().name(),
            r.metadata().uid(),
            r.metadata().generation(),
            null,
            JobRole.RESTORE);
    return new BatchV1Api(cp.admin()).readNamespacedJob(job, ns).execute();
  }

  private List<String> eventReasons(String name) throws Exception {
    return new CoreV1Api(cp.admin())
            .listNamespacedEvent(ns)
            .fieldSelector("involvedObject.name=" + name)
            .execute()
            .getItems()
            .stream()
            .map(e -> e.getReason())
            .toList();
  }

  @Test
  void restores_a_new_database_into_a_standalone_online_from_s3() throws Exception {
    fixtures.standalone(ns, "dev", "5.26.12-enterprise");
    fixtures.secret(
        ns,
        "aws-creds",
        Map.of(
            "AWS_ACCESS_KEY_ID",
            "AKIAEXAMPLE",
            "AWS_SECRET_ACCESS_KEY",
            "secret-value-never-logged"));
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: dev-restore}
        spec:
          targetCluster: dev
          databaseName: movies
          source:
            type: s3
            storage: {type: s3, bucket: backups, path: dev/, cloud: {provider: aws, credentialsSecretRef: aws-creds}}
            backupPath: movies-2025-01-20T02-00-00.backup
            pointInTime: "2025-01-20T03:30:00+01:00"
          timeout: 30m
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.SUCCEEDED, run("dev-restore", out), out.toString());

    Neo4jRestore r = read("dev-restore");
    assertEquals(Phases.COMPLETED, r.status().phase(), r.status().message());
    assertEquals(1L, r.status().observedGeneration());
    assertNotNull(r.status().startTime());
    assertNotNull(r.status().completionTime());
    assertNotNull(r.status().stats().duration());
    assertNull(
        r.status().stats().dataSize(), "artifact sizes are unknown: not measured, so absent");
    assertEquals(Conditions.TRUE, r.status().condition(Conditions.READY).status());
    assertEquals(Conditions.TRUE, r.status().condition(Conditions.JOB_CREATED).status());
    assertEquals(Conditions.FALSE, r.status().condition(Conditions.RECONCILING).status());
    assertEquals(Steps.SKIPPED, state(r, Steps.STOP_CLUSTER));
    assertEquals(Steps.SUCCEEDED, state(r, Steps.RESTORE));
    assertEquals(Steps.SKIPPED, state(r, Steps.START_CLUSTER));
    assertEquals(
        "s3://backups/dev/movies-2025-01-20T02-00-00.backup",
        r.status().resolvedSource().artifacts().get(0).path());
    assertEquals("2025-01-20 02:30:00", r.status().resolvedSource().restoreUntil());
    assertEquals(
        List.of("exists movies", "bringUp movies existed=false seeder=dev-0"), database.calls);

    V1Job job = restoreJob(r);
    List<String> args = job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
    assertTrue(
        args.contains("--from-path=s3://backups/dev/movies-2025-01-20T02-00-00.backup"),
        args.toString());
    assertTrue(args.contains("--restore-until=2025-01-20 02:30:00"), args.toString());
    assertFalse(
        args.stream().anyMatch(a -> a.startsWith("--overwrite-destination")), args.toString());
    assertEquals(
        "neo4j:5.26.12-enterprise",
        job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    String node =
        new CoreV1Api(cp.admin()).readNamespacedPod("dev-0", ns).execute().getSpec().getNodeName();
    assertTrue(
        job.toString().contains(node),
        "the online restore Job is pinned to the serving pod's node " + node);
    String jobJson = cp.admin().getJSON().serialize(job) + ApiMapper.toJson(r.status());
    assertFalse(
        jobJson.contains("secret-value-never-logged")
            || out.toString().contains("secret-value-never-logged"));
    assertTrue(
        eventReasons("dev-restore").containsAll(List.of("DatabaseOnline", "Completed")),
        eventReasons("dev-restore").toString());

    // a second run for the same generation changes nothing
    assertEquals(RunnerExit.SUCCEEDED, run("dev-restore", new ByteArrayOutputStream()));
    assertEquals(r.status(), read("dev-restore").status());
  }

  @Test
  void restores_an_existing_database_into_a_cluster_offline_and_scales_it_back() throws Exception {
    fixtures.cluster(ns, "prod", "2025.04.0-enterprise", 3);
    database.withDatabase("orders");
    fixtures.backup(ns, "nightly", Map.of("type", "pvc", "pvc", Map.of("name", "backup-pvc")));
    fixtures.pvc(ns, "backup-pvc");
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: prod-restore}
        spec:
          targetCluster: prod
          databaseName: orders
          source: {type: backup, backupRef: nightly, backupPath: nightly-20250120-020000}
          options: {replaceExisting: true}
          stopCluster: true
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.SUCCEEDED, run("prod-restore", out), out.toString());

    Neo4jRestore r = read("prod-restore");
    assertEquals(Phases.COMPLETED, r.status().phase(), r.status().message() + "\n" + out);
    assertEquals(3, r.status().undo().originalReplicas());
    assertEquals(Conditions.FALSE, r.status().condition(Conditions.CLUSTER_STOPPED).status());
    assertEquals(Steps.SUCCEEDED, state(r, Steps.STOP_CLUSTER));
    assertEquals(Steps.SUCCEEDED, state(r, Steps.START_CLUSTER));
    assertEquals(
        List.of("exists orders", "stop orders", "bringUp orders existed=true seeder=prod-server-0"),
        database.calls);
    assertEquals(
        3,
        new AppsV1Api(cp.admin())
            .readNamespacedStatefulSet("prod-server", ns)
            .execute()
            .getSpec()
            .getReplicas());
    Map<String, String> annotations = targetAnnotations("neo4jenterpriseclusters", "prod");
    assertFalse(
        annotations.containsKey(Annotations.OPERATOR_RESTORE_IN_PROGRESS), annotations.toString());
    assertFalse(
        annotations.containsKey(Annotations.UNDO_ORIGINAL_REPLICAS), annotations.toString());

    V1Job job = restoreJob(r);
    var pod = job.getSpec().getTemplate().getSpec();
    assertTrue(
        pod.getVolumes().stream()
            .anyMatch(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && "data-prod-server-0"
                            .equals(v.getPersistentVolumeClaim().getClaimName())),
        pod.getVolumes().toString());
    assertTrue(
        pod.getVolumes().stream()
            .anyMatch(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && "backup-pvc".equals(v.getPersistentVolumeClaim().getClaimName())
                        && Boolean.TRUE.equals(v.getPersistentVolumeClaim().getReadOnly())),
        pod.getVolumes().toString());
    List<String> args = pod.getContainers().get(0).getCommand();
    assertTrue(args.contains("--from-path=/backup/nightly-20250120-020000"), args.toString());
    assertFalse(
        args.contains("orders"),
        "the folder form restores under the source name: no positional " + args);
    assertTrue(args.contains("--source-database=orders"), args.toString());
    assertTrue(args.contains("--overwrite-destination=true"), args.toString());
    assertTrue(
        eventReasons("prod-restore")
            .containsAll(List.of("ScaledDown", "ScaledUp", "DatabaseStopped")));
  }

  @Test
  void a_failed_restore_job_scales_the_cluster_back_and_leaves_a_half_written_database_stopped()
      throws Exception {
    fixtures.cluster(ns, "prod", "2025.04.0-enterprise", 2);
    database.withDatabase("orders");
    fixtures.secret(ns, "gcs-creds", Map.of("GOOGLE_APPLICATION_CREDENTIALS_JSON", "{}"));
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: bad-restore}
        spec:
          targetCluster: prod
          databaseName: orders
          source:
            type: gcs
            storage: {type: gcs, bucket: b, cloud: {provider: gcp, credentialsSecretRef: gcs-creds}}
            backupPath: /orders.backup
          force: true
          stopCluster: true
        """);
    Neo4jRestore created = read("bad-restore");
    kubelet.autoCompleteJobs(false);
    kubelet.finishJob(
        ns,
        ResourceNames.job("bad-restore", created.metadata().uid(), 1, null, JobRole.RESTORE),
        1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.FAILED, run("bad-restore", out), out.toString());

    Neo4jRestore r = read("bad-restore");
    assertEquals(Phases.FAILED, r.status().phase());
    assertEquals(Reasons.RESTORE_INCOMPLETE, r.status().condition(Conditions.READY).reason());
    assertEquals(Conditions.TRUE, r.status().condition(Conditions.STALLED).status());
    assertTrue(r.status().message().contains("left STOPPED"), r.status().message());
    assertTrue(r.status().message().contains(Annotations.RETRY), r.status().message());
    assertEquals(Steps.FAILED, state(r, Steps.RESTORE));
    assertEquals(
        2,
        new AppsV1Api(cp.admin())
            .readNamespacedStatefulSet("prod-server", ns)
            .execute()
            .getSpec()
            .getReplicas());
    assertFalse(
        targetAnnotations("neo4jenterpriseclusters", "prod")
            .containsKey(Annotations.OPERATOR_RESTORE_IN_PROGRESS));
    assertEquals(
        List.of("exists orders", "stop orders"),
        database.calls,
        "not started: its store may be half-written");
  }

  @Test
  void an_existing_database_without_force_is_refused_before_anything_changes() throws Exception {
    fixtures.standalone(ns, "dev", "2025.01.0-enterprise");
    database.withDatabase("movies");
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: careful}
        spec:
          targetCluster: dev
          databaseName: movies
          source: {type: storage, storage: {type: pvc, pvc: {name: missing-pvc}}, backupPath: movies.backup}
          stopCluster: true
        """);
    fixtures.pvc(ns, "missing-pvc");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.FAILED, run("careful", out), out.toString());
    Neo4jRestore r = read("careful");
    assertEquals(Reasons.DATABASE_EXISTS, r.status().condition(Conditions.READY).reason());
    assertTrue(r.status().message().contains("spec.force"), r.status().message());
    assertEquals(List.of("exists movies"), database.calls);
    assertEquals(
        1,
        new AppsV1Api(cp.admin())
            .readNamespacedStatefulSet("dev", ns)
            .execute()
            .getSpec()
            .getReplicas());
    assertTrue(
        new BatchV1Api(cp.admin()).listNamespacedJob(ns).execute().getItems().isEmpty(),
        "no restore Job");
  }

  @Test
  void unknown_target_and_bad_additional_args_fail_before_anything_changes() throws Exception {
    fixtures.standalone(ns, "dev", "5.26.0");
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: nowhere}
        spec:
          targetCluster: does-not-exist
          databaseName: movies
          source: {type: backup, backupRef: nightly}
        """);
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: consistency}
        spec:
          targetCluster: dev
          databaseName: movies
          source: {type: s3, storage: {type: s3, bucket: b}, backupPath: /m.backup}
          options: {additionalArgs: ["--check-consistency"]}
        """);
    assertEquals(RunnerExit.FAILED, run("nowhere", new ByteArrayOutputStream()));
    assertEquals(
        Reasons.TARGET_NOT_FOUND, read("nowhere").status().condition(Conditions.READY).reason());
    assertEquals(RunnerExit.INVALID_SPEC, run("consistency", new ByteArrayOutputStream()));
    Neo4jRestore r = read("consistency");
    assertEquals(Reasons.INVALID_SPEC, r.status().condition(Conditions.READY).reason());
    assertTrue(r.status().message().contains("neo4j-admin database check"), r.status().message());
    assertTrue(database.calls.isEmpty(), database.calls.toString());
  }

  @Test
  void restores_a_new_database_into_a_cluster_online_with_an_auto_created_workload_identity()
      throws Exception {
    fixtures.cluster(ns, "graph", "5.26.3-enterprise", 3);
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: online}
        spec:
          targetCluster: graph
          databaseName: fresh
          source:
            type: s3
            storage:
              type: s3
              bucket: backups
              cloud:
                provider: aws
                identity:
                  provider: aws
                  autoCreate: {annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::1:role/restore"}}
            backupPath: /fresh/fresh-2025-01-20T02-00-00.backup
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.SUCCEEDED, run("online", out), out.toString());
    Neo4jRestore r = read("online");
    assertEquals(Phases.COMPLETED, r.status().phase());
    assertEquals(
        List.of("exists fresh", "bringUp fresh existed=false seeder=graph-server-0"),
        database.calls);
    V1Job job = restoreJob(r);
    String sa = ResourceNames.serviceAccount("online", r.metadata().uid());
    assertEquals(sa, job.getSpec().getTemplate().getSpec().getServiceAccountName());
    var account = new CoreV1Api(cp.admin()).readNamespacedServiceAccount(sa, ns).execute();
    assertEquals(
        "arn:aws:iam::1:role/restore",
        account.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn"));
    assertEquals(r.metadata().uid(), account.getMetadata().getOwnerReferences().get(0).getUid());
    List<String> args = job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
    assertTrue(
        args.contains("--from-path=s3://backups/fresh/fresh-2025-01-20T02-00-00.backup"),
        args.toString());
    assertTrue(args.get(args.size() - 1).equals("fresh"), args.toString());
    assertEquals(
        3,
        new AppsV1Api(cp.admin())
            .readNamespacedStatefulSet("graph-server", ns)
            .execute()
            .getSpec()
            .getReplicas());
    assertEquals(Steps.SKIPPED, state(r, Steps.STOP_CLUSTER));
  }

  private void restoreAs(String name, String serviceAccount) throws Exception {
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: %s}
        spec:
          targetCluster: graph
          databaseName: fresh
          source:
            type: gcs
            storage:
              type: gcs
              bucket: backups
              cloud:
                identity: {provider: gcp, serviceAccount: %s, autoCreate: {enabled: false}}
            backupPath: /fresh/fresh-2025-01-20T02-00-00.backup
        """
            .formatted(name, serviceAccount));
  }

  @Test
  void a_named_service_account_is_checked_and_used_and_auto_create_disabled_creates_none()
      throws Exception {
    fixtures.cluster(ns, "graph", "5.26.3-enterprise", 3);
    fixtures.serviceAccount(
        ns,
        "gke-reader",
        Map.of("iam.gke.io/gcp-service-account", "reader@project.iam.gserviceaccount.com"));
    restoreAs("named", "gke-reader");
    restoreAs("missing", "nobody");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.SUCCEEDED, run("named", out), out.toString());
    Neo4jRestore r = read("named");
    assertEquals(
        "gke-reader", restoreJob(r).getSpec().getTemplate().getSpec().getServiceAccountName());
    assertNull(r.status().undo().serviceAccount(), "autoCreate.enabled: false creates none");

    assertEquals(RunnerExit.FAILED, run("missing", new ByteArrayOutputStream()));
    Neo4jRestore missing = read("missing");
    assertEquals(
        Reasons.CREDENTIALS_MISSING, missing.status().condition(Conditions.READY).reason());
    assertTrue(
        missing.status().message().contains(ns + "/nobody (cloud.identity.serviceAccount)"),
        missing.status().message());
  }

  private void azureBackupWithIdentity(Map<String, String> annotations) throws Exception {
    fixtures.backup(
        ns,
        "nightly",
        Map.of(
            "type",
            "azure",
            "bucket",
            "acmestorage",
            "path",
            "neo4j",
            "cloud",
            Map.of(
                "provider",
                "azure",
                "identity",
                Map.of("provider", "azure", "autoCreate", Map.of("annotations", annotations)))));
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: identity}
        spec:
          targetCluster: solo
          databaseName: app-db
          source: {type: backup, backupRef: nightly, backupPath: nightly/app-db-2025-01-20T02-00-00.backup}
        """);
  }

  @Test
  void a_neo4jbackups_auto_created_azure_identity_is_created_and_labels_the_restore_pod()
      throws Exception {
    fixtures.standalone(ns, "solo", "2025.04.0-enterprise");
    azureBackupWithIdentity(
        Map.of("azure.workload.identity/client-id", "00000000-0000-0000-0000-000000000001"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.SUCCEEDED, run("identity", out), out.toString());
    Neo4jRestore r = read("identity");
    V1Job job = restoreJob(r);
    String sa = ResourceNames.serviceAccount("identity", r.metadata().uid());
    assertEquals(sa, job.getSpec().getTemplate().getSpec().getServiceAccountName());
    var account = new CoreV1Api(cp.admin()).readNamespacedServiceAccount(sa, ns).execute();
    assertEquals(
        "00000000-0000-0000-0000-000000000001",
        account.getMetadata().getAnnotations().get("azure.workload.identity/client-id"));
    assertEquals(
        "true",
        job.getSpec().getTemplate().getMetadata().getLabels().get("azure.workload.identity/use"),
        "the Azure Workload Identity webhook mutates only labelled pods");
    List<String> args = job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
    assertTrue(
        args.contains(
            "--from-path=azb://acmestorage/neo4j/nightly/app-db-2025-01-20T02-00-00.backup"),
        "read where the operator's Jobs wrote: " + args);
  }

  @Test
  void an_azure_identity_without_a_client_id_is_refused_before_anything_changes() throws Exception {
    fixtures.standalone(ns, "solo", "2025.04.0-enterprise");
    azureBackupWithIdentity(Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/r"));
    assertEquals(RunnerExit.FAILED, run("identity", new ByteArrayOutputStream()));
    Neo4jRestore r = read("identity");
    assertEquals(Reasons.CREDENTIALS_MISSING, r.status().condition(Conditions.READY).reason());
    assertTrue(r.status().message().contains("eks.amazonaws.com/role-arn"), r.status().message());
    assertTrue(
        new CoreV1Api(cp.admin())
            .listNamespacedServiceAccount(ns).execute().getItems().stream()
                .noneMatch(a -> a.getMetadata().getName().startsWith("identity-sa-")),
        "no ServiceAccount was created");
    assertEquals(List.of(), database.calls);
  }

  @Test
  void restores_an_existing_database_into_a_standalone_offline_from_azure() throws Exception {
    fixtures.standalone(ns, "solo", "2025.04.0-enterprise");
    database.withDatabase("app-db");
    fixtures.secret(
        ns,
        "azure-creds",
        Map.of("AZURE_STORAGE_ACCOUNT", "acct", "AZURE_STORAGE_KEY", "k3y-never-logged"));
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: offline}
        spec:
          targetCluster: solo
          databaseName: app-db
          source:
            type: azure
            storage: {type: azure, bucket: enterprise-backups, path: production/, cloud: {provider: azure, credentialsSecretRef: azure-creds}}
            backupPath: /backups/app-db/backup-20250120-020000.backup
          force: true
          stopCluster: true
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(RunnerExit.SUCCEEDED, run("offline", out), out.toString());
    Neo4jRestore r = read("offline");
    assertEquals(Phases.COMPLETED, r.status().phase());
    assertEquals(1, r.status().undo().originalReplicas());
    V1Job job = restoreJob(r);
    var pod = job.getSpec().getTemplate().getSpec();
    assertTrue(
        pod.getVolumes().stream()
            .anyMatch(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && "neo4j-data-solo-0".equals(v.getPersistentVolumeClaim().getClaimName())),
        pod.getVolumes().toString());
    List<String> args = pod.getContainers().get(0).getCommand();
    assertTrue(
        args.contains(
            "--from-path=azb://acct/enterprise-backups/production/backups/app-db/backup-20250120-020000.backup"),
        args.toString());
    assertEquals(
        List.of("exists app-db", "stop app-db", "bringUp app-db existed=true seeder=solo-0"),
        database.calls);
    assertEquals(
        1,
        new AppsV1Api(cp.admin())
            .readNamespacedStatefulSet("solo", ns)
            .execute()
            .getSpec()
            .getReplicas());
    assertFalse(
        (cp.admin().getJSON().serialize(job) + ApiMapper.toJson(r.status()) + out)
            .contains("k3y-never-logged"));
  }

  @Test
  void a_cancel_during_the_restore_job_stops_at_the_next_safe_point_and_puts_the_target_back()
      throws Exception {
    fixtures.cluster(ns, "prod", "2025.04.0-enterprise", 2);
    database.withDatabase("orders");
    fixtures.restore(
        ns,
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: cancelled}
        spec:
          targetCluster: prod
          databaseName: orders
          source: {type: s3, storage: {type: s3, bucket: b}, backupPath: /orders.backup}
          force: true
          stopCluster: true
        """);
    Neo4jRestore created = read("cancelled");
    String job = ResourceNames.job("cancelled", created.metadata().uid(), 1, null, JobRole.RESTORE);
    kubelet.autoCompleteJobs(false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var runner =
        java.util.concurrent.Executors.newSingleThreadExecutor()
            .submit(() -> run("cancelled", out));
    io.neo4jrestore.testenv.Wait.until(
        "the restore Job to run",
        Duration.ofSeconds(60),
        () -> {
          Neo4jRestore r = read("cancelled");
          return r.status() != null && Steps.RUNNING.equals(state(r, Steps.RESTORE));
        });
    new RawApi(cp.admin())
        .mergePatch(
            "/apis/"
                + RestoreApi.API_VERSION
                + "/namespaces/"
                + ns
                + "/"
                + RestoreApi.PLURAL
                + "/cancelled",
            ApiMapper.json()
                .readTree(
                    "{\"metadata\":{\"annotations\":{\""
                        + Annotations.CANCEL
                        + "\":\""
                        + java.time.Instant.now()
                        + "\"}}}"));
    // a spec edit mid-run is a new generation for a later attempt: this one keeps its plan and
    // names
    new RawApi(cp.admin())
        .mergePatch(
            "/apis/"
                + RestoreApi.API_VERSION
                + "/namespaces/"
                + ns
                + "/"
                + RestoreApi.PLURAL
                + "/cancelled",
            ApiMapper.json().readTree("{\"spec\":{\"stopCluster\":false,\"timeout\":\"3h\"}}"));
    kubelet.finishJob(ns, job, 0); // the running restore Job is never interrupted
    assertEquals(
        RunnerExit.FAILED, runner.get(120, java.util.concurrent.TimeUnit.SECONDS), out.toString());
    Neo4jRestore r = read("cancelled");
    assertEquals(Reasons.CANCELLED, r.status().condition(Conditions.READY).reason());
    assertEquals(Steps.SUCCEEDED, state(r, Steps.RESTORE));
    assertEquals(
        2,
        new AppsV1Api(cp.admin())
            .readNamespacedStatefulSet("prod-server", ns)
            .execute()
            .getSpec()
            .getReplicas());
    assertEquals(
        List.of("exists orders", "stop orders", "start orders"),
        database.calls,
        "the restore finished, so the database it stopped is started again");
  }

  private Map<String, String> targetAnnotations(String plural, String name) throws Exception {
    var node =
        new RawApi(cp.admin())
            .get(
                "/apis/"
                    + RestoreApi.API_VERSION
                    + "/namespaces/"
                    + ns
                    + "/"
                    + plural
                    + "/"
                    + name);
    @SuppressWarnings("unchecked")
    Map<String, String> a =
        ApiMapper.json().convertValue(node.at("/metadata/annotations"), Map.class);
    return a == null ? Map.of() : a;
  }
}

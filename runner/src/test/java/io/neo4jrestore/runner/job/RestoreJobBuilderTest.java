package io.neo4jrestore.runner.job;

import static io.neo4jrestore.runner.job.Fixtures.V2025_04;
import static io.neo4jrestore.runner.job.Fixtures.V2025_08;
import static io.neo4jrestore.runner.job.Fixtures.V5_26;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.runner.neo4j.Neo4jVersion;
import io.neo4jrestore.runner.target.Target;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class RestoreJobBuilderTest {

  // ---- the golden manifests

  @Test
  void standalone_online_from_s3_with_a_credentials_secret_matches_its_golden_file() {
    assertGolden("restore-standalone-online-s3-secret-5.26.json", standaloneOnlineS3());
  }

  @Test
  void cluster_offline_from_a_pvc_until_a_point_in_time_matches_its_golden_file() {
    Target target = Fixtures.cluster(V2025_04);
    ResolvedSource source =
        Fixtures.pvc(
            "2025-01-04 11:30:00",
            "/backup/orders-daily-20250104-000000/orders-2025-01-04T00-00-05.backup",
            "/backup/orders-daily-20250104-000000/orders-2025-01-04T12-00-03.backup");
    List<String> command =
        RestoreArguments.build(
            new RestoreArguments.Request(V2025_04, "orders", source, true, true, List.of()));
    V1Job job =
        RestoreJobBuilder.build(
            RestoreJobRequest.offline(
                Fixtures.identity(JobRole.RESTORE),
                target,
                command,
                new Placement(null, Fixtures.dedicatedNodes(), null, null),
                BackupAccess.from(source),
                "2h"));
    assertGolden("restore-cluster-offline-pvc-until-2025.04.json", job);
  }

  @Test
  void standalone_online_from_a_gcs_folder_with_a_key_file_matches_its_golden_file() {
    Target target = Fixtures.standalone(V2025_04);
    ResolvedSource source =
        Fixtures.cloud("gcs", "gs://acme-backups/neo4j", "gcs-backup-key", "2025-01-04 12:30:00");
    List<String> command =
        RestoreArguments.build(
            new RestoreArguments.Request(
                V2025_04, "orders", source, false, false, List.of("--verbose")));
    assertGolden(
        "restore-standalone-online-gcs-folder-until-2025.04.json", online(target, command, source));
  }

  @Test
  void cluster_offline_from_azure_matches_its_golden_file() {
    Target target = Fixtures.cluster(V5_26);
    ResolvedSource source =
        Fixtures.cloud(
            "azure",
            "azb://acmestorage/neo4j-backups/backups",
            "azure-backup-credentials",
            null,
            "azb://acmestorage/neo4j-backups/backups/orders-2025-01-04T00-00-05.backup");
    List<String> command =
        RestoreArguments.build(
            new RestoreArguments.Request(V5_26, "orders", source, false, true, List.of()));
    V1Job job =
        RestoreJobBuilder.build(
            RestoreJobRequest.offline(
                Fixtures.identity(JobRole.RESTORE),
                target,
                command,
                null,
                BackupAccess.from(source),
                "1h30m"));
    assertGolden("restore-cluster-offline-azure-5.26.json", job);
  }

  @Test
  void standalone_online_from_s3_with_workload_identity_matches_its_golden_file() {
    Target target = Fixtures.standalone(V2025_08);
    ResolvedSource source =
        new ResolvedSource(
            "s3",
            "s3://acme-backups/neo4j",
            List.of(Fixtures.artifact("orders-2025-01-04T00-00-05.backup")),
            null,
            null,
            null,
            null,
            null,
            "orders-restore-reader");
    List<String> command =
        RestoreArguments.build(
            new RestoreArguments.Request(V2025_08, "orders", source, false, false, List.of()));
    assertGolden(
        "restore-standalone-online-s3-workload-identity-2025.08.json",
        online(target, command, source));
  }

  // ---- what every restore Job has

  @Test
  void the_container_runs_neo4j_admin_in_exec_form_with_no_shell() {
    V1Job job = standaloneOnlineS3();
    V1Container c = container(job);
    assertEquals(RestoreArguments.COMMAND, c.getCommand().subList(0, 3));
    assertTrue(c.getArgs() == null || c.getArgs().isEmpty());
    assertFalse(c.getCommand().contains("sh"));
    assertFalse(c.getCommand().contains("-c"));
    assertEquals("neo4j:5.26.3-enterprise", c.getImage());
  }

  @Test
  void the_job_runs_once_with_a_deadline_and_is_kept_for_a_week() {
    V1Job job = standaloneOnlineS3();
    assertEquals(0, job.getSpec().getBackoffLimit());
    assertEquals("Never", pod(job).getRestartPolicy());
    assertEquals(6 * 3600L, job.getSpec().getActiveDeadlineSeconds());
    assertEquals(7 * 24 * 3600, job.getSpec().getTtlSecondsAfterFinished());
    assertNull(job.getSpec().getPodFailurePolicy());
  }

  @Test
  void the_job_carries_the_attempt_name_and_labels_on_itself_and_its_pods() {
    V1Job job = standaloneOnlineS3();
    assertEquals(
        ResourceNames.job("orders-nightly", Fixtures.UID, 3, null, JobRole.RESTORE),
        job.getMetadata().getName());
    assertEquals(Fixtures.NS, job.getMetadata().getNamespace());
    assertEquals(
        Labels.forJob("orders-nightly", Fixtures.UID, 3, JobRole.RESTORE),
        job.getMetadata().getLabels());
    assertEquals(
        job.getMetadata().getLabels(), job.getSpec().getTemplate().getMetadata().getLabels());
    assertEquals("restore", job.getMetadata().getLabels().get(Labels.COMPONENT));
  }

  @Test
  void the_pod_runs_as_neo4j_without_privileges() {
    V1Job job = standaloneOnlineS3();
    var podSc = pod(job).getSecurityContext();
    assertEquals(7474L, podSc.getRunAsUser());
    assertEquals(7474L, podSc.getRunAsGroup());
    assertEquals(7474L, podSc.getFsGroup());
    assertEquals("OnRootMismatch", podSc.getFsGroupChangePolicy());
    assertTrue(podSc.getRunAsNonRoot());
    assertEquals("RuntimeDefault", podSc.getSeccompProfile().getType());
    var sc = container(job).getSecurityContext();
    assertFalse(sc.getAllowPrivilegeEscalation());
    assertFalse(sc.getPrivileged());
    assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
    assertFalse(pod(job).getAutomountServiceAccountToken());
    assertFalse(pod(job).getEnableServiceLinks());
  }

  @Test
  void an_online_restore_is_pinned_to_the_serving_pods_node_with_its_tolerations_and_selinux() {
    V1PodSpec pod = pod(standaloneOnlineS3());
    var term =
        pod.getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms()
            .get(0);
    assertEquals("metadata.name", term.getMatchFields().get(0).getKey());
    assertEquals("In", term.getMatchFields().get(0).getOperator());
    assertEquals(
        List.of("worker-b.eu-west-1.compute.internal"), term.getMatchFields().get(0).getValues());
    assertEquals(2, pod.getTolerations().size());
    assertEquals("dedicated", pod.getTolerations().get(0).getKey());
    assertEquals(300L, pod.getTolerations().get(1).getTolerationSeconds());
    assertEquals("s0:c123,c456", pod.getSecurityContext().getSeLinuxOptions().getLevel());
    assertEquals(
        "neo4j-data-orders-0", volume(pod, "data").getPersistentVolumeClaim().getClaimName());
  }

  @Test
  void an_online_restore_mounts_the_pvc_the_serving_pod_mounts_at_data() {
    assertEquals("neo4j-data-orders-0", RestoreJobRequest.dataPvcOf(Fixtures.servingPod()));
    V1Pod noData = Fixtures.servingPod();
    noData.getSpec().getContainers().get(0).getVolumeMounts().remove(1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RestoreJobRequest.dataPvcOf(noData));
    assertTrue(
        e.getMessage().startsWith("orders-0 mounts no PersistentVolumeClaim"), e.getMessage());
  }

  @Test
  void an_online_restore_without_a_node_is_refused() {
    Target target = Fixtures.standalone(V5_26);
    ResolvedSource source = Fixtures.s3(null, "orders.backup");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RestoreJobRequest(
                    Fixtures.identity(JobRole.RESTORE),
                    target,
                    List.of("neo4j-admin", "database", "restore", "x"),
                    RestoreMode.ONLINE,
                    target.dataPvc(0),
                    Placement.anywhere(),
                    BackupAccess.from(source),
                    null,
                    null));
    assertTrue(e.getMessage().contains("node"), e.getMessage());
  }

  @Test
  void an_offline_restore_mounts_server_zeros_data_volume_and_lets_the_scheduler_choose() {
    Target target = Fixtures.cluster(V5_26);
    ResolvedSource source = Fixtures.s3(null, "orders.backup");
    V1Job job =
        RestoreJobBuilder.build(
            RestoreJobRequest.offline(
                Fixtures.identity(JobRole.RESTORE),
                target,
                RestoreArguments.build(
                    new RestoreArguments.Request(V5_26, "orders", source, false, false, null)),
                null,
                BackupAccess.from(source),
                null));
    assertEquals(
        "data-core-server-0", volume(pod(job), "data").getPersistentVolumeClaim().getClaimName());
    assertNull(pod(job).getAffinity());
    assertEquals("Always", container(job).getImagePullPolicy());
  }

  @Test
  void a_pvc_source_is_mounted_read_only() {
    ResolvedSource source = Fixtures.pvc(null, "/backup/orders-daily-20250104-000000/a.backup");
    V1Job job = online(Fixtures.standalone(V5_26), command(V5_26, source), source);
    V1Volume backup = volume(pod(job), "backup");
    assertEquals("neo4j-backups", backup.getPersistentVolumeClaim().getClaimName());
    assertTrue(backup.getPersistentVolumeClaim().getReadOnly());
    V1VolumeMount mount = mount(container(job), "backup");
    assertEquals("/backup", mount.getMountPath());
    assertTrue(mount.getReadOnly());
    assertTrue(isEmpty(container(job).getEnvFrom()));
  }

  @Test
  void the_temp_path_is_an_empty_dir_mounted_where_the_arguments_point() {
    V1Job job = standaloneOnlineS3();
    assertTrue(volume(pod(job), "restore-temp").getEmptyDir() != null);
    assertEquals(RestoreArguments.TEMP_PATH, mount(container(job), "restore-temp").getMountPath());
    assertTrue(container(job).getCommand().contains("--temp-path=" + RestoreArguments.TEMP_PATH));
  }

  @Test
  void aws_and_azure_credentials_come_from_the_secret_never_as_literal_values() {
    for (String type : List.of("s3", "azure")) {
      ResolvedSource source =
          Fixtures.cloud(type, "x://bucket/p", "cloud-credentials", null, "x://bucket/p/a.backup");
      V1Job job = online(Fixtures.standalone(V5_26), command(V5_26, source), source);
      V1Container c = container(job);
      assertEquals("cloud-credentials", c.getEnvFrom().get(0).getSecretRef().getName());
      assertNoLiteralSecrets(c);
    }
  }

  @Test
  void gcs_credentials_are_mounted_as_a_file_that_google_application_credentials_names() {
    ResolvedSource source =
        Fixtures.cloud("gcs", "gs://b/p", "gcs-key", null, "gs://b/p/orders.backup");
    V1Job job = online(Fixtures.standalone(V5_26), command(V5_26, source), source);
    V1Volume v = volume(pod(job), "gcp-credentials");
    assertEquals("gcs-key", v.getSecret().getSecretName());
    assertEquals("GOOGLE_APPLICATION_CREDENTIALS_JSON", v.getSecret().getItems().get(0).getKey());
    V1VolumeMount m = mount(container(job), "gcp-credentials");
    assertTrue(m.getReadOnly());
    String file = m.getMountPath() + "/" + v.getSecret().getItems().get(0).getPath();
    assertEquals(file, env(container(job), "GOOGLE_APPLICATION_CREDENTIALS").getValue());
    assertTrue(isEmpty(container(job).getEnvFrom()));
    assertNoLiteralSecrets(container(job));
  }

  @Test
  void an_s3_endpoint_from_the_backup_resource_is_set_as_aws_endpoint_url_s3() {
    ResolvedSource source =
        new ResolvedSource(
            "s3",
            "s3://b/p",
            List.of(Fixtures.artifact("s3://b/p/a.backup")),
            null,
            null,
            "minio-credentials",
            null,
            "https://minio.storage.svc:9000",
            null);
    V1Job job = online(Fixtures.standalone(V5_26), command(V5_26, source), source);
    assertEquals(
        "https://minio.storage.svc:9000", env(container(job), "AWS_ENDPOINT_URL_S3").getValue());
  }

  @Test
  void the_job_runs_as_the_unprivileged_service_account_unless_workload_identity_names_one() {
    assertEquals(
        ResourceNames.unprivilegedServiceAccount(),
        pod(standaloneOnlineS3()).getServiceAccountName());
    ResolvedSource wi =
        new ResolvedSource(
            "gcs",
            "gs://b/p",
            List.of(Fixtures.artifact("gs://b/p/a.backup")),
            null,
            null,
            null,
            null,
            null,
            "orders-gcs-reader");
    V1Job job = online(Fixtures.standalone(V5_26), command(V5_26, wi), wi);
    assertEquals("orders-gcs-reader", pod(job).getServiceAccountName());
    assertFalse(pod(job).getAutomountServiceAccountToken());
    assertTrue(isEmpty(container(job).getEnvFrom()));
    assertNull(
        pod(job).getVolumes().stream().filter(v -> v.getSecret() != null).findAny().orElse(null));
  }

  @Test
  void the_token_is_mounted_only_when_a_workload_identity_asks_for_it() {
    BackupAccess access =
        new BackupAccess(BackupAccess.StorageType.S3, null, null, null, "custom-identity", true);
    ResolvedSource source = Fixtures.s3(null, "a.backup");
    V1Job job =
        RestoreJobBuilder.build(
            new RestoreJobRequest(
                Fixtures.identity(JobRole.RESTORE),
                Fixtures.standalone(V5_26),
                command(V5_26, source),
                RestoreMode.ONLINE,
                "neo4j-data-orders-0",
                Placement.sharingVolumesWith(Fixtures.servingPod()),
                access,
                null,
                null));
    assertTrue(pod(job).getAutomountServiceAccountToken());
    assertThrows(
        IllegalArgumentException.class,
        () -> new BackupAccess(BackupAccess.StorageType.S3, null, null, null, null, true));
  }

  @Test
  void the_deadline_comes_from_spec_timeout_and_defaults_to_six_hours() {
    assertEquals(21600L, RestoreJobBuilder.activeDeadlineSeconds(null));
    assertEquals(7200L, RestoreJobBuilder.activeDeadlineSeconds("2h"));
    assertEquals(5400L, RestoreJobBuilder.activeDeadlineSeconds("1h30m"));
    assertEquals(604800L, RestoreJobBuilder.activeDeadlineSeconds("7d"));
    assertEquals(2L, RestoreJobBuilder.activeDeadlineSeconds("1500ms"));
    assertThrows(
        IllegalArgumentException.class, () -> RestoreJobBuilder.activeDeadlineSeconds("0s"));
    assertThrows(
        IllegalArgumentException.class, () -> RestoreJobBuilder.activeDeadlineSeconds("2 hours"));
  }

  @Test
  void a_command_that_is_not_neo4j_admin_database_restore_is_refused() {
    ResolvedSource source = Fixtures.s3(null, "a.backup");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            RestoreJobRequest.offline(
                Fixtures.identity(JobRole.RESTORE),
                Fixtures.cluster(V5_26),
                List.of("sh", "-c", "neo4j-admin database restore"),
                null,
                BackupAccess.from(source),
                null));
  }

  @Test
  void the_storage_wiring_refuses_contradictions() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new BackupAccess(BackupAccess.StorageType.PVC, null, null, null, null, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BackupAccess(BackupAccess.StorageType.PVC, "p", "secret", null, null, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BackupAccess(BackupAccess.StorageType.GCS, null, null, "https://x", null, false));
    assertThrows(IllegalArgumentException.class, () -> BackupAccess.StorageType.of("ftp"));
  }

  // ---- helpers

  @Test
  void a_scratch_claim_replaces_the_temp_empty_dir_and_is_mounted_at_the_temp_path() {
    Target target = Fixtures.cluster(V2025_04);
    ResolvedSource source = Fixtures.pvc(null, "/backup/orders.backup");
    V1Job job =
        RestoreJobBuilder.build(
            RestoreJobRequest.offline(
                    Fixtures.identity(JobRole.RESTORE),
                    target,
                    command(V2025_04, source),
                    null,
                    BackupAccess.from(source),
                    "2h")
                .withScratch(
                    Scratch.of(
                        new io.neo4jrestore.api.model.PvcSpec("backups", "fast", "200Gi"),
                        target.workload())));
    V1PodSpec pod = pod(job);
    var temp =
        pod.getVolumes().stream()
            .filter(v -> "restore-temp".equals(v.getName()))
            .findFirst()
            .orElseThrow();
    assertEquals(null, temp.getEmptyDir());
    var claim = temp.getEphemeral().getVolumeClaimTemplate();
    assertEquals("fast", claim.getSpec().getStorageClassName());
    assertEquals(
        io.kubernetes.client.custom.Quantity.fromString("200Gi"),
        claim.getSpec().getResources().getRequests().get("storage"));
    assertEquals(
        "neo4j-restore",
        claim.getMetadata().getLabels().get(io.neo4jrestore.api.Labels.MANAGED_BY));
    assertTrue(
        pod.getContainers().get(0).getVolumeMounts().stream()
            .anyMatch(
                m ->
                    "restore-temp".equals(m.getName())
                        && "/restore-temp".equals(m.getMountPath())));
    assertTrue(pod.getContainers().get(0).getCommand().contains("--temp-path=/restore-temp"));
  }

  private static V1Job standaloneOnlineS3() {
    Target target = Fixtures.standalone(V5_26);
    ResolvedSource source =
        Fixtures.s3(
            null,
            "s3://acme-backups/neo4j/orders-2025-01-04T00-00-05.backup",
            "s3://acme-backups/neo4j/orders-2025-01-04T12-00-03.backup");
    return online(target, command(V5_26, source), source);
  }

  private static List<String> command(Neo4jVersion version, ResolvedSource source) {
    return RestoreArguments.build(
        new RestoreArguments.Request(version, "orders", source, false, false, List.of()));
  }

  private static V1Job online(Target target, List<String> command, ResolvedSource source) {
    return RestoreJobBuilder.build(
        RestoreJobRequest.online(
            Fixtures.identity(JobRole.RESTORE),
            target,
            command,
            Fixtures.servingPod(),
            BackupAccess.from(source),
            null));
  }

  static boolean isEmpty(List<?> list) {
    return list == null || list.isEmpty();
  }

  private static void assertGolden(String file, V1Job job) {
    Golden.assertMatches(file, job);
  }

  static V1PodSpec pod(V1Job job) {
    return job.getSpec().getTemplate().getSpec();
  }

  static V1Container container(V1Job job) {
    assertEquals(1, pod(job).getContainers().size());
    return pod(job).getContainers().get(0);
  }

  static V1Volume volume(V1PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  static V1VolumeMount mount(V1Container c, String name) {
    return c.getVolumeMounts().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no mount " + name));
  }

  static V1EnvVar env(V1Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name));
  }

  /** No variable that names a secret carries a literal value: they come from Secret refs. */
  static void assertNoLiteralSecrets(V1Container c) {
    if (c.getEnv() == null) {
      return;
    }
    for (V1EnvVar e : c.getEnv()) {
      String n = e.getName().toUpperCase(Locale.ROOT);
      boolean secretish =
          n.contains("KEY")
              || n.contains("SECRET")
              || n.contains("PASSWORD")
              || n.contains("TOKEN")
              || n.endsWith("_JSON");
      if (secretish) {
        assertNull(e.getValue(), e.getName() + " must come from a Secret reference");
      }
    }
  }
}

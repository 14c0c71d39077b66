package io.neo4jrestore.runner.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1Volume;
import io.neo4jrestore.api.model.PvcSpec;
import io.neo4jrestore.runner.target.TargetWorkload;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSizingTest {
  /** The Neo4j operator's defaults for its server container. */
  private static final TargetWorkload OPERATOR =
      workload(Map.of("cpu", "500m", "memory", "1Gi"), Map.of("cpu", "1", "memory", "2Gi"), "10Gi");

  private static final TargetWorkload BIG =
      workload(Map.of("cpu", "4", "memory", "16Gi"), Map.of("cpu", "8", "memory", "32Gi"), "500Gi");

  static TargetWorkload workload(
      Map<String, String> requests, Map<String, String> limits, String dataSize) {
    return new TargetWorkload(
        "Retain",
        List.of("data"),
        0,
        new V1ResourceRequirements().requests(quantities(requests)).limits(quantities(limits)),
        dataSize == null ? null : Quantity.fromString(dataSize));
  }

  private static Map<String, Quantity> quantities(Map<String, String> values) {
    return values == null
        ? null
        : values.entrySet().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    Map.Entry::getKey, e -> Quantity.fromString(e.getValue())));
  }

  private static String q(Map<String, Quantity> m, String key) {
    return m == null || m.get(key) == null ? null : m.get(key).toSuffixedString();
  }

  private static void assertResources(
      V1ResourceRequirements r,
      String cpuRequest,
      String memoryRequest,
      String cpuLimit,
      String memoryLimit) {
    assertEquals(cpuRequest, q(r.getRequests(), "cpu"), "cpu request");
    assertEquals(memoryRequest, q(r.getRequests(), "memory"), "memory request");
    assertEquals(cpuLimit, q(r.getLimits(), "cpu"), "cpu limit");
    assertEquals(memoryLimit, q(r.getLimits(), "memory"), "memory limit");
  }

  @Test
  void an_offline_restore_gets_the_server_containers_requests_and_limits() {
    assertResources(JobSizing.restore(OPERATOR, RestoreMode.OFFLINE), "500m", "1Gi", "1", "2Gi");
    assertResources(JobSizing.restore(BIG, RestoreMode.OFFLINE), "4", "16Gi", "8", "32Gi");
  }

  @Test
  void an_online_restore_beside_the_server_requests_a_quarter_with_floors_and_the_same_limits() {
    assertResources(JobSizing.restore(BIG, RestoreMode.ONLINE), "1", "4Gi", "8", "32Gi");
    // a quarter of 500m and 1Gi is below the floors (100m is not, 512Mi is)
    assertResources(JobSizing.restore(OPERATOR, RestoreMode.ONLINE), "125m", "512Mi", "1", "2Gi");
  }

  @Test
  void inspect_and_verify_request_a_quarter_with_floors_never_above_the_servers_own() {
    assertResources(JobSizing.inspect(OPERATOR), "125m", "512Mi", "1", "2Gi");
    assertResources(JobSizing.inspect(BIG), "1", "4Gi", "8", "32Gi");
    TargetWorkload tiny =
        workload(Map.of("cpu", "50m", "memory", "256Mi"), Map.of("memory", "384Mi"), null);
    assertResources(JobSizing.inspect(tiny), "50m", "256Mi", null, "384Mi");
  }

  @Test
  void without_server_resources_requests_are_the_floors_and_nothing_is_limited() {
    assertResources(
        JobSizing.restore(TargetWorkload.unknown(), RestoreMode.OFFLINE),
        "100m",
        "512Mi",
        null,
        null);
    assertResources(JobSizing.inspect(TargetWorkload.unknown()), "100m", "512Mi", null, null);
    // a limit alone caps the floor
    TargetWorkload limitOnly = workload(null, Map.of("memory", "256Mi"), null);
    assertResources(JobSizing.inspect(limitOnly), "100m", "256Mi", null, "256Mi");
  }

  @Test
  void the_stage_container_gets_the_runner_jobs_own_resources() {
    assertResources(JobSizing.stage(), "100m", "256Mi", null, "768Mi");
  }

  @Test
  void scratch_is_an_empty_dir_as_large_as_the_data_volume_by_default() {
    V1Volume v = Scratch.of(null, OPERATOR).volume("restore-temp");
    assertEquals("restore-temp", v.getName());
    assertEquals(Quantity.fromString("10Gi"), v.getEmptyDir().getSizeLimit());
    assertNull(v.getEphemeral());
    V1Volume unknown = Scratch.of(null, TargetWorkload.unknown()).volume("restore-temp");
    assertEquals(Scratch.DEFAULT_SIZE, unknown.getEmptyDir().getSizeLimit());
  }

  @Test
  void pvc_size_and_storage_class_make_the_scratch_a_generic_ephemeral_volume() {
    V1Volume v =
        Scratch.of(new PvcSpec("backups", "fast-ssd", "200Gi"), OPERATOR).volume("restore-temp");
    assertNull(v.getEmptyDir());
    var claim = v.getEphemeral().getVolumeClaimTemplate();
    assertEquals("fast-ssd", claim.getSpec().getStorageClassName());
    assertEquals(
        Quantity.fromString("200Gi"), claim.getSpec().getResources().getRequests().get("storage"));
    assertEquals(List.of("ReadWriteOnce"), claim.getSpec().getAccessModes());
    // a class alone: the data volume's size in that class; a size alone: the default class
    var classOnly =
        Scratch.of(new PvcSpec("backups", "fast-ssd", null), OPERATOR)
            .volume("t")
            .getEphemeral()
            .getVolumeClaimTemplate()
            .getSpec();
    assertEquals(
        Quantity.fromString("10Gi"), classOnly.getResources().getRequests().get("storage"));
    var sizeOnly =
        Scratch.of(new PvcSpec("backups", null, "50Gi"), OPERATOR)
            .volume("t")
            .getEphemeral()
            .getVolumeClaimTemplate()
            .getSpec();
    assertNull(sizeOnly.getStorageClassName());
    // the name alone (the claim the backups are on) says nothing about scratch space
    assertEquals(
        Quantity.fromString("10Gi"),
        Scratch.of(new PvcSpec("backups", null, null), OPERATOR)
            .volume("t")
            .getEmptyDir()
            .getSizeLimit());
  }

  private static io.neo4jrestore.api.model.Neo4jRestoreSpec spec(String yaml) throws Exception {
    return io.neo4jrestore.api.json.ApiMapper.yaml()
        .readValue(yaml, io.neo4jrestore.api.model.Neo4jRestoreSpec.class);
  }

  @Test
  void the_scratch_pvc_is_read_from_the_storage_the_backup_comes_from() throws Exception {
    assertEquals(
        new PvcSpec("backups", "fast", "200Gi"),
        Scratch.sourcePvc(
            spec(
                """
                source:
                  type: storage
                  storage: {type: pvc, pvc: {name: backups, storageClassName: fast, size: 200Gi}}
                """)));
    assertEquals(
        new PvcSpec("base", null, "20Gi"),
        Scratch.sourcePvc(
            spec(
                """
                source:
                  type: pitr
                  pitr:
                    baseBackup: {type: storage, storage: {type: pvc, pvc: {name: base, size: 20Gi}}}
                    logStorage: {type: pvc, pvc: {name: logs, size: 5Gi}}
                """)));
    assertEquals(
        new PvcSpec("logs", null, "5Gi"),
        Scratch.sourcePvc(
            spec(
                """
                source:
                  type: pitr
                  pitr:
                    baseBackup: {type: storage, storage: {type: s3, bucket: b}}
                    logStorage: {type: pvc, pvc: {name: logs, size: 5Gi}}
                """)));
    assertNull(
        Scratch.sourcePvc(spec("source: {type: s3, storage: {type: s3, bucket: b}}")),
        "a cloud source has no pvc");
    assertNull(Scratch.sourcePvc(spec("source: {type: backup, backupRef: nightly}")));
  }

  @Test
  void a_pvc_size_that_is_not_a_quantity_is_refused_naming_the_field() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Scratch.of(new PvcSpec("backups", null, "lots"), OPERATOR));
    assertEquals("pvc.size \"lots\" is not a Kubernetes quantity (such as 100Gi)", e.getMessage());
  }
}

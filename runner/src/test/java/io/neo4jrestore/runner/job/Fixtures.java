package io.neo4jrestore.runner.job;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EmptyDirVolumeSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimVolumeSource;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1SELinuxOptions;
import io.kubernetes.client.openapi.models.V1Toleration;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.api.model.ResolvedSource.Artifact;
import io.neo4jrestore.runner.neo4j.Neo4jVersion;
import io.neo4jrestore.runner.target.Target;
import io.neo4jrestore.runner.target.TargetKind;
import io.neo4jrestore.runner.target.TargetWorkload;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Test values: targets, identities, sources. */
final class Fixtures {
  static final String NS = "graphs";
  static final String UID = "6f1c2a1e-8d0b-4c59-9a6e-3f7d2b9c0e41";

  static final Neo4jVersion V5_26 = Neo4jVersion.parseTag("5.26.3-enterprise");
  static final Neo4jVersion V2025_01 = Neo4jVersion.parseTag("2025.01.0-enterprise");
  static final Neo4jVersion V2025_04 = Neo4jVersion.parseTag("2025.04.0-enterprise");
  static final Neo4jVersion V2025_06 = Neo4jVersion.parseTag("2025.06.2-enterprise");
  static final Neo4jVersion V2025_08 = Neo4jVersion.parseTag("2025.08.0-enterprise");

  private Fixtures() {}

  /**
   * What the Neo4j operator's StatefulSets say: its default server resources (requests 500m CPU and
   * 1Gi, limits 1 CPU and 2Gi), a 10Gi data volume, whenScaled Retain (the older lineage).
   */
  static TargetWorkload operatorWorkload(String dataClaim) {
    return new TargetWorkload(
        "Retain",
        List.of(dataClaim),
        0,
        new V1ResourceRequirements()
            .requests(
                Map.of("cpu", Quantity.fromString("500m"), "memory", Quantity.fromString("1Gi")))
            .limits(Map.of("cpu", Quantity.fromString("1"), "memory", Quantity.fromString("2Gi"))),
        Quantity.fromString("10Gi"));
  }

  static Target standalone(Neo4jVersion version) {
    return new Target(
        TargetKind.STANDALONE,
        NS,
        "orders",
        "neo4j.neo4j.com/v1alpha1",
        1,
        "neo4j:" + version + "-enterprise",
        "IfNotPresent",
        List.of("registry-credentials"),
        version,
        "neo4j-admin-secret",
        false,
        null,
        operatorWorkload("neo4j-data"));
  }

  static Target cluster(Neo4jVersion version) {
    return new Target(
        TargetKind.CLUSTER,
        NS,
        "core",
        "neo4j.neo4j.com/v1alpha1",
        3,
        "registry.example.com/neo4j:" + version + "-enterprise",
        "Always",
        List.of(),
        version,
        "neo4j-admin-secret",
        true,
        "core-tls-secret",
        operatorWorkload("data"));
  }

  static JobIdentity identity(JobRole role) {
    return JobIdentity.forAttempt(NS, "orders-nightly", UID, 3, null, role);
  }

  static Artifact artifact(String path) {
    return new Artifact(path, null, "orders", null, null, null, null, null);
  }

  static ResolvedSource cloud(
      String type, String location, String secret, String restoreUntil, String... artifacts) {
    return new ResolvedSource(
        type,
        location,
        Arrays.stream(artifacts).map(Fixtures::artifact).toList(),
        null,
        restoreUntil,
        secret,
        null,
        null,
        null);
  }

  static ResolvedSource s3(String restoreUntil, String... artifacts) {
    return cloud("s3", "s3://acme-backups/neo4j", "s3-backup-credentials", restoreUntil, artifacts);
  }

  static ResolvedSource pvc(String restoreUntil, String... artifacts) {
    return new ResolvedSource(
        "pvc",
        "/backup/orders-daily-20250104-000000",
        Arrays.stream(artifacts).map(Fixtures::artifact).toList(),
        null,
        restoreUntil,
        null,
        "neo4j-backups",
        null,
        null);
  }

  /** The standalone's serving pod: node, tolerations, SELinux level, as the operator runs it. */
  static V1Pod servingPod() {
    return new V1Pod()
        .metadata(new V1ObjectMeta().name("orders-0").namespace(NS))
        .spec(
            new V1PodSpec()
                .nodeName("worker-b.eu-west-1.compute.internal")
                .addTolerationsItem(
                    new V1Toleration()
                        .key("dedicated")
                        .operator("Equal")
                        .value("neo4j")
                        .effect("NoSchedule"))
                .addTolerationsItem(
                    new V1Toleration()
                        .key("node.kubernetes.io/not-ready")
                        .operator("Exists")
                        .effect("NoExecute")
                        .tolerationSeconds(300L))
                .securityContext(
                    new V1PodSecurityContext()
                        .fsGroup(7474L)
                        .seLinuxOptions(new V1SELinuxOptions().level("s0:c123,c456")))
                .addContainersItem(
                    new V1Container()
                        .name("neo4j")
                        .addVolumeMountsItem(new V1VolumeMount().name("logs").mountPath("/logs"))
                        .addVolumeMountsItem(new V1VolumeMount().name("data").mountPath("/data")))
                .addVolumesItem(new V1Volume().name("logs").emptyDir(new V1EmptyDirVolumeSource()))
                .addVolumesItem(
                    new V1Volume()
                        .name("data")
                        .persistentVolumeClaim(
                            new V1PersistentVolumeClaimVolumeSource()
                                .claimName("neo4j-data-orders-0"))));
  }

  static List<V1Toleration> dedicatedNodes() {
    return List.of(
        new V1Toleration().key("dedicated").operator("Equal").value("neo4j").effect("NoSchedule"));
  }
}

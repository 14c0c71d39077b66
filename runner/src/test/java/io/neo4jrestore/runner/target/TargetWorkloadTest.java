package io.neo4jrestore.runner.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.json.ApiMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetWorkloadTest {
  /** As the runner reads it: leniently (LenientJson), so partial objects are fine. */
  private static V1StatefulSet sts(String yaml) throws Exception {
    io.neo4jrestore.runner.kube.LenientJson.install();
    String json = ApiMapper.json().writeValueAsString(ApiMapper.yaml().readTree(yaml));
    return new JSON().deserialize(json, V1StatefulSet.class);
  }

  private static final String OPERATOR_LIKE =
      """
      metadata: {name: graph-server}
      spec:
        replicas: 3
        persistentVolumeClaimRetentionPolicy: {whenScaled: Delete, whenDeleted: Retain}
        template:
          spec:
            containers:
              - name: neo4j
                image: neo4j:5.26.3-enterprise
                resources:
                  requests: {cpu: 500m, memory: 1Gi}
                  limits: {cpu: "1", memory: 2Gi}
                volumeMounts:
                  - {name: data, mountPath: /data}
                  - {name: logs, mountPath: /logs}
        volumeClaimTemplates:
          - metadata: {name: data}
            spec: {resources: {requests: {storage: 10Gi}}}
          - metadata: {name: logs}
            spec: {resources: {requests: {storage: 1Gi}}}
      """;

  @Test
  void reads_the_retention_policy_the_claim_templates_and_the_server_container() throws Exception {
    TargetWorkload w = TargetWorkload.of(sts(OPERATOR_LIKE));
    assertEquals("Delete", w.whenScaled());
    assertTrue(w.deletesClaimsWhenScaled());
    assertEquals(List.of("data", "logs"), w.claimTemplates());
    assertEquals(Quantity.fromString("10Gi"), w.dataVolumeSize());
    assertEquals(Quantity.fromString("500m"), w.serverResources().getRequests().get("cpu"));
    assertEquals(Quantity.fromString("2Gi"), w.serverResources().getLimits().get("memory"));
  }

  @Test
  void data_volume_names_come_from_every_claim_template_and_every_ordinal() throws Exception {
    TargetWorkload w = TargetWorkload.of(sts(OPERATOR_LIKE));
    assertEquals(
        List.of(
            "data-graph-server-0",
            "logs-graph-server-0",
            "data-graph-server-1",
            "logs-graph-server-1"),
        w.claimNames("graph-server", 2));
  }

  @Test
  void a_start_ordinal_shifts_the_names() throws Exception {
    TargetWorkload w =
        TargetWorkload.of(
            sts(
                """
                spec:
                  ordinals: {start: 3}
                  volumeClaimTemplates: [{metadata: {name: neo4j-data}}]
                """));
    assertEquals(List.of("neo4j-data-solo-3", "neo4j-data-solo-4"), w.claimNames("solo", 2));
  }

  @Test
  void without_a_policy_or_without_templates_nothing_is_deleted_on_scale_down() throws Exception {
    TargetWorkload none =
        TargetWorkload.of(sts(OPERATOR_LIKE.replace("whenScaled: Delete", "whenScaled: Retain")));
    assertFalse(none.deletesClaimsWhenScaled());
    TargetWorkload absent =
        TargetWorkload.of(sts("spec: {volumeClaimTemplates: [{metadata: {name: data}}]}"));
    assertNull(absent.whenScaled());
    assertFalse(absent.deletesClaimsWhenScaled());
    TargetWorkload noTemplates =
        TargetWorkload.of(
            sts("spec: {persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}}"));
    assertFalse(noTemplates.deletesClaimsWhenScaled(), "no claim of its own to delete");
    assertFalse(TargetWorkload.unknown().deletesClaimsWhenScaled());
  }

  @Test
  void the_server_container_is_the_one_named_neo4j_else_the_first() throws Exception {
    TargetWorkload w =
        TargetWorkload.of(
            sts(
                """
                spec:
                  template:
                    spec:
                      containers:
                        - {name: sidecar, resources: {limits: {memory: 64Mi}}}
                        - {name: neo4j, resources: {limits: {memory: 4Gi}}}
                """));
    assertEquals(Quantity.fromString("4Gi"), w.serverResources().getLimits().get("memory"));
    TargetWorkload first =
        TargetWorkload.of(
            sts(
                """
                spec:
                  template:
                    spec:
                      containers:
                        - {name: server, resources: {limits: {memory: 3Gi}}}
                """));
    assertEquals(Quantity.fromString("3Gi"), first.serverResources().getLimits().get("memory"));
  }
}

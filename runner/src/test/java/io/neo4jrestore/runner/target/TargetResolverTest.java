package io.neo4jrestore.runner.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.runner.common.RestoreFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetResolverTest {
  private static JsonNode yaml(String text) throws Exception {
    return ApiMapper.yaml().readTree(text);
  }

  @Test
  void a_cluster_resolves_to_its_statefulset_service_pvc_and_secrets() throws Exception {
    Target t =
        TargetResolver.fromResource(
            TargetKind.CLUSTER,
            "neo4j.neo4j.com/v1alpha1",
            "prod",
            "graph",
            yaml(
                """
                spec:
                  image: {repo: neo4j, tag: 5.26.3-enterprise, pullSecrets: [regcred, {name: other}]}
                  topology: {servers: 3}
                  tls: {mode: cert-manager}
                """));
    assertEquals("graph-server", t.statefulSet());
    assertEquals("graph-server-0", t.pod(0));
    assertEquals("data-graph-server-0", t.dataPvc(0));
    assertEquals("neo4j+s://graph-client.prod.svc:7687", t.boltUri());
    assertEquals("neo4j-admin-secret", t.adminSecret());
    assertEquals("graph-tls-secret", t.caSecret());
    assertEquals(List.of("regcred", "other"), t.imagePullSecrets());
    assertEquals(3, t.servers());
  }

  @Test
  void a_standalone_uses_its_own_names_and_the_trusted_ca_secret() throws Exception {
    Target t =
        TargetResolver.fromResource(
            TargetKind.STANDALONE,
            "neo4j.neo4j.com/v1beta1",
            "dev",
            "solo",
            yaml(
                """
                spec:
                  image: {repo: neo4j, tag: 2025.04.0-enterprise}
                  auth: {adminSecret: my-admin}
                  tls: {mode: cert-manager, trustedCASecret: corp-ca}
                """));
    assertEquals("solo", t.statefulSet());
    assertEquals("neo4j-data-solo-0", t.dataPvc(0));
    assertEquals(
        "bolt+s://solo-client.dev.svc:7687",
        t.boltUri(),
        "v1beta1: <n>-client is the standalone's Service, <n>-service a deprecated alias");
    assertEquals("my-admin", t.adminSecret());
    assertEquals("corp-ca", t.caSecret());
    assertEquals(1, t.servers());
  }

  @Test
  void without_tls_there_is_no_ca_and_bolt_is_plain() throws Exception {
    Target t =
        TargetResolver.fromResource(
            TargetKind.STANDALONE,
            "neo4j.neo4j.com/v1alpha1",
            "dev",
            "solo",
            yaml("spec: {image: {repo: neo4j, tag: '5.26'}}"));
    assertFalse(t.tls());
    assertEquals(null, t.caSecret());
    assertEquals(
        "bolt://solo-service.dev.svc:7687", t.boltUri(), "v1alpha1 standalones serve <n>-service");
  }

  @Test
  void versions_older_than_5_26_or_2025_01_are_refused_with_the_version() {
    for (String tag : List.of("5.25.1-enterprise", "4.4.30", "2024.12.0")) {
      RestoreFailure f =
          assertThrows(
              RestoreFailure.class,
              () ->
                  TargetResolver.fromResource(
                      TargetKind.STANDALONE,
                      "v1alpha1",
                      "dev",
                      "solo",
                      yaml("spec: {image: {repo: neo4j, tag: '" + tag + "'}}")));
      assertEquals(Reasons.UNSUPPORTED_VERSION, f.reason());
      assertTrue(f.getMessage().contains("upgrade"), f.getMessage());
    }
    RestoreFailure latest =
        assertThrows(
            RestoreFailure.class,
            () ->
                TargetResolver.fromResource(
                    TargetKind.STANDALONE,
                    "v1beta1",
                    "dev",
                    "solo",
                    yaml("spec: {image: {repo: neo4j, tag: latest}}")));
    assertTrue(latest.getMessage().contains("\"latest\""), latest.getMessage());
  }

  @Test
  void an_operator_served_at_another_version_is_refused_before_anything_changes() {
    RestoreFailure f =
        assertThrows(
            RestoreFailure.class,
            () ->
                TargetResolver.fromResource(
                    TargetKind.CLUSTER,
                    "neo4j.neo4j.com/v1",
                    "prod",
                    "graph",
                    yaml("spec: {image: {repo: neo4j, tag: 5.26.3}, topology: {servers: 3}}")));
    assertEquals(Reasons.UNSUPPORTED_OPERATOR, f.reason());
    assertTrue(f.getMessage().contains("neo4j.neo4j.com/v1"), f.getMessage());
    assertTrue(f.getMessage().contains("nothing was changed"), f.getMessage());
  }
}

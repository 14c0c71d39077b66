package io.neo4jrestore.runner.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.runner.neo4j.Neo4jCredentials;
import io.neo4jrestore.runner.neo4j.Neo4jVersion;
import io.neo4jrestore.runner.target.Target;
import io.neo4jrestore.runner.target.TargetKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The throw-away server's manifests: what they hold, and what they never copy from the target. */
class DrillServerTest {
  private static final String UID = "0f3c2a9e-1111-4222-8333-444455556666";
  private static final String STS_UID = "5a5a5a5a-1111-4222-8333-444455556666";
  private static final Target REAL =
      new Target(
          TargetKind.CLUSTER,
          "prod",
          "graph",
          "neo4j.neo4j.com/v1beta1",
          3,
          "neo4j:5.26.12-enterprise",
          "IfNotPresent",
          List.of("registry-pull"),
          Neo4jVersion.parseTag("5.26.12"),
          "graph-auth",
          true,
          "graph-ca");

  private static DrillServer server(List<JsonNode> env) {
    return server(env, Neo4jCredentials.Layout.NEO4J_AUTH);
  }

  private static DrillServer server(List<JsonNode> env, Neo4jCredentials.Layout auth) {
    return new DrillServer(
        "nightly.drill",
        UID,
        "prod",
        DrillServer.target("nightly.drill", UID, REAL, "prod"),
        env,
        auth,
        "20Gi",
        "fast");
  }

  private static JsonNode license() {
    return ApiMapper.json()
        .createObjectNode()
        .put("name", "NEO4J_ACCEPT_LICENSE_AGREEMENT")
        .put("value", "yes");
  }

  @Test
  void the_server_is_a_standalone_of_the_targets_image_and_credentials_without_its_tls() {
    Target t = DrillServer.target("nightly.drill", UID, REAL, "prod");

    assertEquals(TargetKind.STANDALONE, t.kind());
    assertEquals("prod", t.namespace());
    assertEquals(1, t.servers());
    assertEquals(REAL.image(), t.image());
    assertEquals("graph-auth", t.adminSecret());
    assertFalse(t.tls(), "the throw-away server has no certificates");
    assertTrue(t.name().matches("^[a-z]([-a-z0-9]*[a-z0-9])?$"), "a DNS-1035 label: " + t.name());
    assertTrue(t.pod(0).length() <= 52, t.pod(0));
  }

  @Test
  void every_object_is_labelled_as_the_drills_the_server_owned_by_the_restore_the_rest_by_it() {
    DrillServer s = server(List.of(license()));
    for (ObjectNode o : List.of(s.claim(STS_UID), s.service(STS_UID), s.statefulSet())) {
      assertEquals(UID, o.at("/metadata/labels").path(Labels.DRILL).asText(), o.toString());
      assertEquals("prod", o.at("/metadata/namespace").asText());
    }
    assertEquals(UID, s.statefulSet().at("/metadata/ownerReferences/0/uid").asText());
    assertEquals("Neo4jRestore", s.statefulSet().at("/metadata/ownerReferences/0/kind").asText());
    for (ObjectNode o : List.of(s.claim(STS_UID), s.service(STS_UID))) {
      assertEquals(STS_UID, o.at("/metadata/ownerReferences/0/uid").asText(), o.toString());
      assertEquals("StatefulSet", o.at("/metadata/ownerReferences/0/kind").asText());
      assertEquals(
          s.statefulSet().at("/metadata/name").asText(),
          o.at("/metadata/ownerReferences/0/name").asText());
    }
    assertEquals(Labels.DRILL + "=" + UID, DrillServer.selector(UID));
  }

  @Test
  void the_statefulset_waits_at_zero_replicas_on_the_claim_the_restore_job_writes() {
    DrillServer s = server(List.of(license()));
    ObjectNode sts = s.statefulSet();

    assertEquals(0, sts.at("/spec/replicas").asInt(-1));
    assertEquals(
        s.claim(STS_UID).at("/metadata/name").asText(),
        sts.at("/spec/template/spec/volumes/0/persistentVolumeClaim/claimName").asText());
    assertEquals(
        "/data", sts.at("/spec/template/spec/containers/0/volumeMounts/0/mountPath").asText());
    assertEquals("20Gi", s.claim(STS_UID).at("/spec/resources/requests/storage").asText());
    assertEquals("fast", s.claim(STS_UID).at("/spec/storageClassName").asText());
    assertEquals("None", s.service(STS_UID).at("/spec/clusterIP").asText());
    assertEquals(7687, s.service(STS_UID).at("/spec/ports/0/port").asInt());
    assertEquals(
        sts.at("/spec/selector/matchLabels"),
        s.service(STS_UID).at("/spec/selector"),
        "the Service finds the pod");
    assertEquals("registry-pull", sts.at("/spec/template/spec/imagePullSecrets/0/name").asText());
    assertFalse(sts.at("/spec/template/spec/automountServiceAccountToken").asBoolean(true));
    assertEquals(
        "1Gi", sts.at("/spec/template/spec/containers/0/resources/requests/memory").asText());
  }

  @Test
  void the_password_comes_from_the_admin_secret_by_reference_never_as_a_value() {
    JsonNode env =
        server(List.of(license())).statefulSet().at("/spec/template/spec/containers/0/env");

    assertEquals("NEO4J_ACCEPT_LICENSE_AGREEMENT", env.get(0).path("name").asText());
    assertEquals("NEO4J_AUTH", env.get(1).path("name").asText());
    assertEquals("graph-auth", env.get(1).at("/valueFrom/secretKeyRef/name").asText());
    assertEquals("NEO4J_AUTH", env.get(1).at("/valueFrom/secretKeyRef/key").asText());
    assertTrue(env.get(1).path("value").isMissingNode());
  }

  @Test
  void an_operator_secret_of_username_and_password_reaches_neo4j_auth_through_two_variables() {
    // the operator's Secrets have username and password (docs/compat.md §3), not NEO4J_AUTH
    JsonNode env =
        server(List.of(license()), Neo4jCredentials.Layout.USERNAME_PASSWORD)
            .statefulSet()
            .at("/spec/template/spec/containers/0/env");

    assertEquals(4, env.size(), env.toString());
    assertEquals("DB_USERNAME", env.get(1).path("name").asText());
    assertEquals("graph-auth", env.get(1).at("/valueFrom/secretKeyRef/name").asText());
    assertEquals("username", env.get(1).at("/valueFrom/secretKeyRef/key").asText());
    assertEquals("DB_PASSWORD", env.get(2).path("name").asText());
    assertEquals("password", env.get(2).at("/valueFrom/secretKeyRef/key").asText());
    assertEquals("NEO4J_AUTH", env.get(3).path("name").asText());
    assertEquals(
        "$(DB_USERNAME)/$(DB_PASSWORD)",
        env.get(3).path("value").asText(),
        "the kubelet expands variables defined before");
  }

  @Test
  void the_variables_carrying_the_password_are_not_read_as_settings_by_the_neo4j_image() {
    // the image turns NEO4J_<setting> variables into neo4j.conf settings
    assertFalse(DrillServer.USERNAME_VAR.startsWith("NEO4J_"));
    assertFalse(DrillServer.PASSWORD_VAR.startsWith("NEO4J_"));
  }

  @Test
  void only_the_license_is_copied_from_the_target_never_its_password_variables() {
    assertEquals(List.of("NEO4J_ACCEPT_LICENSE_AGREEMENT"), DrillServer.COPIED_ENV);
  }

  @Test
  void
      a_server_in_another_namespace_is_owned_by_nothing_across_it_and_gets_generated_credentials() {
    Target elsewhere = DrillServer.target("nightly.drill", UID, REAL, "drills");
    DrillServer s =
        new DrillServer(
            "nightly.drill",
            UID,
            "prod",
            elsewhere,
            List.of(license()),
            Neo4jCredentials.Layout.NEO4J_AUTH,
            "20Gi",
            null);

    assertTrue(s.elsewhere());
    assertEquals("drills", elsewhere.namespace());
    assertEquals(DrillServer.credentialsSecret("nightly.drill", UID), elsewhere.adminSecret());
    ObjectNode sts = s.statefulSet();
    assertEquals("drills", sts.at("/metadata/namespace").asText());
    assertTrue(
        sts.at("/metadata/ownerReferences").isMissingNode(),
        "an owner in another namespace would have the StatefulSet deleted");
    assertEquals(
        "prod/nightly.drill", sts.at("/metadata/annotations").path(DrillServer.DRILL_OF).asText());
    ObjectNode secret = s.credentials(STS_UID, "generated-password".toCharArray());
    assertEquals("drills", secret.at("/metadata/namespace").asText());
    assertEquals(STS_UID, secret.at("/metadata/ownerReferences/0/uid").asText());
    assertEquals(UID, secret.at("/metadata/labels").path(Labels.DRILL).asText());
    assertEquals("neo4j/generated-password", secret.at("/stringData").path("NEO4J_AUTH").asText());
    JsonNode env = sts.at("/spec/template/spec/containers/0/env");
    assertEquals(elsewhere.adminSecret(), env.get(1).at("/valueFrom/secretKeyRef/name").asText());
  }
}

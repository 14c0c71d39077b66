package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Secret;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.DrillRecord;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.drill.DrillServer;
import io.neo4jrestore.runner.world.CallOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A drill in another namespace ({@code spec.drill.namespace: drills}): everything it makes is made
 * there, with generated credentials and without an owner across namespaces; the restore carries a
 * finalizer while anything is there; what it cannot have there is refused before anything is made;
 * a drill deleted mid-run stops and cleans up there.
 */
class DrillElsewhereTest extends InMemoryDrills {
  private static final String D = "drills";
  private static final String D_STS = "/apis/apps/v1/namespaces/drills/statefulsets";
  private static final String D_CORE = "/api/v1/namespaces/drills/";
  private static final String D_JOBS = "/apis/batch/v1/namespaces/drills/jobs";
  private static final String RESTORE = RestoreApi.path(NS, "r");

  Neo4jRestore drillElsewhere(String source) {
    return restore(
        source,
        "drill: {namespace: drills, assertions: [\"" + COUNT + "\", \"" + SECRET_LOOKING + "\"]}");
  }

  /** Nothing of the drill in {@code drills}, and its restore without the finalizer. */
  void assertNothingLeftThere() {
    for (String collection :
        List.of(
            D_STS,
            D_CORE + "services",
            D_CORE + "persistentvolumeclaims",
            D_CORE + "secrets",
            D_JOBS)) {
      assertEquals(List.of(), world.collectionNames(collection), collection);
    }
    assertEquals(List.of(), finalizers(), "the restore's finalizer is removed");
  }

  List<String> finalizers() {
    List<String> out = new ArrayList<>();
    world
        .get(RESTORE)
        .ifPresent(r -> r.at("/metadata/finalizers").forEach(f -> out.add(f.asText())));
    return out;
  }

  @Test
  void a_drill_in_another_namespace_is_made_there_with_generated_credentials_and_cleaned_up()
      throws Exception {
    Neo4jRestore r = drillElsewhere(S3);
    String drill = DrillServer.name("r", r.metadata().uid());

    RunnerExit exit = run(r);

    assertEquals(RunnerExit.SUCCEEDED, exit, out.toString());
    assertEquals(DrillRecord.PASSED, lastDrill().outcome());
    CallOrder.assertThat(world.calls())
        .inOrder(
            "finalizer " + RESTORE + " +" + DrillServer.FINALIZER,
            "createObject " + D_STS + "/" + drill,
            "createObject " + D_CORE + "secrets/" + drill + "-auth",
            "createObject " + D_CORE + "persistentvolumeclaims/neo4j-data-" + drill + "-0",
            "createObject " + D_CORE + "services/" + drill,
            "createJob drills/r-",
            "scale drills/" + drill + " 1",
            "deleteLabelled " + D_STS,
            "finalizer " + RESTORE + " -" + DrillServer.FINALIZER,
            "writeStatus ns/r phase=Completed")
        .never("createObject " + STS)
        .never("createJob ns/r-");
    assertNothingLeftThere();
    assertNothingLeft();
    assertTargetUntouched();
    assertTrue(
        world.calls().stream().noneMatch(c -> c.contains("secrets/neo4j-admin-secret")),
        "the production admin Secret is not needed: " + world.calls());
  }

  @Test
  void the_servers_password_is_generated_for_the_drill_and_never_logged() throws Exception {
    world.jobs().onCreate("r-", io.neo4jrestore.runner.world.JobOutcome.HOLD);
    Neo4jRestore r = drillElsewhere(S3);
    RunContext c = drillBefore(Steps.RESTORE, r);

    String name = DrillServer.credentialsSecret("r", r.metadata().uid());
    JsonNode secret = world.get(D_CORE + "secrets/" + name).orElseThrow();
    String auth = secret.at("/stringData/NEO4J_AUTH").asText();
    assertTrue(auth.matches("neo4j/[A-Za-z0-9]{32}"), "a generated password");
    assertTrue(!out.toString().contains(auth.substring(6)), "never in the runner's log");
    assertTrue(world.calls().stream().noneMatch(l -> l.contains(auth.substring(6))));
    assertEquals(
        name,
        c.drillServer().adminSecret(),
        "the runner logs in to the server with the generated credentials");
    assertEquals(
        List.of(DrillServer.FINALIZER), finalizers(), "the finalizer while the server is there");
  }

  @Test
  void a_secret_the_restore_job_needs_is_refused_before_anything_is_made_when_not_there()
      throws Exception {
    world.put(
        new V1Secret()
            .apiVersion("v1")
            .kind("Secret")
            .metadata(new V1ObjectMeta().name("aws").namespace(NS))
            .data(
                Map.of(
                    "AWS_ACCESS_KEY_ID", "a".getBytes(StandardCharsets.UTF_8),
                    "AWS_SECRET_ACCESS_KEY", "b".getBytes(StandardCharsets.UTF_8))));
    Neo4jRestore r =
        drillElsewhere(
            "source: {type: s3, storage: {type: s3, bucket: b, cloud: {provider: aws,"
                + " credentialsSecretRef: aws}}, backupPath: /orders.backup}");

    RunnerExit exit = run(r);

    Neo4jRestore failed = stored();
    assertEquals(RunnerExit.FAILED, exit, out.toString());
    assertEquals(Reasons.CREDENTIALS_MISSING, failed.status().condition(Conditions.READY).reason());
    assertTrue(
        failed.status().message().contains("needs Secret(s) [aws] there: copy each from namespace"),
        failed.status().message());
    CallOrder.assertThat(world.calls())
        .never("createObject ")
        .never("createJob ")
        .never("finalizer " + RESTORE + " +");
    assertNothingLeftThere();
    assertTargetUntouched();
  }

  @Test
  void a_backup_on_a_claim_cannot_be_drilled_in_another_namespace() throws Exception {
    world.put(
        new V1PersistentVolumeClaim()
            .apiVersion("v1")
            .kind("PersistentVolumeClaim")
            .metadata(new V1ObjectMeta().name("backups").namespace(NS)));
    Neo4jRestore r =
        drillElsewhere(
            "source: {type: storage, storage: {type: pvc, pvc: {name: backups}},"
                + " backupPath: /orders.backup}");

    RunnerExit exit = run(r);

    Neo4jRestore failed = stored();
    assertEquals(RunnerExit.INVALID_SPEC, exit, out.toString());
    assertEquals(Reasons.INVALID_SPEC, failed.status().condition(Conditions.READY).reason());
    assertTrue(
        failed.status().message().contains("cannot read claim(s) [backups] of namespace ns"),
        failed.status().message());
    CallOrder.assertThat(world.calls()).never("createObject ").never("createJob ");
    assertNothingLeftThere();
  }

  @Test
  void missing_rights_there_are_refused_before_anything_is_made_with_the_install_command()
      throws Exception {
    ObjectNode review = ApiMapper.json().createObjectNode();
    ObjectNode rule = review.putArray("resourceRules").addObject();
    rule.putArray("apiGroups").add("apps");
    rule.putArray("resources").add("statefulsets");
    rule.putArray("verbs").add("get").add("list").add("watch");
    world.rules(D, review);
    Neo4jRestore r = drillElsewhere(S3);

    RunnerExit exit = run(r);

    Neo4jRestore failed = stored();
    assertEquals(RunnerExit.FAILED, exit, out.toString());
    assertEquals(Reasons.PERMISSION_MISSING, failed.status().condition(Conditions.READY).reason());
    String message = failed.status().message();
    assertTrue(message.contains("missing [create apps/statefulsets"), message);
    assertTrue(message.contains("kubectl neo4j-restore install --drill-namespace drills"), message);
    CallOrder.assertThat(world.calls()).never("createObject ").never("finalizer " + RESTORE + " +");
  }

  @Test
  void a_drill_deleted_mid_run_stops_before_its_next_step_and_cleans_up_there() throws Exception {
    world.jobs().onCreate("r-", io.neo4jrestore.runner.world.JobOutcome.HOLD);
    Neo4jRestore r = drillElsewhere(S3);
    drillBefore(Steps.RESTORE, r);
    markDeleted();

    RunnerExit exit = run(stored());

    assertEquals(RunnerExit.FAILED, exit, out.toString());
    assertTrue(out.toString().contains("the Neo4jRestore is being deleted"), out.toString());
    assertNothingLeftThere();
    assertTargetUntouched();
  }

  @Test
  void the_dispatcher_cleans_up_a_deleted_drill_whose_runner_is_gone() throws Exception {
    world.jobs().onCreate("r-", io.neo4jrestore.runner.world.JobOutcome.HOLD);
    Neo4jRestore r = drillElsewhere(S3);
    drillBefore(Steps.RESTORE, r);
    markDeleted();
    assertTrue(
        io.neo4jrestore.runner.dispatch.Dispatcher.drillHoldsDeletion(stored()),
        "the sweep's choice");

    RunnerExit exit =
        new Runner(new java.io.PrintStream(out, true, StandardCharsets.UTF_8))
            .cleanUpLeftDrill(drillContext(stored()));

    assertEquals(RunnerExit.SUCCEEDED, exit, out.toString());
    assertNothingLeftThere();
  }

  /** The restore as the API server shows it after a delete its finalizer holds. */
  private void markDeleted() throws Exception {
    ObjectNode r = (ObjectNode) world.get(RESTORE).orElseThrow();
    ((ObjectNode) r.get("metadata")).put("deletionTimestamp", "2025-06-01T12:05:00Z");
    world.put(RESTORE, r);
  }
}

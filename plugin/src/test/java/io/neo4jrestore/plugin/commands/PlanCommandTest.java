package io.neo4jrestore.plugin.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.plugin.testing.Cli;
import io.neo4jrestore.plugin.testing.FakeRestoreCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code plan}, {@code create --plan} and {@code create --from-plan} against a fake cluster whose
 * runner writes the plan when its Job is created (the runner's side is {@code PlanIT}).
 */
class PlanCommandTest {
  private static final String DIGEST =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  /** A cluster whose runner Job, once created, writes {@code plan} into the restore's status. */
  private static final class PlanningCluster extends FakeRestoreCluster {
    private final String planJson;
    int polls;

    PlanningCluster(String planJson) {
      this.planJson = planJson;
    }

    @Override
    public java.util.Optional<JsonNode> find(String namespace, String name) {
      polls++;
      return super.find(namespace, name);
    }

    @Override
    public boolean createJob(String namespace, ObjectNode job) {
      boolean created = super.createJob(namespace, job);
      String restore = job.at("/spec/template/spec/containers/0/args/4").asText();
      ObjectNode r = restores.get(namespace + "/" + restore);
      if (planJson != null
          && Annotations.PLAN_ONLY != null
          && "true".equals(r.at("/metadata/annotations").path(Annotations.PLAN_ONLY).asText())) {
        try {
          ObjectNode status = r.putObject("status");
          status.put("phase", "Pending");
          status.set("plan", ApiMapper.json().readTree(planJson));
          status
              .putArray("conditions")
              .addObject()
              .put("type", "Planned")
              .put("status", "True")
              .put("observedGeneration", 1);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      return created;
    }
  }

  private static String plan(boolean wouldStart) {
    String refusals =
        wouldStart
            ? ""
            : ",\"refusals\":[{\"reason\":\"UnsafeScaleDown\",\"message\":\"StatefulSet prod-server"
                + " has whenScaled: Delete\"}]";
    return "{\"generation\":1,\"plannedAt\":\"2025-01-20T10:05:00Z\",\"wouldStart\":"
        + wouldStart
        + ",\"steps\":[{\"name\":\"StopCluster\",\"action\":\"scale prod-server 3 -> 0\"},"
        + "{\"name\":\"Restore\",\"action\":\"restore Job r1-restore with image"
        + " neo4j:2025.04.0-enterprise: neo4j-admin database restore --from-path=/backups\"}],"
        + "\"downtime\":\"the whole cluster is down\","
        + "\"target\":{\"kind\":\"Neo4jEnterpriseCluster\",\"name\":\"prod\",\"servers\":3},"
        + "\"facts\":{\"statefulSet.replicas\":\"3\"},\"digest\":\""
        + DIGEST
        + "\""
        + refusals
        + "}";
  }

  private static final String[] FLAGS = {
    "--target", "prod", "--database", "movies", "--source-type", "backup", "--backup-ref", "nightly"
  };

  private static String[] args(String first, String... extra) {
    List<String> all = new java.util.ArrayList<>(List.of(first.split(" ")));
    all.addAll(List.of(FLAGS));
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  @Test
  void plan_creates_a_plan_only_restore_starts_its_runner_and_prints_the_plan() {
    PlanningCluster cluster = new PlanningCluster(plan(true));
    Cli.Run r = new Cli(cluster).run(args("plan r1", "--stop-cluster"));
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode stored = cluster.restores.get("default/r1");
    assertEquals("true", stored.at("/metadata/annotations").path(Annotations.PLAN_ONLY).asText());
    String job = ResourceNames.runnerJob("r1", stored.at("/metadata/uid").asText(), 1, null);
    assertTrue(cluster.jobs.containsKey("default/" + job), cluster.jobs.keySet().toString());
    assertTrue(r.out().contains("Plan for neo4jrestore default/r1 (generation 1)"), r.out());
    assertTrue(r.out().contains("StopCluster"), r.out());
    assertTrue(r.out().contains("scale prod-server 3 -> 0"), r.out());
    assertTrue(r.out().contains("with image neo4j:2025.04.0-enterprise"), r.out());
    assertTrue(r.out().contains("downtime: the whole cluster is down"), r.out());
    assertTrue(r.out().contains("create --from-plan r1 -n default"), r.out());
    assertTrue(r.out().contains("plan digest: " + DIGEST), r.out());
  }

  @Test
  void create_with_plan_is_the_same_and_a_refused_plan_exits_5_with_its_reasons() {
    PlanningCluster cluster = new PlanningCluster(plan(false));
    Cli.Run r = new Cli(cluster).run(args("create r1", "--plan"));
    assertEquals(5, r.exitCode(), r.toString());
    assertTrue(r.out().contains("WOULD BE REFUSED"), r.out());
    assertTrue(r.out().contains("UnsafeScaleDown: StatefulSet prod-server"), r.out());
    assertTrue(r.err().contains("would be refused: UnsafeScaleDown"), r.err());
    assertEquals(
        "true",
        cluster
            .restores
            .get("default/r1")
            .at("/metadata/annotations/" + escape(Annotations.PLAN_ONLY))
            .asText());
  }

  private static String escape(String pointer) {
    return pointer.replace("~", "~0").replace("/", "~1");
  }

  @Test
  void output_json_prints_the_plan_for_tools() throws Exception {
    PlanningCluster cluster = new PlanningCluster(plan(true));
    Cli.Run r = new Cli(cluster).run(args("plan r1", "-o", "json"));
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode printed = ApiMapper.json().readTree(r.out());
    assertEquals(DIGEST, printed.path("digest").asText());
    assertTrue(printed.path("wouldStart").asBoolean());
  }

  @Test
  void a_plan_that_never_comes_times_out_with_exit_4() {
    PlanningCluster cluster = new PlanningCluster(null);
    Cli.Run r =
        new Cli(cluster)
            .clock(
                new io.neo4jrestore.plugin.testing.TickingClock(
                    Cli.NOW, java.time.Duration.ofSeconds(30)))
            .run(args("plan r1", "--plan-timeout", "2m"));
    assertEquals(4, r.exitCode(), r.toString());
    assertTrue(r.err().contains("no plan after 120s"), r.err());
    assertTrue(cluster.polls > 1, "polled " + cluster.polls);
  }

  @Test
  void a_plan_whose_runner_job_cannot_be_created_says_the_dispatcher_will_not_start_it() {
    PlanningCluster cluster = new PlanningCluster(plan(true));
    cluster.failJobs = FakeRestoreCluster.status(403, "Forbidden", "jobs.batch is forbidden");
    Cli.Run r = new Cli(cluster).run(args("plan r1"));
    assertEquals(3, r.exitCode(), r.toString());
    assertTrue(r.err().contains("the dispatcher does not start plans"), r.err());
    assertTrue(r.err().contains("jobs.batch is forbidden"), r.err());
  }

  @Test
  void a_plan_refuses_dry_run_no_start_and_wait() {
    for (String flag : List.of("--dry-run=server", "--no-start", "--wait")) {
      Cli.Run r = new Cli(new PlanningCluster(plan(true))).run(args("plan r1", flag));
      assertEquals(2, r.exitCode(), flag + " " + r);
    }
  }

  @Test
  void from_plan_turns_the_reviewed_plan_into_the_restore_and_starts_a_new_runner_job() {
    PlanningCluster cluster = new PlanningCluster(plan(true));
    Cli cli = new Cli(cluster);
    assertEquals(0, cli.run(args("plan r1")).exitCode());
    String uid = cluster.restores.get("default/r1").at("/metadata/uid").asText();

    Cli.Run r = cli.run("create", "--from-plan", "r1");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("neo4jrestore.neo4j.neo4j.com/r1 created from plan " + DIGEST + "\n", r.out());
    JsonNode meta = cluster.restores.get("default/r1").path("metadata");
    assertFalse(meta.path("annotations").has(Annotations.PLAN_ONLY), meta.toString());
    assertEquals(DIGEST, meta.path("annotations").path(Annotations.FROM_PLAN).asText());
    String token = meta.path("annotations").path(Annotations.RETRY).asText();
    assertEquals("plan-" + DIGEST.substring(0, 12), token);
    String job = ResourceNames.runnerJob("r1", uid, 1, token);
    assertTrue(cluster.jobs.containsKey("default/" + job), cluster.jobs.keySet().toString());
    assertEquals(2, cluster.jobs.size(), "the plan's runner Job and the restore's");
  }

  @Test
  void from_plan_refuses_what_is_not_a_reviewable_plan() {
    PlanningCluster refused = new PlanningCluster(plan(false));
    Cli cli = new Cli(refused);
    assertEquals(5, cli.run(args("plan r1")).exitCode());
    Cli.Run r = cli.run("create", "--from-plan", "r1");
    assertEquals(5, r.exitCode(), r.toString());
    assertTrue(r.err().contains("would be refused (UnsafeScaleDown)"), r.err());

    FakeRestoreCluster plain = new FakeRestoreCluster();
    Cli other = new Cli(plain);
    assertEquals(0, other.run(args("create r2", "--no-start")).exitCode());
    Cli.Run notAPlan = other.run("create", "--from-plan", "r2");
    assertEquals(5, notAPlan.exitCode(), notAPlan.toString());
    assertTrue(notAPlan.err().contains("is not a plan"), notAPlan.err());
    assertEquals(2, other.run(args("create r3", "--from-plan", "r2")).exitCode());
    assertEquals(3, other.run("create", "--from-plan", "missing").exitCode());
  }
}

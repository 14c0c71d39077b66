package io.neo4jrestore.plugin.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.plugin.testing.Cli;
import io.neo4jrestore.plugin.testing.FakeRestoreCluster;
import io.neo4jrestore.plugin.testing.Snapshots;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GetCommandTest {
  private final FakeRestoreCluster cluster = new FakeRestoreCluster();
  private final Cli cli = new Cli(cluster);

  @BeforeEach
  void two_restores() {
    cluster.put(
        Snapshots.restore("default", "done")
            .phase("Completed", "restored movies")
            .started("2025-01-20T10:00:00Z")
            .completed("2025-01-20T10:04:12Z")
            .duration("4m12s")
            .snapshot());
    ObjectNode running =
        Snapshots.restore("default", "busy")
            .phase("Running", "restoring")
            .started("2025-01-20T10:03:00Z")
            .snapshot();
    ((ObjectNode) running.get("metadata")).putObject("labels").put("team", "data");
    cluster.put(running);
    cluster.put(Snapshots.restore("other", "elsewhere").snapshot());
  }

  @Test
  void lists_a_namespace_as_a_kubectl_like_table() {
    Cli.Run r = cli.run("get");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(
        "NAME   TARGET   DATABASE   PHASE       DURATION   AGE\n"
            + "done   prod     movies     Completed   4m12s      5m\n"
            + "busy   prod     movies     Running     2m         5m\n",
        r.out());
    assertEquals("", r.err());
  }

  private void drills() {
    cluster.put(
        Snapshots.restore("drills", "weekly")
            .drill(2, "0 2 * * 0")
            .phase("Completed", "drill passed")
            .started("2025-01-19T02:00:00Z")
            .completed("2025-01-19T02:06:31Z")
            .drillRecord("2025-01-19T02:00:00Z", "6m31s", "Passed", "DrillPassed", 2, 2, null)
            .snapshot());
    cluster.put(
        Snapshots.restore("drills", "failing")
            .drill(3, null)
            .phase("Failed", "drill failed: assertion 1 (of 3, 0-based) did not hold")
            .started("2025-01-20T10:00:00Z")
            .completed("2025-01-20T10:04:00Z")
            .drillRecord("2025-01-20T10:00:00Z", "4m", "Failed", "AssertionFailed", 3, 1, 1)
            .snapshot());
    cluster.put(
        Snapshots.restore("drills", "lost")
            .drill(1, "*/30 * * * *")
            .phase("Failed", "drill failed: restore Job failed")
            .started("2025-01-20T09:00:00Z")
            .completed("2025-01-20T09:10:00Z")
            .drillRecord("2025-01-20T09:00:00Z", "10m", "Failed", "JobFailed", 1, 0, null)
            .snapshot());
    cluster.put(Snapshots.restore("drills", "fresh").drill(1, "0 2 * * 0").snapshot());
    cluster.put(Snapshots.restore("drills", "plain").phase("Completed", "restored").snapshot());
  }

  @Test
  void a_drill_shows_its_last_outcome_and_age_next_to_the_phase() {
    drills();
    Cli.Run r = cli.run("get", "-n", "drills");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(
        ""
            + "NAME      TARGET   DATABASE   PHASE       LAST DRILL                         DURATION   AGE\n"
            + "weekly    prod     movies     Completed   Passed (31h ago)                   6m31s      5m\n"
            + "failing   prod     movies     Failed      Failed at assertion #1 (60s ago)   4m         5m\n"
            + "lost      prod     movies     Failed      Failed: JobFailed (55m ago)        10m        5m\n"
            + "fresh     prod     movies                 <none>                                        5m\n"
            + "plain     prod     movies     Completed                                                 5m\n",
        r.out());
    assertTrue(!r.out().contains("SECRET"), "never the statements");
  }

  @Test
  void wide_adds_a_drills_schedule_and_when_the_dispatcher_drills_next() {
    drills();
    Cli.Run r = cli.run("get", "-n", "drills", "-o", "wide");
    assertEquals(0, r.exitCode(), r.toString());
    String[] lines = r.out().split("\n");
    assertTrue(lines[0].contains("AGE   SCHEDULE       NEXT DRILL   SOURCE   MESSAGE"), lines[0]);
    assertTrue(lines[1].contains("0 2 * * 0      in 5d15h     backup"), lines[1]);
    assertTrue(lines[2].contains("<none>         <none>       backup"), lines[2]);
    assertTrue(lines[3].contains("*/30 * * * *   due          backup"), lines[3]);
    assertTrue(lines[4].contains("0 2 * * 0      in 5d15h     backup"), lines[4]);
    assertTrue(lines[5].matches("plain .* 5m {32}backup   restored"), lines[5]);
    assertTrue(!r.out().contains("SECRET"), "never the statements");
  }

  @Test
  void list_is_the_same_command() {
    assertEquals(cli.run("get").out(), cli.run("list").out());
  }

  @Test
  void all_namespaces_adds_the_namespace_column_and_wide_adds_source_and_message() {
    Cli.Run r = cli.run("get", "-A", "-o", "wide");
    assertEquals(0, r.exitCode(), r.toString());
    String[] lines = r.out().split("\n");
    assertEquals(
        "NAMESPACE   NAME        TARGET   DATABASE   PHASE       DURATION   AGE   SOURCE   MESSAGE",
        lines[0]);
    assertTrue(lines[1].endsWith("backup   restored movies"), lines[1]);
    assertTrue(lines[3].startsWith("other       elsewhere"), lines[3]);
    assertTrue(
        cluster.calls.contains("list null labels=null fields=null"), cluster.calls.toString());
  }

  @Test
  void selects_by_label() {
    Cli.Run r = cli.run("get", "-l", "team=data", "-o", "name");
    assertEquals("neo4jrestore.neo4j.neo4j.com/busy\n", r.out());
  }

  @Test
  void one_restore_as_yaml_json_and_name() throws Exception {
    Cli.Run yaml = cli.run("get", "done", "-o", "yaml");
    assertEquals(0, yaml.exitCode(), yaml.toString());
    assertTrue(yaml.out().startsWith("apiVersion: neo4j.neo4j.com/v1alpha1\n"), yaml.out());
    assertTrue(yaml.out().contains("phase: Completed"), yaml.out());

    JsonNode json = ApiMapper.json().readTree(cli.run("get", "done", "-o", "json").out());
    assertEquals("done", json.at("/metadata/name").asText());

    assertEquals("neo4jrestore.neo4j.neo4j.com/done\n", cli.run("get", "done", "-o", "name").out());
  }

  @Test
  void several_restores_as_yaml_are_a_list() throws Exception {
    JsonNode list = ApiMapper.yaml().readTree(cli.run("get", "-o", "yaml").out());
    assertEquals("List", list.path("kind").asText());
    assertEquals(2, list.path("items").size());
  }

  @Test
  void an_empty_namespace_says_so_on_stderr() {
    Cli.Run r = cli.run("get", "-n", "empty");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("", r.out());
    assertEquals("No resources found in empty namespace.\n", r.err());
  }

  @Test
  void a_missing_restore_is_an_api_error_with_a_hint() {
    Cli.Run r = cli.run("get", "nope");
    assertEquals(3, r.exitCode(), r.toString());
    assertTrue(r.err().contains("neo4jrestore \"nope\" not found in namespace default"), r.err());
    assertTrue(r.err().contains("kubectl neo4j-restore get -n default"), r.err());
  }

  @Test
  void a_name_across_all_namespaces_is_a_usage_error() {
    Cli.Run r = cli.run("get", "done", "-A");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(cluster.calls.isEmpty());
  }

  @Test
  void a_server_failure_is_exit_code_3_without_a_stack_trace_unless_verbose() {
    FakeRestoreCluster broken =
        new FakeRestoreCluster() {
          @Override
          public Listing list(String namespace, String labelSelector, String fieldSelector) {
            throw new io.neo4jrestore.kube.KubeException(
                "cannot reach the API server at https://127.0.0.1:1 (GET ...): connection refused");
          }
        };
    Cli.Run r = new Cli(broken).run("get");
    assertEquals(3, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("error: cannot reach the API server"), r.err());
    assertTrue(!r.err().contains("\tat "), r.err());

    Cli.Run verbose = new Cli(broken).run("get", "-v");
    assertEquals(3, verbose.exitCode(), verbose.toString());
    assertTrue(verbose.err().contains("\tat "), verbose.err());
  }
}

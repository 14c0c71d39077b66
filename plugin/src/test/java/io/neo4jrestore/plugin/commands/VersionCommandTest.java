package io.neo4jrestore.plugin.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.plugin.BuildInfo;
import io.neo4jrestore.plugin.install.ClusterVersions;
import io.neo4jrestore.plugin.install.Installer;
import io.neo4jrestore.plugin.install.Manifests;
import io.neo4jrestore.plugin.testing.Cli;
import io.neo4jrestore.plugin.testing.FakeRestoreCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VersionCommandTest {
  private final FakeRestoreCluster cluster = new FakeRestoreCluster();
  private final Cli cli = new Cli(cluster);

  @BeforeEach
  void server() {
    ObjectNode v = ApiMapper.json().createObjectNode();
    v.put("gitVersion", "v1.36.3");
    cluster.objects.put("/version", v);
  }

  private ObjectNode shippedCrd() {
    ObjectNode crd = Manifests.objects(Manifests.resource(Manifests.CRD_FILE)).get(0);
    ((ObjectNode) crd.get("metadata"))
        .putObject("annotations")
        .put(Annotations.CRD_OWNER, "neo4j-restore");
    cluster.objects.put(Installer.CRD_PATH, crd);
    return crd;
  }

  private ObjectNode dispatcher(String image) {
    ObjectNode cron = ApiMapper.json().createObjectNode();
    cron.putObject("spec")
        .putObject("jobTemplate")
        .putObject("spec")
        .putObject("template")
        .putObject("spec")
        .putArray("containers")
        .addObject()
        .put("image", image);
    cluster.objects.put(ClusterVersions.dispatcherPath("default"), cron);
    return cron;
  }

  @Test
  void client_only_does_not_connect() {
    Cli.Run r = cli.run("version", "--client");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(0, cli.connects);
    assertTrue(r.out().contains("Runner image:   " + Cli.IMAGE), r.out());
  }

  @Test
  void the_runner_image_line_says_whether_it_is_a_release_or_a_local_build() {
    assertTrue(
        cli.run("version", "--client").out().contains(Cli.IMAGE + " (local build: only where"));
    String pushed = "ghcr.io/example/neo4j-restore-runner:1.2.3";
    Cli.Run release = cli.build(new BuildInfo("1.2.3", pushed)).run("version", "--client");
    assertTrue(
        release.out().contains("Runner image:   " + pushed + " (release build: pulled from"),
        release.out());
  }

  @Test
  void a_matching_cluster_prints_its_side_without_warnings() {
    shippedCrd();
    dispatcher(Cli.IMAGE);
    Cli.Run r = cli.run("version");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("Server version: v1.36.3"), r.out());
    assertTrue(r.out().contains("serves v1alpha1 (storage v1alpha1), schema sha256:"), r.out());
    assertTrue(r.out().contains("(this plugin's)"), r.out());
    assertTrue(
        r.out().contains("default/neo4j-restore-dispatcher starts runner image " + Cli.IMAGE),
        r.out());
    assertEquals("", r.err());
  }

  @Test
  void a_missing_crd_and_dispatcher_say_what_to_run() {
    Cli.Run r = cli.run("version");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("neo4jrestores.neo4j.neo4j.com not installed"), r.out());
    assertTrue(r.out().contains("Dispatcher:     none in namespace default"), r.out());
    assertTrue(r.err().contains("install it with: kubectl neo4j-restore install"), r.err());
  }

  @Test
  void a_different_schema_and_dispatcher_image_are_warnings() {
    ObjectNode crd = shippedCrd();
    ((ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema/properties"))
        .putObject("extra")
        .put("type", "string");
    dispatcher("registry.example/neo4j-restore-runner:0.0.1");
    Cli.Run r = cli.run("version");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains(": they differ)"), r.out());
    assertTrue(
        r.err()
            .contains(
                "warning: the cluster's neo4jrestores.neo4j.neo4j.com schema differs from the"
                    + " one this plugin was built with"),
        r.err());
    assertTrue(
        r.err().contains("starts runners with registry.example/neo4j-restore-runner:0.0.1"),
        r.err());
    assertTrue(r.err().contains("kubectl neo4j-restore install -n default"), r.err());
  }

  @Test
  void a_crd_that_is_not_ours_and_does_not_serve_our_version_is_named() {
    ObjectNode crd = shippedCrd();
    ((ObjectNode) crd.get("metadata")).remove("annotations");
    ((ObjectNode) crd.at("/spec/versions/0")).put("name", "v1");
    Cli.Run r = cli.run("version");
    assertTrue(
        r.out().contains("does not serve v1alpha1, not installed by neo4j-restore"), r.out());
    assertTrue(r.err().contains("(served: v1), the version this plugin writes"), r.err());
  }
}

package io.neo4jrestore.plugin.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.kube.KubeException;
import io.neo4jrestore.plugin.ExitCode;
import io.neo4jrestore.plugin.PluginException;
import io.neo4jrestore.plugin.restore.Follower;
import io.neo4jrestore.plugin.restore.RestoreCluster;
import io.neo4jrestore.plugin.restore.RestoreCluster.DryRun;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Applies {@link Manifests} with server-side apply, in order: refuses before changing anything when
 * a namespace is missing or the CRD belongs to someone else (the Neo4j operator ships a CRD of the
 * same name), then waits until the CRD is Established.
 */
public final class Installer {
  public static final String CRD_PATH =
      "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + RestoreApi.CRD_NAME;
  static final Duration ESTABLISHED_TIMEOUT = Duration.ofSeconds(60);
  static final Duration POLL = Duration.ofMillis(250);

  private final RestoreCluster cluster;
  private final Follower.Sleeper sleeper;
  private final PrintWriter out;
  private final PrintWriter err;

  public Installer(
      RestoreCluster cluster, Follower.Sleeper sleeper, PrintWriter out, PrintWriter err) {
    this.cluster = cluster;
    this.sleeper = sleeper;
    this.out = out;
    this.err = err;
  }

  public void install(
      Manifests.Settings settings, List<ObjectNode> objects, boolean takeOverCrd, DryRun dryRun)
      throws InterruptedException {
    for (String ns : namespaces(settings)) {
      if (cluster.read("/api/v1/namespaces/" + ns).isEmpty()) {
        throw PluginException.refused(
            "namespace "
                + ns
                + " does not exist on "
                + cluster.where()
                + "; create it first (kubectl create namespace "
                + ns
                + ") or pick another with -n/--managed-namespace/--drill-namespace; nothing was changed");
      }
    }
    Optional<JsonNode> existing = cluster.read(CRD_PATH);
    if (existing.isPresent() && !ownedByUs(existing.get())) {
      if (!takeOverCrd) {
        throw PluginException.refused(
            "the CRD "
                + RestoreApi.CRD_NAME
                + " exists and was not installed by neo4j-restore (no annotation "
                + Annotations.CRD_OWNER
                + ": neo4j-restore); it probably belongs to the Neo4j operator, whose restore"
                + " controller would fight over Neo4jRestore resources. Nothing was changed. To"
                + " replace it anyway, run again with --take-over-crd");
      }
      err.println(
          "warning: taking over the CRD "
              + RestoreApi.CRD_NAME
              + " (it was not installed by"
              + " neo4j-restore)");
      err.flush();
    }
    for (ObjectNode o : objects) {
      try {
        cluster.apply(Manifests.path(o), o, dryRun);
      } catch (KubeException e) {
        throw new PluginException(
            ExitCode.API, "applying " + Manifests.displayName(o) + " failed: " + e.getMessage(), e);
      }
      out.println(
          Manifests.displayName(o)
              + " serverside-applied"
              + (dryRun == DryRun.SERVER ? " (server dry run)" : ""));
      out.flush();
    }
    if (dryRun == DryRun.NONE) {
      awaitEstablished();
    }
  }

  private static List<String> namespaces(Manifests.Settings s) {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
    if (s.dispatcher()) {
      all.add(s.installNamespace());
    }
    all.addAll(s.managedNamespaces());
    if (s.drillNamespace() != null) {
      all.add(s.drillNamespace());
    }
    return List.copyOf(all);
  }

  /** True when the CRD carries this product's owner annotation. */
  public static boolean ownedByUs(JsonNode crd) {
    return "neo4j-restore"
        .equals(crd.at("/metadata/annotations").path(Annotations.CRD_OWNER).asText(""));
  }

  private void awaitEstablished() throws InterruptedException {
    long waited = 0;
    while (true) {
      Optional<JsonNode> crd = cluster.read(CRD_PATH);
      if (crd.isPresent()) {
        for (JsonNode c : crd.get().at("/status/conditions")) {
          if ("Established".equals(c.path("type").asText())
              && "True".equals(c.path("status").asText())) {
            return;
          }
        }
      }
      if (waited >= ESTABLISHED_TIMEOUT.toMillis()) {
        throw new PluginException(
            ExitCode.TIMEOUT,
            "the CRD "
                + RestoreApi.CRD_NAME
                + " was applied but is not Established after "
                + ESTABLISHED_TIMEOUT.toSeconds()
                + "s; check it with: kubectl describe crd "
                + RestoreApi.CRD_NAME);
      }
      sleeper.sleep(POLL);
      waited += POLL.toMillis();
    }
  }
}

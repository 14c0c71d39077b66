package io.neo4jrestore.runner.it;

import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import io.neo4jrestore.testenv.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/**
 * The README demo's cluster ({@code scripts/demo.sh}): the local control plane, the fake kubelet
 * playing three nodes (restore Jobs succeed; runner Jobs run {@link SimulatedNeo4jRunner} as a
 * process with its pod's token), and in namespace {@code demo} what the Neo4j operator would have
 * made: cluster {@code prod} (3 servers, Neo4j 2025.04, database {@code movies}) and a {@code
 * Neo4jBackup} {@code nightly} on a PVC. Writes an admin kubeconfig, prints {@code READY}, and runs
 * until killed.
 *
 * <p>Usage: {@code DemoCluster KUBECONFIG_OUT WORK_DIR}
 */
public final class DemoCluster {
  static final String NAMESPACE = "demo";

  private DemoCluster() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: DemoCluster KUBECONFIG_OUT WORK_DIR");
      System.exit(2);
    }
    Path kubeconfig = Path.of(args[0]).toAbsolutePath();
    Path work = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
    LenientJson.install();
    ControlPlane cp =
        ControlPlane.start(
            ControlPlaneExtension.repoRoot(),
            Files.createTempDirectory(work, "cp-"),
            work.resolve("logs"));
    FakeKubelet kubelet = FakeKubelet.start(cp, work.resolve("logs").resolve("pods"));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kubelet.close();
                  cp.close();
                }));
    kubelet.autoCompleteJobs(true);
    kubelet.runnerLauncher(SimulatedNeo4jRunner.launcher("movies"));

    CoreV1Api core = new CoreV1Api(cp.admin());
    core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(NAMESPACE))).execute();
    Wait.until(
        "ServiceAccount demo/default",
        Duration.ofSeconds(60),
        () -> !core.listNamespacedServiceAccount(NAMESPACE).execute().getItems().isEmpty());
    TargetFixtures fixtures = new TargetFixtures(cp.admin());
    fixtures.cluster(NAMESPACE, "prod", "2025.04.0-enterprise", 3);
    fixtures.pvc(NAMESPACE, "backups");
    fixtures.backup(NAMESPACE, "nightly", Map.of("type", "pvc", "pvc", Map.of("name", "backups")));
    Wait.until(
        "the 3 servers of prod Ready",
        Duration.ofSeconds(60),
        () ->
            core.listNamespacedPod(NAMESPACE).execute().getItems().stream()
                    .filter(
                        p ->
                            p.getStatus() != null
                                && p.getStatus().getConditions() != null
                                && p.getStatus().getConditions().stream()
                                    .anyMatch(
                                        c ->
                                            "Ready".equals(c.getType())
                                                && "True".equals(c.getStatus())))
                    .count()
                == 3);

    Path tmp = kubeconfig.resolveSibling(kubeconfig.getFileName() + ".tmp");
    Files.copy(cp.adminKubeconfig(), tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(
        tmp, kubeconfig, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.out.println("READY " + cp.server() + " kubeconfig=" + kubeconfig);
    System.out.flush();
    Thread.currentThread().join();
  }
}

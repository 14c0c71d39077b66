package io.neo4jrestore.e2e;

import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.neo4jrestore.runner.target.Lineage;
import io.neo4jrestore.runner.target.TargetKind;
import io.neo4jrestore.testenv.Wait;
import io.neo4jrestore.testenv.neo4j.Neo4jAdminStandIn;
import io.neo4jrestore.testenv.neo4j.StandInBackup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Neo4j targets shaped as the Neo4j operator makes them, with real pods: the {@code
 * Neo4jEnterpriseCluster}/{@code Neo4jEnterpriseStandalone} resource, the admin Secret, a
 * StatefulSet of Neo4j stand-in servers whose data claims bind to local volumes on the node, the
 * Bolt Service and a headless Service for the pods' DNS names. Names follow the runner's {@link
 * TargetKind} (StatefulSet, data claims, Bolt Service), so the tests exercise what the runner will
 * look for. Backups live on a local volume bound to a claim the restore reads.
 */
final class Targets {
  static final String ADMIN_SECRET = "neo4j-admin-secret";
  static final String ADMIN_PASSWORD = "e2e-admin-password-not-logged";
  static final int NEO4J_UID = 7474;

  private final E2e e2e;
  private final java.util.function.Consumer<Target> made;

  /** {@code made} hears of every target created (to remove it after the tests). */
  Targets(E2e e2e, java.util.function.Consumer<Target> made) {
    this.e2e = e2e;
    this.made = made;
  }

  /**
   * How the stand-in servers behave.
   *
   * @param shutdownSeconds how long a server takes to stop on SIGTERM
   * @param readyAfterSeconds the readiness probe's initial delay
   * @param whenScaled the StatefulSet's {@code persistentVolumeClaimRetentionPolicy.whenScaled}
   * @param databases databases that exist before the restore (name to "online"/"offline") on server
   *     0, with a store each
   */
  record Servers(
      int shutdownSeconds,
      int readyAfterSeconds,
      String whenScaled,
      Map<String, String> databases) {
    static Servers plain() {
      return new Servers(0, 0, "Retain", Map.of());
    }

    Servers withDatabases(Map<String, String> dbs) {
      return new Servers(shutdownSeconds, readyAfterSeconds, whenScaled, dbs);
    }

    Servers slow(int shutdown, int readyAfter) {
      return new Servers(shutdown, readyAfter, whenScaled, databases);
    }

    Servers whenScaled(String policy) {
      return new Servers(shutdownSeconds, readyAfterSeconds, policy, databases);
    }
  }

  /** A target as created. */
  record Target(String namespace, String name, TargetKind kind, int servers) {
    String statefulSet() {
      return kind.statefulSet(name);
    }

    String pod(int i) {
      return kind.pod(name, i);
    }

    String dataClaim(int i) {
      return kind.dataPvc(name, i);
    }

    /** The local volume behind pod {@code i}'s data claim. */
    String dataVolume(int i) {
      return namespace + "-" + dataClaim(i);
    }
  }

  Target standalone(String ns, String name, Servers servers) throws Exception {
    return create(new Target(ns, name, TargetKind.STANDALONE, 1), servers);
  }

  Target cluster(String ns, String name, int count, Servers servers) throws Exception {
    return create(new Target(ns, name, TargetKind.CLUSTER, count), servers);
  }

  private Target create(Target t, Servers servers) throws Exception {
    for (int i = 0; i < t.servers(); i++) {
      e2e.k3s().localVolume(t.dataVolume(i), t.namespace(), t.dataClaim(i), NEO4J_UID);
    }
    if (!servers.databases().isEmpty()) {
      e2e.k3s().copyIntoVolume(existingDatabases(servers.databases()), t.dataVolume(0), NEO4J_UID);
    }
    String labels =
        t.kind() == TargetKind.CLUSTER
            ? "{app.kubernetes.io/instance: %s, app.kubernetes.io/component: database}"
                .formatted(t.name())
            : "{app: %s}".formatted(t.name());
    String resource =
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: %s
        metadata: {name: %s, namespace: %s}
        spec:
          image: {repo: %s, tag: %s}
          auth: {adminSecret: %s}
        %s"""
            .formatted(
                t.kind().kind(),
                t.name(),
                t.namespace(),
                E2eImages.NEO4J_REPO,
                E2eImages.NEO4J_TAG,
                ADMIN_SECRET,
                t.kind() == TargetKind.CLUSTER
                    ? "  topology: {servers: " + t.servers() + "}\n"
                    : "");
    String headless = t.statefulSet() + "-headless";
    String claimTemplate =
        t.dataClaim(0).substring(0, t.dataClaim(0).length() - ("-" + t.pod(0)).length());
    String yaml =
        resource
            + """
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: %1$s, namespace: %2$s}
            stringData: {NEO4J_AUTH: "neo4j/%3$s"}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: %4$s, namespace: %2$s}
            spec:
              selector: %5$s
              ports: [{name: bolt, port: 7687, targetPort: 7687}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: %6$s, namespace: %2$s}
            spec:
              clusterIP: None
              publishNotReadyAddresses: true
              selector: %5$s
              ports: [{name: bolt, port: 7687}]
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: %7$s, namespace: %2$s}
            spec:
              replicas: %8$d
              serviceName: %6$s
              podManagementPolicy: Parallel
              persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain, whenScaled: %9$s}
              selector: {matchLabels: %5$s}
              template:
                metadata: {labels: %5$s}
                spec:
                  terminationGracePeriodSeconds: 30
                  securityContext: {runAsUser: 7474, runAsGroup: 7474, fsGroup: 7474, runAsNonRoot: true}
                  containers:
                    - name: neo4j
                      image: %10$s
                      env:
                        - {name: NEO4J_AUTH, valueFrom: {secretKeyRef: {name: %1$s, key: NEO4J_AUTH}}}
                        - {name: NEO4J_STANDIN_VERSION, value: "%11$s"}
                        - {name: NEO4J_STANDIN_SERVERS, value: "%8$d"}
                        - {name: NEO4J_STANDIN_DOMAIN, value: "%6$s.%2$s.svc.cluster.local"}
                        - {name: NEO4J_STANDIN_SHUTDOWN_SECONDS, value: "%12$d"}
                      ports: [{name: bolt, containerPort: 7687}]
                      readinessProbe:
                        tcpSocket: {port: 7687}
                        initialDelaySeconds: %13$d
                        periodSeconds: 1
                      resources:
                        requests: {cpu: 10m, memory: 64Mi}
                        limits: {memory: 256Mi}
                      volumeMounts: [{name: %14$s, mountPath: /data}]
              volumeClaimTemplates:
                - metadata: {name: %14$s}
                  spec:
                    accessModes: [ReadWriteOnce]
                    storageClassName: %15$s
                    resources: {requests: {storage: 1Gi}}
            """
                .formatted(
                    ADMIN_SECRET,
                    t.namespace(),
                    ADMIN_PASSWORD,
                    t.kind().boltService(t.name(), Lineage.V1ALPHA1),
                    labels,
                    headless,
                    t.statefulSet(),
                    t.servers(),
                    servers.whenScaled(),
                    e2e.images().neo4j(),
                    E2eImages.NEO4J_VERSION,
                    servers.shutdownSeconds(),
                    servers.readyAfterSeconds(),
                    claimTemplate,
                    K3sCluster.STORAGE_CLASS);
    apply(yaml);
    made.accept(t);
    awaitReady(t, t.servers(), Duration.ofMinutes(3));
    return t;
  }

  /** {@code kubectl apply -f -} of {@code yaml}. */
  void apply(String yaml) {
    Cli.Result r = e2e.cli().kubectlWithInput(yaml, "apply", "-f", "-");
    if (r.exitCode() != 0) {
      throw new AssertionError("kubectl apply failed: " + r + "\n" + yaml);
    }
  }

  void awaitReady(Target t, int replicas, Duration timeout) {
    AppsV1Api apps = new AppsV1Api(e2e.k3s().admin());
    Wait.until(
        replicas + " ready replicas of " + t.namespace() + "/" + t.statefulSet(),
        timeout,
        () -> {
          var s =
              apps.readNamespacedStatefulSet(t.statefulSet(), t.namespace()).execute().getStatus();
          return s != null
              && s.getReadyReplicas() != null
              && s.getReadyReplicas() == replicas
              && s.getReplicas() == replicas;
        });
  }

  /** The UIDs of the target's pods, by name. */
  Map<String, String> podUids(Target t) throws Exception {
    Map<String, String> uids = new HashMap<>();
    for (V1Pod p :
        new CoreV1Api(e2e.k3s().admin()).listNamespacedPod(t.namespace()).execute().getItems()) {
      String name = p.getMetadata().getName();
      if (name.startsWith(t.statefulSet() + "-")
          && name.substring(t.statefulSet().length() + 1).matches("[0-9]+")) {
        uids.put(name, p.getMetadata().getUid());
      }
    }
    return uids;
  }

  /** The UIDs of the target's data claims, by name. */
  Map<String, String> claimUids(Target t) throws Exception {
    Map<String, String> uids = new HashMap<>();
    CoreV1Api core = new CoreV1Api(e2e.k3s().admin());
    for (int i = 0; i < t.servers(); i++) {
      uids.put(
          t.dataClaim(i),
          core.readNamespacedPersistentVolumeClaim(t.dataClaim(i), t.namespace())
              .execute()
              .getMetadata()
              .getUid());
    }
    return uids;
  }

  /** Deletes the target's StatefulSet (its pods go; claims and volumes stay), freeing the node. */
  void remove(Target t) {
    e2e.cli()
        .kubectl("delete", "statefulset", t.statefulSet(), "-n", t.namespace(), "--wait=false");
  }

  /** The store a restore wrote into server {@code i}'s data volume, or null. */
  Map<String, String> store(Target t, int i, String database) throws IOException {
    String text =
        e2e.k3s()
            .volumeFile(
                t.dataVolume(i), "databases/" + database + "/" + Neo4jAdminStandIn.STORE_FILE);
    if (text == null) {
      return null;
    }
    java.util.Properties p = new java.util.Properties();
    p.load(new java.io.StringReader(text));
    Map<String, String> m = new HashMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return m;
  }

  /** The stand-in's system database on server 0: database name to "online"/"offline". */
  Map<String, String> databases(Target t) throws IOException {
    String text = e2e.k3s().volumeFile(t.dataVolume(0), "standin/system.properties");
    Map<String, String> m = new HashMap<>();
    if (text != null) {
      java.util.Properties p = new java.util.Properties();
      p.load(new java.io.StringReader(text));
      p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    }
    return m;
  }

  /**
   * A claim {@code claim} bound to a new local volume holding {@code artifacts} under {@code
   * folder} (read by the restore's Jobs at {@code /backup/<folder>}).
   */
  void backupVolume(String ns, String claim, Map<String, List<Path>> filesByFolder)
      throws Exception {
    String volume = ns + "-" + claim;
    e2e.k3s().localVolume(volume, ns, claim, NEO4J_UID);
    Path local = Files.createTempDirectory(e2e.work(), "volume-");
    for (var folder : filesByFolder.entrySet()) {
      Path dir = Files.createDirectories(local.resolve(folder.getKey()));
      for (Path f : folder.getValue()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    e2e.k3s().copyIntoVolume(local, volume, NEO4J_UID);
    apply(
        """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: %s, namespace: %s}
        spec:
          accessModes: [ReadWriteOnce]
          storageClassName: %s
          resources: {requests: {storage: 1Gi}}
        """
            .formatted(claim, ns, K3sCluster.STORAGE_CLASS));
  }

  /** Stand-in artifacts written to a temp folder; returns their files. */
  List<Path> artifacts(StandInBackup... backups) throws IOException {
    Path dir = Files.createTempDirectory(e2e.work(), "artifacts-");
    List<Path> files = new java.util.ArrayList<>();
    for (StandInBackup b : backups) {
      files.add(b.writeTo(dir));
    }
    return files;
  }

  /** Server 0's data directory with databases that exist before the restore, each with a store. */
  private Path existingDatabases(Map<String, String> databases) throws IOException {
    Path dir = Files.createTempDirectory(e2e.work(), "data-");
    StringBuilder system = new StringBuilder();
    for (var db : databases.entrySet()) {
      system.append(db.getKey()).append('=').append(db.getValue()).append('\n');
      Path store = Files.createDirectories(dir.resolve("databases").resolve(db.getKey()));
      Files.writeString(
          store.resolve(Neo4jAdminStandIn.STORE_FILE),
          "database=" + db.getKey() + "\nlastTx=7\nartifacts=created-before-the-restore\n");
    }
    Files.createDirectories(dir.resolve("standin"));
    Files.writeString(dir.resolve("standin/system.properties"), system.toString());
    return dir;
  }
}

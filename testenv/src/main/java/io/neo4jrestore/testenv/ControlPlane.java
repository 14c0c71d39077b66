package io.neo4jrestore.testenv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.neo4jrestore.api.json.ApiMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Kubernetes control plane on 127.0.0.1: etcd, kube-apiserver and kube-controller-manager
 * built by {@code scripts/build-control-plane.sh}. RBAC authorization, client-certificate users,
 * ServiceAccount tokens (TokenRequest). No kubelet, no scheduler: {@link FakeKubelet} plays them.
 */
public final class ControlPlane implements AutoCloseable {
  /** Controllers the tests rely on. */
  public static final List<String> CONTROLLERS =
      List.of(
          "job-controller",
          "cronjob-controller",
          "statefulset-controller",
          "garbage-collector-controller",
          "ttl-after-finished-controller",
          "serviceaccount-controller",
          "serviceaccount-token-controller",
          "root-ca-certificate-publisher-controller",
          "namespace-controller",
          "pod-garbage-collector-controller",
          // claims: bound by the real binder (FakeProvisioner makes the volumes), deleted only
          // when no pod uses them, generic ephemeral volumes created per pod
          "persistentvolume-binder-controller",
          "persistentvolumeclaim-protection-controller",
          "persistentvolume-protection-controller",
          "ephemeral-volume-controller");

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final Path dir;
  private final Path logDir;
  private final Pki pki;
  private final String server;
  private final Path adminKubeconfig;
  private final List<ManagedProcess> processes = new ArrayList<>();
  private ApiClient admin;
  private Duration startupTime;
  private String timings = "";

  private final int etcdPort;
  private final int etcdPeerPort;

  private ControlPlane(Path dir, Path logDir, int[] ports) {
    int apiserverPort = ports[0];
    this.etcdPort = ports[1];
    this.etcdPeerPort = ports[2];
    this.dir = dir;
    this.logDir = logDir;
    this.pki = Pki.newCa("neo4j-restore-test-ca");
    this.server = "https://127.0.0.1:" + apiserverPort;
    this.adminKubeconfig = dir.resolve("admin.kubeconfig");
  }

  /**
   * Builds (or finds cached) binaries, starts the three processes, waits for readiness and installs
   * the CRDs. Logs go to {@code logDir}.
   */
  public static ControlPlane start(Path repoRoot, Path dir, Path logDir) {
    Instant t0 = Instant.now();
    Path bin = ControlPlaneBinaries.locate(repoRoot);
    Duration build = Duration.between(t0, Instant.now());
    for (int attempt = 1; ; attempt++) {
      ControlPlane cp = new ControlPlane(dir, logDir, Ports.distinct(3));
      try {
        cp.launch(bin);
        cp.startupTime = Duration.between(t0, Instant.now());
        cp.timings = "binaries " + seconds(build) + ", " + cp.timings;
        System.err.println(
            "[testenv] control plane ready at "
                + cp.server
                + " in "
                + seconds(cp.startupTime)
                + " ("
                + cp.timings
                + "); logs: "
                + logDir);
        return cp;
      } catch (RuntimeException e) {
        cp.close();
        // another process on this machine may take a probed port before our server binds it
        if (attempt >= 3 || !String.valueOf(e.getMessage()).contains("address already in use")) {
          throw e;
        }
        System.err.println(
            "[testenv] a port was taken meanwhile; starting again (" + attempt + ")");
      }
    }
  }

  private void launch(Path bin) {
    try {
      Files.createDirectories(dir);
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path pkiDir = dir.resolve("pki");
    mkdirs(pkiDir);
    pki.ca().write(pkiDir, "ca");
    pki.server(
            "kube-apiserver",
            List.of(
                "localhost",
                "kubernetes",
                "kubernetes.default",
                "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local"),
            List.of("127.0.0.1"))
        .write(pkiDir, "apiserver");
    Pki.Issued adminCert = pki.client("neo4j-restore-test-admin", "system:masters");
    // how kube-apiserver authenticates to kubelets (FakeKubelet's log endpoint)
    pki.client("kube-apiserver-kubelet-client", "system:masters").write(pkiDir, "kubelet-client");
    var saKeys = Pki.rsa();
    Pki.writeFile(pkiDir.resolve("sa.key"), Pki.pem(saKeys.getPrivate()));
    Pki.writeFile(pkiDir.resolve("sa.pub"), Pki.pem(saKeys.getPublic()));
    Kubeconfigs.write(
        adminKubeconfig,
        Kubeconfigs.forClientCertificate(server, pki.ca().certificatePem(), adminCert, "admin"));

    Instant t = Instant.now();
    int etcdPeer = etcdPeerPort;
    String etcdUrl = "http://127.0.0.1:" + etcdPort;
    processes.add(
        ManagedProcess.start(
            "etcd",
            List.of(
                bin.resolve("etcd").toString(),
                "--name=test",
                "--data-dir=" + dir.resolve("etcd"),
                "--listen-client-urls=" + etcdUrl,
                "--advertise-client-urls=" + etcdUrl,
                "--listen-peer-urls=http://127.0.0.1:" + etcdPeer,
                "--initial-advertise-peer-urls=http://127.0.0.1:" + etcdPeer,
                "--initial-cluster=test=http://127.0.0.1:" + etcdPeer,
                "--unsafe-no-fsync=true",
                "--log-level=warn"),
            logDir.resolve("etcd.log"),
            Map.of()));

    int port = URI.create(server).getPort();
    processes.add(
        ManagedProcess.start(
            "kube-apiserver",
            List.of(
                bin.resolve("kube-apiserver").toString(),
                "--etcd-servers=" + etcdUrl,
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--secure-port=" + port,
                "--cert-dir=" + dir.resolve("apiserver-certs"),
                "--tls-cert-file=" + pkiDir.resolve("apiserver.crt"),
                "--tls-private-key-file=" + pkiDir.resolve("apiserver.key"),
                "--client-ca-file=" + pkiDir.resolve("ca.crt"),
                // pods/log, exec, attach, port-forward: the Node's InternalIP and kubelet port,
                // with a client certificate and the kubelet's serving certificate verified
                "--kubelet-preferred-address-types=InternalIP",
                "--kubelet-client-certificate=" + pkiDir.resolve("kubelet-client.crt"),
                "--kubelet-client-key=" + pkiDir.resolve("kubelet-client.key"),
                "--kubelet-certificate-authority=" + pkiDir.resolve("ca.crt"),
                "--authorization-mode=RBAC",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-signing-key-file=" + pkiDir.resolve("sa.key"),
                "--service-account-key-file=" + pkiDir.resolve("sa.pub"),
                "--service-cluster-ip-range=10.0.0.0/24",
                "--allow-privileged=true",
                "--endpoint-reconciler-type=none",
                "--enable-priority-and-fairness=false",
                "--shutdown-delay-duration=0s",
                "--profiling=false",
                "--v=1"),
            logDir.resolve("kube-apiserver.log"),
            Map.of()));

    waitReady(adminCert);
    Duration apiserverUp = Duration.between(t, Instant.now());
    admin = client(adminKubeconfig);

    Instant t2 = Instant.now();
    processes.add(
        ManagedProcess.start(
            "kube-controller-manager",
            List.of(
                bin.resolve("kube-controller-manager").toString(),
                "--kubeconfig=" + adminKubeconfig,
                "--leader-elect=false",
                "--bind-address=127.0.0.1",
                // no serving endpoint needed; 0 also avoids requestheader-CA warnings
                "--secure-port=0",
                "--root-ca-file=" + pkiDir.resolve("ca.crt"),
                "--service-account-private-key-file=" + pkiDir.resolve("sa.key"),
                "--controllers=" + String.join(",", CONTROLLERS),
                "--kube-api-qps=200",
                "--kube-api-burst=400",
                "--concurrent-job-syncs=10",
                "--v=1"),
            logDir.resolve("kube-controller-manager.log"),
            Map.of()));
    installCrds();
    Duration crds = Duration.between(t2, Instant.now());
    timings =
        "etcd+apiserver " + seconds(apiserverUp) + ", controller-manager+CRDs " + seconds(crds);
  }

  /** The admin (system:masters) client. */
  public ApiClient admin() {
    return admin;
  }

  public Path adminKubeconfig() {
    return adminKubeconfig;
  }

  public String server() {
    return server;
  }

  public String caPem() {
    return pki.ca().certificatePem();
  }

  public Pki pki() {
    return pki;
  }

  public Path logDir() {
    return logDir;
  }

  public Duration startupTime() {
    return startupTime;
  }

  /** A client for a kubeconfig file (no persister: the file is never rewritten). */
  public static ApiClient client(Path kubeconfig) {
    try (var reader = Files.newBufferedReader(kubeconfig)) {
      ApiClient c = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(reader)).build();
      c.setReadTimeout(0);
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A kubeconfig for a client-certificate user with groups (for RBAC tests). */
  public Path kubeconfigForUser(String user, String... groups) {
    Path file = dir.resolve("user-" + user.replaceAll("[^A-Za-z0-9]", "_") + ".kubeconfig");
    return Kubeconfigs.write(
        file, Kubeconfigs.forClientCertificate(server, caPem(), pki.client(user, groups), user));
  }

  /** A token for a ServiceAccount through the TokenRequest API. */
  public String tokenFor(String namespace, String serviceAccount, Duration lifetime) {
    AuthenticationV1TokenRequest request =
        new AuthenticationV1TokenRequest()
            .spec(new V1TokenRequestSpec().expirationSeconds(lifetime.toSeconds()));
    try {
      AuthenticationV1TokenRequest issued =
          new CoreV1Api(admin)
              .createNamespacedServiceAccountToken(serviceAccount, namespace, request)
              .execute();
      return issued.getStatus().getToken();
    } catch (ApiException e) {
      throw new IllegalStateException(
          "TokenRequest for "
              + namespace
              + "/"
              + serviceAccount
              + " failed: "
              + e.getResponseBody(),
          e);
    }
  }

  /** A kubeconfig that authenticates as a ServiceAccount. */
  public Path kubeconfigForServiceAccount(String namespace, String serviceAccount) {
    String token = tokenFor(namespace, serviceAccount, Duration.ofHours(2));
    Path file =
        dir.resolve(
            "sa-" + namespace + "-" + serviceAccount + "-" + System.nanoTime() + ".kubeconfig");
    return Kubeconfigs.write(file, Kubeconfigs.forToken(server, caPem(), token, serviceAccount));
  }

  /**
   * A fresh namespace with the given prefix; its default ServiceAccount exists when this returns.
   */
  public String createNamespace(String prefix) {
    String name =
        prefix
            + "-"
            + NAMESPACES.incrementAndGet()
            + "-"
            + Long.toString(System.nanoTime() % 1_000_000, 36);
    CoreV1Api core = new CoreV1Api(admin);
    try {
      core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name))).execute();
      Wait.until(
          "ServiceAccount " + name + "/default",
          Duration.ofSeconds(60),
          () -> exists(() -> core.readNamespacedServiceAccount("default", name).execute()));
    } catch (ApiException e) {
      throw new IllegalStateException(
          "cannot create namespace " + name + ": " + e.getResponseBody(), e);
    }
    return name;
  }

  private static boolean exists(ApiCall call) {
    try {
      call.run();
      return true;
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw new IllegalStateException(e.getResponseBody(), e);
    }
  }

  @FunctionalInterface
  private interface ApiCall {
    void run() throws ApiException;
  }

  /**
   * Creates or replaces a CRD and waits until it is Established and served by discovery. Sent as
   * raw JSON: the client's typed CRD model turns integers inside schemas into floats.
   */
  public void installCrd(String yaml) {
    try {
      JsonNode crd = ApiMapper.yaml().readTree(yaml);
      String name = crd.at("/metadata/name").asText();
      String base = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
      HttpResponse<String> existing = get(base + "/" + name);
      HttpResponse<String> r;
      if (existing.statusCode() == 200) {
        ((ObjectNode) crd.get("metadata"))
            .put(
                "resourceVersion",
                ApiMapper.json()
                    .readTree(existing.body())
                    .at("/metadata/resourceVersion")
                    .asText());
        r = send("PUT", base + "/" + name, ApiMapper.json().writeValueAsString(crd));
      } else {
        r = send("POST", base, ApiMapper.json().writeValueAsString(crd));
      }
      if (r.statusCode() >= 300) {
        throw new IllegalStateException(
            "cannot install CRD " + name + ": HTTP " + r.statusCode() + " " + r.body());
      }
      Wait.until(
          "CRD " + name + " Established",
          Duration.ofSeconds(60),
          () -> {
            JsonNode c = ApiMapper.json().readTree(get(base + "/" + name).body());
            for (JsonNode condition : c.at("/status/conditions")) {
              if ("Established".equals(condition.path("type").asText())
                  && "True".equals(condition.path("status").asText())) {
                return true;
              }
            }
            return false;
          });
      String path =
          "/apis/"
              + crd.at("/spec/group").asText()
              + "/"
              + crd.at("/spec/versions/0/name").asText();
      String plural = crd.at("/spec/names/plural").asText();
      Wait.until(
          "discovery of " + plural,
          Duration.ofSeconds(60),
          () -> {
            HttpResponse<String> d = get(path);
            return d.statusCode() == 200 && d.body().contains("\"" + plural + "\"");
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void installCrds() {
    installCrd(
        resource(
            io.neo4jrestore.api.RestoreApi.class, io.neo4jrestore.api.RestoreApi.CRD_RESOURCE));
    for (String file :
        List.of(
            "neo4jenterpriseclusters.yaml",
            "neo4jenterprisestandalones.yaml",
            "neo4jbackups.yaml")) {
      installCrd(resource(ControlPlane.class, "/io/neo4jrestore/testenv/crds/" + file));
    }
  }

  private static String resource(Class<?> anchor, String path) {
    try (InputStream in = anchor.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " not found on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- raw HTTPS with the admin certificate (readiness, discovery) ---

  private HttpClient http;

  private HttpResponse<String> send(String method, String path, String json)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(server + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(server + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void waitReady(Pki.Issued adminCert) {
    http =
        HttpClient.newBuilder()
            .sslContext(pki.sslContext(adminCert))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      processes.forEach(ManagedProcess::checkAlive);
      try {
        HttpResponse<String> r = get("/readyz");
        if (r.statusCode() == 200) {
          HttpResponse<String> ns = get("/api/v1/namespaces/default");
          if (ns.statusCode() == 200) {
            return;
          }
          last = "namespace default: HTTP " + ns.statusCode();
        } else {
          last = "readyz: HTTP " + r.statusCode() + " " + r.body();
        }
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      sleep(250);
    }
    throw new IllegalStateException(
        "kube-apiserver not ready after "
            + READY_TIMEOUT.toSeconds()
            + "s ("
            + last
            + "); logs in "
            + logDir);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void mkdirs(Path p) {
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }

  /** Stops the processes (controller-manager, apiserver, etcd) and deletes the data directory. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
    processes.clear();
    deleteTree(dir);
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp dir
    }
  }
}

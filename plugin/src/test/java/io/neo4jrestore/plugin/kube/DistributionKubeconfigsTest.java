package io.neo4jrestore.plugin.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.kube.testing.TestPki;
import io.neo4jrestore.kube.testing.TestPki.KeyKind;
import io.neo4jrestore.kube.testing.TestServer;
import io.neo4jrestore.plugin.KubeSessions;
import io.neo4jrestore.plugin.options.KubeOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Kubeconfigs shaped as kubeadm, kind, k3s, EKS and GKE write them (the same fields, key forms and
 * credential kinds; certificates made by openssl at test time), each used by the plugin's
 * connection against an HTTPS stand-in API server that records who called.
 */
class DistributionKubeconfigsTest {
  @TempDir static Path dir;
  private static TestPki pki;
  private static final List<String> seen = new CopyOnWriteArrayList<>();
  private static TestServer kubeadm;
  private static TestServer k3s;
  private static TestServer withTokens;
  private static TestPki.Issued rsaCa;
  private static TestPki.Issued k3sServerCa;
  private static TestPki.Issued k3sClientCa;

  private static final String LIST =
      "{\"kind\":\"Neo4jRestoreList\",\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[]}";

  @BeforeAll
  static void servers() {
    pki = new TestPki(dir.resolve("pki"));
    // kubeadm, kind, EKS, GKE: an RSA 2048 cluster CA
    rsaCa = pki.ca("kubernetes", KeyKind.RSA_PKCS1);
    TestPki.Issued rsaServing =
        pki.server(
            rsaCa,
            "kube-apiserver",
            List.of("kubernetes", "kubernetes.default.svc"),
            List.of("127.0.0.1"),
            KeyKind.RSA_PKCS1);
    withTokens =
        TestServer.https(
            pki.sslContext(rsaServing, rsaCa),
            false,
            e -> {
              seen.add("token " + e.getRequestHeaders().getFirst("Authorization"));
              TestServer.json(e, 200, LIST);
            });
    // kubeadm and kind: client certificates from the same CA
    kubeadm =
        TestServer.https(
            pki.sslContext(rsaServing, rsaCa),
            true,
            e -> {
              seen.add("cert " + TestServer.clientSubject(e));
              TestServer.json(e, 200, LIST);
            });
    // k3s: EC everywhere; the server CA and the client CA are different self-signed CAs
    k3sServerCa = pki.ca("k3s-server-ca", KeyKind.EC_SEC1);
    k3sClientCa = pki.ca("k3s-client-ca", KeyKind.EC_SEC1);
    TestPki.Issued k3sServing =
        pki.server(k3sServerCa, "k3s", List.of("localhost"), List.of("127.0.0.1"), KeyKind.EC_SEC1);
    k3s =
        TestServer.https(
            pki.sslContext(k3sServing, k3sClientCa),
            true,
            e -> {
              seen.add("cert " + TestServer.clientSubject(e));
              TestServer.json(e, 200, LIST);
            });
  }

  @AfterAll
  static void stop() {
    withTokens.close();
    kubeadm.close();
    k3s.close();
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** Lists restores with the kubeconfig; returns what the server saw. */
  private static String list(String kubeconfig) throws Exception {
    Path file = Files.createTempFile(dir, "kubeconfig-", ".yaml");
    Files.writeString(file, kubeconfig);
    KubeOptions options = new KubeOptions();
    new CommandLine(options).parseArgs("--kubeconfig", file.toString());
    seen.clear();
    String rv =
        new KubeSessions(Map.of(), dir, Clock.systemUTC(), false)
            .open(options)
            .connect()
            .list("default", null, null)
            .resourceVersion();
    assertEquals("7", rv);
    assertEquals(1, seen.size(), seen.toString());
    return seen.get(0);
  }

  /** An exec plugin printing a v1beta1 ExecCredential, as aws and gke-gcloud-auth-plugin do. */
  private static Path execPlugin(String name, String token) throws Exception {
    Path script = dir.resolve(name);
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \""
            + dir.resolve(name + ".info")
            + "\"\n"
            + "echo '{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
            + "\"spec\":{},\"status\":{\"expirationTimestamp\":\"2099-01-01T00:00:00Z\","
            + "\"token\":\""
            + token
            + "\"}}'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  @Test
  void kubeadm_and_kind_an_rsa_pkcs1_client_certificate_embedded() throws Exception {
    TestPki.Issued admin =
        pki.client(rsaCa, "kubernetes-admin", List.of("kubeadm:cluster-admins"), KeyKind.RSA_PKCS1);
    assertTrue(admin.keyPem().startsWith("-----BEGIN RSA PRIVATE KEY-----"));
    String kubeconfig =
        "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: "
            + b64(rsaCa.certPem())
            + "\n    server: "
            + kubeadm.url()
            + "\n  name: kind-kind\ncontexts:\n- context:\n    cluster: kind-kind\n    user: kind-kind\n"
            + "  name: kind-kind\ncurrent-context: kind-kind\nkind: Config\npreferences: {}\nusers:\n"
            + "- name: kind-kind\n  user:\n    client-certificate-data: "
            + b64(admin.certPem())
            + "\n    client-key-data: "
            + b64(admin.keyPem())
            + "\n";
    assertTrue(list(kubeconfig).contains("CN=kubernetes-admin"));
  }

  @Test
  void k3s_an_ec_sec1_key_and_its_client_ca_in_the_certificate_data() throws Exception {
    TestPki.Issued admin =
        pki.client(k3sClientCa, "system:admin", List.of("system:masters"), KeyKind.EC_SEC1);
    assertTrue(admin.keyPem().startsWith("-----BEGIN EC PRIVATE KEY-----"));
    String kubeconfig =
        "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: "
            + b64(k3sServerCa.certPem())
            + "\n    server: "
            + k3s.url()
            + "\n  name: default\ncontexts:\n- context:\n    cluster: default\n    user: default\n"
            + "  name: default\ncurrent-context: default\nkind: Config\npreferences: {}\nusers:\n"
            + "- name: default\n  user:\n    client-certificate-data: "
            + b64(admin.certPem() + k3sClientCa.certPem())
            + "\n    client-key-data: "
            + b64(admin.keyPem())
            + "\n";
    assertTrue(list(kubeconfig).contains("CN=system:admin"));
  }

  @Test
  void eks_an_rsa_ca_and_aws_eks_get_token() throws Exception {
    Path aws = execPlugin("aws", "k8s-aws-v1.abc");
    String kubeconfig =
        "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: "
            + b64(rsaCa.certPem())
            + "\n    server: "
            + withTokens.url()
            + "\n  name: arn:aws:eks:eu-west-1:123456789012:cluster/prod\n"
            + "contexts:\n- context:\n    cluster: arn:aws:eks:eu-west-1:123456789012:cluster/prod\n"
            + "    user: arn:aws:eks:eu-west-1:123456789012:cluster/prod\n"
            + "  name: arn:aws:eks:eu-west-1:123456789012:cluster/prod\n"
            + "current-context: arn:aws:eks:eu-west-1:123456789012:cluster/prod\nkind: Config\n"
            + "preferences: {}\nusers:\n- name: arn:aws:eks:eu-west-1:123456789012:cluster/prod\n"
            + "  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
            + "      args:\n      - --region\n      - eu-west-1\n      - eks\n      - get-token\n"
            + "      - --cluster-name\n      - prod\n      - --output\n      - json\n"
            + "      command: "
            + aws
            + "\n      env:\n      - name: AWS_PROFILE\n        value: prod\n";
    assertEquals("token Bearer k8s-aws-v1.abc", list(kubeconfig));
  }

  @Test
  void gke_an_rsa_ca_and_gke_gcloud_auth_plugin_with_cluster_info() throws Exception {
    Path plugin = execPlugin("gke-gcloud-auth-plugin", "ya29.gke");
    String kubeconfig =
        "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: "
            + b64(rsaCa.certPem())
            + "\n    server: "
            + withTokens.url()
            + "\n  name: gke_project_europe-west1_prod\ncontexts:\n- context:\n"
            + "    cluster: gke_project_europe-west1_prod\n    user: gke_project_europe-west1_prod\n"
            + "  name: gke_project_europe-west1_prod\ncurrent-context: gke_project_europe-west1_prod\n"
            + "kind: Config\npreferences: {}\nusers:\n- name: gke_project_europe-west1_prod\n  user:\n"
            + "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: "
            + plugin
            + "\n      installHint: Install gke-gcloud-auth-plugin for use with kubectl\n"
            + "      provideClusterInfo: true\n";
    assertEquals("token Bearer ya29.gke", list(kubeconfig));
    String info = Files.readString(dir.resolve("gke-gcloud-auth-plugin.info"));
    assertTrue(info.contains("\"apiVersion\":\"client.authentication.k8s.io/v1beta1\""), info);
    assertTrue(info.contains("\"server\":\"" + withTokens.url() + "\""), info);
    assertTrue(info.contains("\"certificate-authority-data\""), info);
  }
}

package io.neo4jrestore.plugin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.kube.testing.TestPki;
import io.neo4jrestore.kube.testing.TestPki.KeyKind;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real {@code kubectl neo4j-restore get} authenticating to the real kube-apiserver with client
 * certificates of every key form kubeconfigs carry (kubeadm/kind: RSA PKCS#1; k3s: EC SEC1 with the
 * client CA in the chain; openssl/cert-manager: PKCS#8), made by openssl at test time and issued by
 * the cluster's client CA. Each user may list restores in one namespace only, through a RoleBinding
 * to that user alone: a request that did not authenticate as exactly that user fails.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCertificatesIT {
  private String ns;
  private Admin admin;
  private ControlPlane cp;
  private TestPki pki;
  private TestPki.Issued clusterCa;
  private Path dir;

  @BeforeAll
  void setUp(ControlPlane cp, @TempDir Path dir) {
    this.cp = cp;
    this.dir = dir;
    ns = cp.createNamespace("certs");
    admin = new Admin(cp.adminKubeconfig());
    pki = new TestPki(dir.resolve("pki"));
    clusterCa =
        pki.adopt("cluster-ca", cp.pki().ca().certificatePem(), cp.pki().ca().privateKeyPem());
    ObjectNode role = ApiMapper.json().createObjectNode();
    role.put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", "Role");
    role.putObject("metadata").put("name", "list-restores");
    role.putArray("rules")
        .addObject()
        .<ObjectNode>set("apiGroups", ApiMapper.json().createArrayNode().add(RestoreApi.GROUP))
        .<ObjectNode>set("resources", ApiMapper.json().createArrayNode().add(RestoreApi.PLURAL))
        .set("verbs", ApiMapper.json().createArrayNode().add("list"));
    admin.api.post(
        "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/roles", Map.of(), role);
  }

  /** Only {@code user} (no group) may list restores in the namespace. */
  private void allow(String user) {
    ObjectNode binding = ApiMapper.json().createObjectNode();
    binding.put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", "RoleBinding");
    binding.putObject("metadata").put("name", "list-" + user.toLowerCase().replace('_', '-'));
    binding
        .putObject("roleRef")
        .put("apiGroup", "rbac.authorization.k8s.io")
        .put("kind", "Role")
        .put("name", "list-restores");
    binding
        .putArray("subjects")
        .addObject()
        .put("apiGroup", "rbac.authorization.k8s.io")
        .put("kind", "User")
        .put("name", user);
    admin.api.post(
        "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/rolebindings", Map.of(), binding);
  }

  private static String b64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }

  /** A kubeconfig with the certificate and key embedded, or as files next to it. */
  private Path kubeconfig(String name, TestPki.Issued client, boolean files) throws Exception {
    Path file = dir.resolve(name + ".kubeconfig");
    String user;
    if (files) {
      Path certs = Files.createDirectories(dir.resolve(name + "-certs"));
      Files.writeString(certs.resolve("client.crt"), client.chainPem());
      Files.writeString(certs.resolve("client.key"), client.keyPem());
      Files.writeString(certs.resolve("ca.crt"), cp.caPem());
      user =
          "    client-certificate: "
              + name
              + "-certs/client.crt\n    client-key: "
              + name
              + "-certs/client.key\n";
    } else {
      user =
          "    client-certificate-data: "
              + b64(client.chainPem())
              + "\n    client-key-data: "
              + b64(client.keyPem())
              + "\n";
    }
    String cluster =
        files
            ? "    certificate-authority: " + name + "-certs/ca.crt\n"
            : "    certificate-authority-data: " + b64(cp.caPem()) + "\n";
    Files.writeString(
        file,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: "
            + cp.server()
            + "\n"
            + cluster
            + "users:\n- name: u\n  user:\n"
            + user
            + "contexts:\n- name: c\n  context: {cluster: c, user: u, namespace: "
            + ns
            + "}\ncurrent-context: c\n");
    return file;
  }

  private void assertListsAs(String user, Path kubeconfig) {
    Kubectl.Result r = new Kubectl(kubeconfig.toString()).run("get");
    assertEquals(0, r.exitCode(), user + ": " + r);
    assertTrue(r.err().contains("No resources found") || r.out().contains("NAME"), r.toString());
    // and only this namespace: the binding is for this user alone
    Kubectl.Result elsewhere = new Kubectl(kubeconfig.toString()).run("get", "-n", "default");
    assertEquals(3, elsewhere.exitCode(), elsewhere.toString());
    assertTrue(
        elsewhere.err().contains("User \"" + user + "\" cannot list resource"), elsewhere.err());
  }

  @ParameterizedTest
  @EnumSource(KeyKind.class)
  void every_key_form_authenticates_as_its_user(KeyKind kind) throws Exception {
    String user = "cert-" + kind.name().toLowerCase().replace('_', '-');
    allow(user);
    TestPki.Issued client = pki.client(clusterCa, user, List.of("developers"), kind);
    assertListsAs(user, kubeconfig(user, client, kind.ordinal() % 2 == 1));
  }

  @Test
  void a_k3s_style_certificate_with_its_client_ca_in_the_chain_authenticates() throws Exception {
    String user = "system:k3s-admin";
    allow(user);
    TestPki.Issued clientCa = pki.intermediate(clusterCa, "k3s-client-ca", KeyKind.EC_SEC1);
    TestPki.Issued client = pki.client(clientCa, user, List.of(), KeyKind.EC_SEC1);
    assertListsAs(user, kubeconfig("k3s", client, false));
  }

  @Test
  void a_key_that_is_not_the_certificates_is_refused_before_connecting() throws Exception {
    TestPki.Issued a = pki.client(clusterCa, "a", List.of(), KeyKind.RSA_PKCS1);
    TestPki.Issued b = pki.client(clusterCa, "b", List.of(), KeyKind.RSA_PKCS1);
    TestPki.Issued mixed = new TestPki.Issued("mixed", a.cert(), b.key(), a.chain(), false);
    Kubectl.Result r = new Kubectl(kubeconfig("mixed", mixed, false).toString()).run("get");
    assertEquals(3, r.exitCode(), r.toString());
    assertTrue(r.err().contains("cannot use the client certificate of user \"u\""), r.err());
    assertTrue(r.err().contains("is not the key of the certificate"), r.err());
  }
}

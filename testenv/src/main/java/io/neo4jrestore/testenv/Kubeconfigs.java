package io.neo4jrestore.testenv;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/** Kubeconfig files for the test control plane (certificate data embedded). */
public final class Kubeconfigs {
  private Kubeconfigs() {}

  /** A kubeconfig authenticating with a client certificate. */
  public static String forClientCertificate(
      String server, String caPem, Pki.Issued client, String context) {
    return header(server, caPem, context)
        + "users:\n"
        + "- name: "
        + context
        + "\n"
        + "  user:\n"
        + "    client-certificate-data: "
        + b64(client.certificatePem())
        + "\n"
        + "    client-key-data: "
        + b64(client.privateKeyPem())
        + "\n";
  }

  /** A kubeconfig authenticating with a bearer token (e.g. a ServiceAccount's). */
  public static String forToken(String server, String caPem, String token, String context) {
    return header(server, caPem, context)
        + "users:\n"
        + "- name: "
        + context
        + "\n"
        + "  user:\n"
        + "    token: "
        + token
        + "\n";
  }

  public static Path write(Path file, String kubeconfig) {
    Pki.writeFile(file, kubeconfig);
    return file;
  }

  private static String header(String server, String caPem, String context) {
    return "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: "
        + context
        + "\n"
        + "  cluster:\n"
        + "    server: "
        + server
        + "\n"
        + "    certificate-authority-data: "
        + b64(caPem)
        + "\n"
        + "contexts:\n"
        + "- name: "
        + context
        + "\n"
        + "  context:\n"
        + "    cluster: "
        + context
        + "\n"
        + "    user: "
        + context
        + "\n"
        + "    namespace: default\n"
        + "current-context: "
        + context
        + "\n";
  }

  private static String b64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }
}

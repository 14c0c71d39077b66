package io.neo4jrestore.plugin.kube;

import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.kube.Credentials;
import io.neo4jrestore.kube.JdkTransport;
import io.neo4jrestore.kube.KubeRest;
import io.neo4jrestore.kube.Pem;
import io.neo4jrestore.kube.Tls;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Builds the process's one connection to the API server from a kubeconfig selection: server, TLS
 * (CA, {@code insecure-skip-tls-verify}, {@code tls-server-name}, client certificate), proxy, and
 * {@link Credentials} for tokens, token files, basic auth and exec plugins. Nothing is ever written
 * back to the kubeconfig.
 */
public final class ApiClients {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Without {@code --request-timeout}, the longest wait for an answer (not for watches or -f). */
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private ApiClients() {}

  /** The credentials a user entry asks for (tokenFile, then token, then exec, then basic). */
  public static Credentials credentials(Kubeconfig.Selection s, Clock clock, boolean terminal) {
    Kubeconfig.User user = s.user();
    if (user == null) {
      return Credentials.NONE;
    }
    if (user.tokenFile() != null) {
      return Credentials.tokenFile(user.tokenFile(), user.name());
    }
    if (user.token() != null && !user.token().isBlank()) {
      return Credentials.token(user.token());
    }
    if (user.exec() != null) {
      return new ExecCredentials(user.exec(), user.name(), s.cluster(), clock, terminal);
    }
    if (user.username() != null && !user.username().isEmpty()) {
      return Credentials.basic(user.username(), user.password());
    }
    if (user.hasAuthProvider()
        && user.clientCertificateData() == null
        && user.clientCertificate() == null) {
      throw new KubeconfigException(
          "user \""
              + user.name()
              + "\" in "
              + user.origin()
              + " uses an auth-provider; kubectl removed those: switch to its exec plugin"
              + " (e.g. gke-gcloud-auth-plugin, kubelogin, aws eks get-token)");
    }
    return Credentials.NONE;
  }

  /**
   * The REST layer for a selection: HTTP with the JDK's client, TLS from the cluster and user
   * entries, authentication from {@code credentials}.
   *
   * @param requestTimeout {@code --request-timeout}; zero means the default (60 s) per request
   * @param where how messages name the server
   */
  public static KubeRest create(
      Kubeconfig.Selection s, Credentials credentials, Duration requestTimeout, String where) {
    return new KubeRest(transport(s, credentials, requestTimeout), ApiMapper.json(), where);
  }

  /** The transport alone. */
  public static JdkTransport transport(
      Kubeconfig.Selection s, Credentials credentials, Duration requestTimeout) {
    Kubeconfig.Cluster cluster = s.cluster();
    String server = cluster.server().strip().replaceAll("/+$", "");
    URI uri;
    try {
      uri = URI.create(server);
    } catch (IllegalArgumentException e) {
      throw badServer(cluster, server, e);
    }
    if (uri.getHost() == null
        || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
      throw badServer(cluster, server, null);
    }
    HttpClient.Builder http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(CONNECT_TIMEOUT);
    if ("https".equals(uri.getScheme())) {
      http.sslContext(sslContext(s));
      String serverName = blankToNull(cluster.tlsServerName());
      if (serverName != null) {
        SSLParameters params = new SSLParameters();
        params.setServerNames(List.of(new SNIHostName(serverName)));
        http.sslParameters(params);
      }
    }
    ProxySelector proxy = Proxies.selector(cluster, uri);
    if (proxy != null) {
      http.proxy(proxy);
    }
    return new JdkTransport(
        server,
        http.build(),
        credentials,
        requestTimeout.isZero() ? DEFAULT_REQUEST_TIMEOUT : requestTimeout,
        "kubectl-neo4j_restore");
  }

  private static KubeconfigException badServer(
      Kubeconfig.Cluster cluster, String server, Exception cause) {
    return new KubeconfigException(
        "cluster \""
            + cluster.name()
            + "\" in "
            + cluster.origin()
            + ": the server URL \""
            + server
            + "\" is not an https:// or http:// URL",
        cause);
  }

  private static SSLContext sslContext(Kubeconfig.Selection s) {
    Kubeconfig.Cluster cluster = s.cluster();
    List<X509Certificate> ca = null;
    if (!cluster.insecureSkipTlsVerify()) {
      byte[] pem = caBytes(cluster);
      if (pem != null) {
        try {
          ca = Pem.certificates(pem);
        } catch (IllegalArgumentException e) {
          throw new KubeconfigException(
              "cluster \""
                  + cluster.name()
                  + "\" in "
                  + cluster.origin()
                  + ": its certificate authority cannot be used: "
                  + e.getMessage(),
              e);
        }
      }
    }
    try {
      return Tls.context(
          ca,
          cluster.insecureSkipTlsVerify(),
          blankToNull(cluster.tlsServerName()),
          identity(s.user()));
    } catch (GeneralSecurityException e) {
      throw new KubeconfigException(
          "cannot set up TLS for cluster \"" + cluster.name() + "\": " + e.getMessage(), e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static byte[] caBytes(Kubeconfig.Cluster cluster) {
    if (cluster.certificateAuthorityData() != null
        && !cluster.certificateAuthorityData().isBlank()) {
      return decode(
          cluster.certificateAuthorityData(), "certificate-authority-data", cluster.origin());
    }
    if (cluster.certificateAuthority() != null) {
      return read(cluster.certificateAuthority(), "certificate-authority", cluster.origin());
    }
    return null;
  }

  /** The user's client certificate chain and key, or null when it has none. */
  static Tls.Identity identity(Kubeconfig.User user) {
    if (user == null) {
      return null;
    }
    byte[] cert = null;
    byte[] key = null;
    if (user.clientCertificateData() != null && !user.clientCertificateData().isBlank()) {
      cert = decode(user.clientCertificateData(), "client-certificate-data", user.origin());
    } else if (user.clientCertificate() != null) {
      cert = read(user.clientCertificate(), "client-certificate", user.origin());
    }
    if (user.clientKeyData() != null && !user.clientKeyData().isBlank()) {
      key = decode(user.clientKeyData(), "client-key-data", user.origin());
    } else if (user.clientKey() != null) {
      key = read(user.clientKey(), "client-key", user.origin());
    }
    if (cert == null && key == null) {
      return null;
    }
    if (cert == null || key == null) {
      throw new KubeconfigException(
          "user \""
              + user.name()
              + "\" in "
              + user.origin()
              + " has a client "
              + (cert == null ? "key but no certificate" : "certificate but no key"));
    }
    try {
      return Tls.identity(Pem.certificates(cert), Pem.privateKey(key));
    } catch (IllegalArgumentException e) {
      throw new KubeconfigException(
          "cannot use the client certificate of user \""
              + user.name()
              + "\" in "
              + user.origin()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static byte[] decode(String base64, String field, Path origin) {
    try {
      return Base64.getMimeDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new KubeconfigException(field + " in " + origin + " is not valid base64", e);
    }
  }

  private static byte[] read(Path file, String field, Path origin) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new KubeconfigException(
          "cannot read " + field + " " + file + " (named in " + origin + "): " + e.getMessage(), e);
    }
  }
}

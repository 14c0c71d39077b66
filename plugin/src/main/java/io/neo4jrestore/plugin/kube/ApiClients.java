package io.neo4jrestore.plugin.kube;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.SSLUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * Builds the one {@link ApiClient} of the process from a kubeconfig selection: server, TLS (CA,
 * {@code insecure-skip-tls-verify}, {@code tls-server-name}, client certificate) and an {@link
 * AuthInterceptor} for tokens, token files, basic auth and exec plugins. No persister: nothing is
 * ever written back to the kubeconfig.
 */
public final class ApiClients {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

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
   * The client for a selection.
   *
   * @param requestTimeout {@code --request-timeout}; zero means no overall limit per request
   */
  public static ApiClient create(
      Kubeconfig.Selection s, Credentials credentials, Duration requestTimeout) {
    LenientGson.install();
    Kubeconfig.Cluster cluster = s.cluster();
    ApiClient client = new ApiClient();
    String server = cluster.server().replaceAll("/+$", "");
    client.setBasePath(server);
    if (server.startsWith("https:")) {
      // every ApiClient TLS setter rebuilds the TLS setup and re-reads the CA stream: the CA last
      keyManagers(s.user(), client);
      if (cluster.tlsServerName() != null && !cluster.tlsServerName().isBlank()) {
        client.setTlsServerName(cluster.tlsServerName());
      }
      if (cluster.insecureSkipTlsVerify()) {
        client.setVerifyingSsl(false);
      } else {
        byte[] ca = caBytes(cluster);
        if (ca != null) {
          client.setSslCaCert(new ByteArrayInputStream(ca));
        }
      }
    }
    OkHttpClient.Builder http =
        client
            .getHttpClient()
            .newBuilder()
            .addInterceptor(new AuthInterceptor(credentials))
            .connectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(
                (requestTimeout.isZero() ? DEFAULT_READ_TIMEOUT : requestTimeout).toMillis(),
                TimeUnit.MILLISECONDS)
            .callTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    Proxy proxy = proxy(cluster);
    if (proxy != null) {
      http.proxy(proxy);
    }
    client.setHttpClient(http.build());
    client.setUserAgent("kubectl-neo4j_restore");
    return client;
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

  private static void keyManagers(Kubeconfig.User user, ApiClient client) {
    if (user == null) {
      return;
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
      return;
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
      client.setKeyManagers(
          SSLUtils.keyManagers(cert, key, SSLUtils.recognizePrivateKeyAlgo(key), "", null, null));
    } catch (Exception e) {
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

  private static Proxy proxy(Kubeconfig.Cluster cluster) {
    if (cluster.proxyUrl() == null || cluster.proxyUrl().isBlank()) {
      return null;
    }
    URI uri = URI.create(cluster.proxyUrl());
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    Proxy.Type type =
        switch (scheme) {
          case "http", "https" -> Proxy.Type.HTTP;
          case "socks5" -> Proxy.Type.SOCKS;
          default ->
              throw new KubeconfigException(
                  "cluster \""
                      + cluster.name()
                      + "\": proxy-url scheme \""
                      + scheme
                      + "\" is not supported (http, https, socks5)");
        };
    int port = uri.getPort() > 0 ? uri.getPort() : "socks5".equals(scheme) ? 1080 : 3128;
    return new Proxy(type, InetSocketAddress.createUnresolved(uri.getHost(), port));
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

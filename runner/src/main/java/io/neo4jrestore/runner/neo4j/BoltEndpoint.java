package io.neo4jrestore.runner.neo4j;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach a target's Neo4j over Bolt: URI, admin credentials, the CA that signs the
 * server certificate, and {@link Origin the Kubernetes objects they came from} so that every error
 * can say which Secret or Service to check. The password never appears in {@link #toString()}.
 *
 * <p>TLS is decided by the URI scheme: {@code bolt+s}/{@code neo4j+s} require TLS and {@code
 * caPem}, and the server must present a certificate signed by that CA for the URI's host name;
 * {@code bolt}/{@code neo4j} are plain. The trust-all schemes ({@code +ssc}) are refused (see
 * {@link BoltConnector}).
 */
public final class BoltEndpoint {
  private final URI uri;
  private final String username;
  private final char[] password;
  private final Optional<String> caPem;
  private final Origin origin;

  /**
   * Names of the objects behind an endpoint, for messages.
   *
   * @param target e.g. {@code Neo4jEnterpriseCluster prod/graph}
   * @param adminSecret the Secret holding the admin credentials
   * @param caSecret the Secret whose {@code ca.crt} is {@code caPem}, when TLS is used
   */
  public record Origin(String target, String adminSecret, Optional<String> caSecret) {
    public Origin {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(adminSecret, "adminSecret");
      Objects.requireNonNull(caSecret, "caSecret");
    }
  }

  public BoltEndpoint(
      URI uri, String username, char[] password, Optional<String> caPem, Origin origin) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.username = Objects.requireNonNull(username, "username");
    this.password = Objects.requireNonNull(password, "password").clone();
    this.caPem = Objects.requireNonNull(caPem, "caPem");
    this.origin = Objects.requireNonNull(origin, "origin");
  }

  public BoltEndpoint(
      URI uri, String username, String password, Optional<String> caPem, Origin origin) {
    this(uri, username, Objects.requireNonNull(password, "password").toCharArray(), caPem, origin);
  }

  public BoltEndpoint(
      URI uri, Neo4jCredentials credentials, Optional<String> caPem, Origin origin) {
    this(uri, credentials.username(), credentials.password(), caPem, origin);
  }

  public URI uri() {
    return uri;
  }

  public String username() {
    return username;
  }

  /** A copy of the password. */
  public char[] password() {
    return password.clone();
  }

  public Optional<String> caPem() {
    return caPem;
  }

  public Origin origin() {
    return origin;
  }

  /** {@code host:port} of the URI: the Service the runner dials. */
  public String hostAndPort() {
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  @Override
  public String toString() {
    return "BoltEndpoint["
        + uri
        + ", user "
        + username
        + ", password (hidden), "
        + (caPem.isPresent() ? "CA from " + origin.caSecret().orElse("(unnamed)") : "no CA")
        + ", "
        + origin.target()
        + "]";
  }
}

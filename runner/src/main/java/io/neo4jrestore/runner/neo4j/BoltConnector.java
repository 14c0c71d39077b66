package io.neo4jrestore.runner.neo4j;

import io.neo4jrestore.runner.neo4j.Neo4jAdminException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * Opens a {@link BoltNeo4jAdmin} for a {@link BoltEndpoint}.
 *
 * <p>TLS rules (COMPAT.md: never silently skip verification):
 *
 * <ul>
 *   <li>{@code bolt+s://} and {@code neo4j+s://} need the target's CA; the driver then trusts that
 *       CA only (not the system CAs) and verifies the host name. A missing or unreadable CA is an
 *       error before anything is dialled.
 *   <li>{@code bolt://} and {@code neo4j://} are plain; a CA given with them is an error (the
 *       caller meant TLS).
 *   <li>{@code +ssc} schemes (trust any certificate) and other schemes are refused.
 * </ul>
 *
 * <p>The driver takes trust settings only with a plain scheme, so a {@code +s} URI is dialled as
 * its plain scheme with encryption and a custom-CA trust strategy configured explicitly. The CA is
 * handed to the driver through an owner-only temporary file that is deleted as soon as the driver
 * is built (the driver reads it once, when it is constructed).
 */
public final class BoltConnector {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);

  private static final String USER_AGENT = "neo4j-restore-runner";

  private final Duration connectTimeout;

  public BoltConnector() {
    this(DEFAULT_CONNECT_TIMEOUT);
  }

  public BoltConnector(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /**
   * Builds the driver and proves the endpoint works (TLS, authentication, a query on {@code
   * system}) by reading the server version, so that a wrong password or CA fails here, in the step
   * that connects, with a message naming the Secret.
   *
   * @throws Neo4jAdminException on invalid settings or when the first query fails
   */
  public BoltNeo4jAdmin connect(BoltEndpoint endpoint) {
    Neo4jErrors.Context context =
        new Neo4jErrors.Context(endpoint.uri(), endpoint.username(), endpoint.origin());
    BoltNeo4jAdmin admin = new BoltNeo4jAdmin(new DriverSession(driver(endpoint)), context);
    try {
      admin.serverVersion();
      return admin;
    } catch (RuntimeException e) {
      admin.close();
      throw e;
    }
  }

  /** The driver for {@code endpoint}, not yet connected. */
  Driver driver(BoltEndpoint endpoint) {
    Dial dial = dial(endpoint);
    Config.ConfigBuilder config =
        Config.builder()
            .withConnectionTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .withConnectionAcquisitionTimeout(connectTimeout.toMillis() * 2, TimeUnit.MILLISECONDS)
            .withUserAgent(USER_AGENT)
            .withTelemetryDisabled(true);
    char[] password = endpoint.password();
    Path caFile = null;
    try {
      if (dial.tls()) {
        caFile = writeCa(endpoint.caPem().orElseThrow());
        config
            .withEncryption()
            .withTrustStrategy(
                Config.TrustStrategy.trustCustomCertificateSignedBy(caFile.toFile())
                    .withHostnameVerification());
      } else {
        config.withoutEncryption();
      }
      return GraphDatabase.driver(
          dial.uri(), AuthTokens.basic(endpoint.username(), new String(password)), config.build());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new Neo4jAdminException(
          Kind.INVALID,
          "cannot set up Bolt to "
              + endpoint.uri()
              + " for "
              + endpoint.origin().target()
              + ": "
              + e.getMessage(),
          null,
          e);
    } finally {
      Arrays.fill(password, '\0');
      deleteQuietly(caFile);
    }
  }

  /**
   * What to dial and whether to use TLS, from the endpoint's scheme and CA. Pure; enforces the
   * rules in the class comment.
   */
  static Dial dial(BoltEndpoint endpoint) {
    URI uri = endpoint.uri();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String caSecret =
        endpoint.origin().caSecret().map(s -> "Secret " + s).orElse("the target's TLS Secret");
    String target = endpoint.origin().target();
    if (uri.getRawUserInfo() != null) {
      throw invalid(
          "the Bolt URI for "
              + target
              + " must not carry user information; credentials come from the admin Secret");
    }
    switch (scheme) {
      case "bolt", "neo4j" -> {
        if (endpoint.caPem().isPresent()) {
          throw invalid(
              "a CA (from "
                  + caSecret
                  + ") was given for "
                  + target
                  + " but "
                  + uri
                  + " is not a TLS URI; use "
                  + scheme
                  + "+s://");
        }
        return new Dial(uri, false);
      }
      case "bolt+s", "neo4j+s" -> {
        String pem = endpoint.caPem().orElse("");
        if (pem.isBlank()) {
          throw invalid(
              uri
                  + " requires TLS but no CA was given for "
                  + target
                  + ": put the CA certificate in key ca.crt of "
                  + caSecret
                  + " (spec.tls.trustedCASecret, else <name>-tls-secret)");
        }
        requireCertificates(pem, caSecret);
        return new Dial(withScheme(uri, scheme.substring(0, scheme.length() - 2)), true);
      }
      case "bolt+ssc", "neo4j+ssc" ->
          throw invalid(
              uri
                  + " would trust any server certificate; use "
                  + scheme.replace("+ssc", "+s")
                  + ":// with the CA from "
                  + caSecret);
      default ->
          throw invalid(
              "unsupported Bolt URI "
                  + uri
                  + " for "
                  + target
                  + "; use bolt://, neo4j://, bolt+s:// or neo4j+s://");
    }
  }

  /** The URI to hand to the driver and whether to encrypt with the endpoint's CA. */
  record Dial(URI uri, boolean tls) {}

  private static void requireCertificates(String pem, String caSecret) {
    try {
      var certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (certificates.isEmpty()) {
        throw invalid("key ca.crt of " + caSecret + " holds no PEM certificate");
      }
    } catch (CertificateException e) {
      throw new Neo4jAdminException(
          Kind.INVALID,
          "key ca.crt of " + caSecret + " is not a PEM certificate (" + e.getMessage() + ")",
          null,
          e);
    }
  }

  private static Path writeCa(String pem) {
    try {
      Path file =
          FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
              ? Files.createTempFile(
                  "neo4j-restore-ca-",
                  ".pem",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")))
              : Files.createTempFile("neo4j-restore-ca-", ".pem");
      Files.writeString(file, pem, StandardCharsets.US_ASCII);
      return file;
    } catch (IOException e) {
      throw new Neo4jAdminException(
          Kind.INVALID, "cannot write the CA to a temporary file: " + e.getMessage(), null, e);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a CA certificate is public; a leftover temp file is harmless
      }
    }
  }

  private static URI withScheme(URI uri, String scheme) {
    try {
      return new URI(
          scheme, null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
    } catch (URISyntaxException e) {
      throw invalid("cannot rewrite " + uri + ": " + e.getMessage());
    }
  }

  private static Neo4jAdminException invalid(String message) {
    return new Neo4jAdminException(Kind.INVALID, message);
  }
}

package io.neo4jrestore.runner.neo4j;

import io.neo4jrestore.testenv.Pki;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector.EncryptionLevel;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.configuration.ssl.ClientAuth;
import org.neo4j.configuration.ssl.SslPolicyConfig;
import org.neo4j.configuration.ssl.SslPolicyScope;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

/**
 * A real Neo4j 5.26 Community server in this JVM (the test harness) on a random 127.0.0.1 port,
 * with authentication on and the admin password set, optionally serving Bolt only over TLS.
 */
final class HarnessNeo4j implements AutoCloseable {
  static final String PASSWORD = "restore-IT-password-1";
  static final BoltEndpoint.Origin ORIGIN =
      new BoltEndpoint.Origin(
          "Neo4jEnterpriseStandalone it/graph", "graph-admin", Optional.empty());

  private final Neo4j neo4j;

  private HarnessNeo4j(Neo4j neo4j) {
    this.neo4j = neo4j;
  }

  /** Plain Bolt. */
  static HarnessNeo4j start() throws Exception {
    HarnessNeo4j h = new HarnessNeo4j(builder().build());
    h.setPassword(Config.builder().withoutEncryption().build(), "127.0.0.1");
    return h;
  }

  /**
   * Bolt with TLS required ({@code server.bolt.tls_level=REQUIRED}, SSL policy {@code bolt}),
   * serving {@code serverCert}, which {@code ca} signed.
   */
  static HarnessNeo4j startWithTls(Path dir, Pki ca, Pki.Issued serverCert, String host)
      throws Exception {
    Path bolt = Files.createDirectories(dir.resolve("certificates/bolt"));
    Files.createDirectories(bolt.resolve("trusted"));
    Files.createDirectories(bolt.resolve("revoked"));
    Files.writeString(bolt.resolve("public.crt"), serverCert.certificatePem());
    Files.writeString(bolt.resolve("private.key"), pkcs8(serverCert));
    SslPolicyConfig policy = SslPolicyConfig.forScope(SslPolicyScope.BOLT);
    Neo4j neo4j =
        builder()
            .withConfig(policy.enabled, true)
            .withConfig(policy.base_directory, bolt)
            .withConfig(policy.private_key, bolt.resolve("private.key"))
            .withConfig(policy.public_certificate, bolt.resolve("public.crt"))
            .withConfig(policy.trusted_dir, bolt.resolve("trusted"))
            .withConfig(policy.revoked_dir, bolt.resolve("revoked"))
            .withConfig(policy.client_auth, ClientAuth.NONE)
            .withConfig(
                org.neo4j.configuration.connectors.BoltConnector.encryption_level,
                EncryptionLevel.REQUIRED)
            .build();
    HarnessNeo4j h = new HarnessNeo4j(neo4j);
    File caFile = dir.resolve("ca.crt").toFile();
    Files.writeString(caFile.toPath(), ca.ca().certificatePem());
    h.setPassword(
        Config.builder()
            .withEncryption()
            .withTrustStrategy(Config.TrustStrategy.trustCustomCertificateSignedBy(caFile))
            .build(),
        host);
    return h;
  }

  private static Neo4jBuilder builder() {
    return Neo4jBuilders.newInProcessBuilder()
        .withDisabledServer()
        .withConfig(GraphDatabaseSettings.auth_enabled, true)
        .withConfig(
            org.neo4j.configuration.connectors.BoltConnector.listen_address,
            new SocketAddress("127.0.0.1", 0));
  }

  int port() {
    return neo4j.boltURI().getPort();
  }

  /** {@code scheme://host:port} of this server's Bolt connector. */
  URI uri(String scheme, String host) {
    return URI.create(scheme + "://" + host + ":" + port());
  }

  BoltEndpoint endpoint(String scheme, String host, String password, Optional<String> caPem) {
    return new BoltEndpoint(uri(scheme, host), "neo4j", password, caPem, ORIGIN);
  }

  long count(String cypher) {
    return (Long)
        neo4j
            .defaultDatabaseService()
            .executeTransactionally(cypher, Map.of(), r -> r.next().get("n"));
  }

  /** {@link #count} on another database, e.g. {@code system}. */
  long count(String database, String cypher) {
    return (Long)
        neo4j
            .databaseManagementService()
            .database(database)
            .executeTransactionally(cypher, Map.of(), r -> r.next().get("n"));
  }

  @Override
  public void close() {
    neo4j.close();
  }

  /** A fresh server forces a password change: set ours, as an operator's admin Secret would. */
  private void setPassword(Config config, String host) {
    try (Driver driver =
            GraphDatabase.driver(
                "bolt://" + host + ":" + port(), AuthTokens.basic("neo4j", "neo4j"), config);
        Session session = driver.session(SessionConfig.forDatabase("system"))) {
      session
          .run(
              "ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
              Map.of("old", "neo4j", "new", PASSWORD))
          .consume();
    }
  }

  private static String pkcs8(Pki.Issued issued) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(issued.keyPair().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}

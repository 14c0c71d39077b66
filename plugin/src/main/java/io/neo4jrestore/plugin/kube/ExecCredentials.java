package io.neo4jrestore.plugin.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.kube.Credentials;
import io.neo4jrestore.kube.CredentialsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client-go exec credential plugin ({@code users[].user.exec}), run the way kubectl runs it:
 *
 * <ul>
 *   <li>lazily, on the first request that needs a token, with {@code KUBERNETES_EXEC_INFO} set (API
 *       version, whether it may prompt, and the cluster when {@code provideClusterInfo} asks);
 *   <li>its token cached until {@code status.expirationTimestamp} (for the whole process when it
 *       has none), and run again after a 401;
 *   <li>stdin is passed only when this process has a terminal and the plugin may prompt; otherwise
 *       the plugin gets an empty stdin (so a prompting plugin fails instead of hanging) and a
 *       {@code interactiveMode: Always} plugin is refused;
 *   <li>its stderr goes to ours; a failure names the plugin, the user and the {@code installHint}.
 * </ul>
 */
public final class ExecCredentials implements Credentials {
  static final List<String> API_VERSIONS =
      List.of("client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1");

  /** A plugin that cannot prompt gets this long to answer. */
  static final Duration NON_INTERACTIVE_TIMEOUT = Duration.ofMinutes(2);

  private final Kubeconfig.ExecConfig exec;
  private final String user;
  private final Kubeconfig.Cluster cluster;
  private final Clock clock;
  private final boolean terminal;
  private String cached;
  private Instant expiry;
  private int runs;

  public ExecCredentials(
      Kubeconfig.ExecConfig exec,
      String user,
      Kubeconfig.Cluster cluster,
      Clock clock,
      boolean terminal) {
    this.exec = exec;
    this.user = user;
    this.cluster = cluster;
    this.clock = clock;
    this.terminal = terminal;
  }

  /** How often the plugin has been run (for tests and {@code -v}). */
  public synchronized int runs() {
    return runs;
  }

  @Override
  public synchronized String authorization() throws CredentialsException {
    if (cached == null || (expiry != null && !clock.instant().isBefore(expiry))) {
      cached = null;
      run();
    }
    return cached;
  }

  @Override
  public synchronized boolean invalidate(String sent) {
    if (sent != null && sent.equals(cached)) {
      cached = null;
      expiry = null;
    }
    return true;
  }

  private void run() throws CredentialsException {
    String apiVersion = exec.apiVersion();
    if (apiVersion == null || !API_VERSIONS.contains(apiVersion)) {
      throw failure(
          "its apiVersion is \""
              + apiVersion
              + "\"; supported: "
              + String.join(", ", API_VERSIONS)
              + " (client.authentication.k8s.io/v1alpha1 was removed from kubectl too)");
    }
    String mode = exec.interactiveMode() == null ? "IfAvailable" : exec.interactiveMode();
    boolean interactive = terminal && !"Never".equals(mode);
    if ("Always".equals(mode) && !interactive) {
      throw failure(
          "it needs a terminal (interactiveMode: Always) and none is attached; run the command"
              + " in a terminal, or log in first with the provider's own CLI");
    }
    List<String> command = new ArrayList<>();
    command.add(exec.command());
    command.addAll(exec.args());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(exec.env());
    pb.environment().put("KUBERNETES_EXEC_INFO", execInfo(apiVersion, interactive));
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.redirectInput(interactive ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE);
    runs++;
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw failure("it could not be started: " + e.getMessage(), e);
    }
    byte[] out;
    try {
      if (!interactive) {
        process.getOutputStream().close(); // EOF: a plugin that prompts fails instead of hanging
      }
      out = readAll(process, interactive ? null : NON_INTERACTIVE_TIMEOUT);
      int code = process.waitFor();
      if (code != 0) {
        throw failure("it exited with code " + code + " (its messages are above)");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw failure("interrupted while waiting for it", e);
    } catch (IOException e) {
      process.destroyForcibly();
      throw failure("reading its output failed: " + e.getMessage(), e);
    }
    parse(new String(out, StandardCharsets.UTF_8), apiVersion);
  }

  private byte[] readAll(Process process, Duration timeout)
      throws IOException, InterruptedException, CredentialsException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Thread reader =
        new Thread(
            () -> {
              try (InputStream in = process.getInputStream()) {
                in.transferTo(buffer);
              } catch (IOException ignored) {
                // the process was stopped
              }
            },
            "exec-credential-stdout");
    reader.setDaemon(true);
    reader.start();
    if (timeout != null && !process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw failure("it did not answer within " + timeout.toSeconds() + "s");
    }
    process.waitFor();
    reader.join(TimeUnit.SECONDS.toMillis(5));
    synchronized (buffer) {
      return buffer.toByteArray();
    }
  }

  private void parse(String text, String apiVersion) throws CredentialsException {
    JsonNode root;
    try {
      root = ApiMapper.json().readTree(text);
    } catch (IOException e) {
      throw failure("its output is not an ExecCredential JSON object: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw failure("its output is not an ExecCredential JSON object");
    }
    if (!"ExecCredential".equals(root.path("kind").asText())) {
      throw failure("it returned kind \"" + root.path("kind").asText() + "\", not ExecCredential");
    }
    if (!apiVersion.equals(root.path("apiVersion").asText())) {
      throw failure(
          "it returned apiVersion \""
              + root.path("apiVersion").asText()
              + "\" but the kubeconfig asks for \""
              + apiVersion
              + "\"");
    }
    JsonNode status = root.path("status");
    String token = status.path("token").asText("").trim();
    if (token.isEmpty()) {
      if (status.hasNonNull("clientCertificateData")) {
        throw failure(
            "it returned a client certificate; this plugin supports exec plugins that return a"
                + " token (status.token) only");
      }
      throw failure("it returned no status.token");
    }
    Instant expires = null;
    String ts = status.path("expirationTimestamp").asText("");
    if (!ts.isEmpty()) {
      try {
        expires = OffsetDateTime.parse(ts).toInstant();
      } catch (DateTimeParseException e) {
        throw failure("its status.expirationTimestamp \"" + ts + "\" is not an RFC 3339 time", e);
      }
    }
    cached = "Bearer " + token;
    expiry = expires;
  }

  private String execInfo(String apiVersion, boolean interactive) {
    ObjectNode info = ApiMapper.json().createObjectNode();
    info.put("apiVersion", apiVersion);
    info.put("kind", "ExecCredential");
    ObjectNode spec = info.putObject("spec");
    spec.put("interactive", interactive);
    if (exec.provideClusterInfo() && cluster != null) {
      ObjectNode c = spec.putObject("cluster");
      c.put("server", cluster.server());
      if (cluster.tlsServerName() != null) {
        c.put("tls-server-name", cluster.tlsServerName());
      }
      if (cluster.insecureSkipTlsVerify()) {
        c.put("insecure-skip-tls-verify", true);
      }
      String ca = caData();
      if (ca != null) {
        c.put("certificate-authority-data", ca);
      }
      if (cluster.proxyUrl() != null) {
        c.put("proxy-url", cluster.proxyUrl());
      }
    }
    return ApiMapper.toJson(info);
  }

  private String caData() {
    if (cluster.certificateAuthorityData() != null) {
      return cluster.certificateAuthorityData();
    }
    if (cluster.certificateAuthority() != null) {
      try {
        return Base64.getEncoder()
            .encodeToString(Files.readAllBytes(cluster.certificateAuthority()));
      } catch (IOException e) {
        return null;
      }
    }
    return null;
  }

  private CredentialsException failure(String what) {
    return failure(what, null);
  }

  private CredentialsException failure(String what, Throwable cause) {
    String hint = exec.installHint() == null ? "" : "\n" + exec.installHint().strip();
    return new CredentialsException(
        "the exec credential plugin \""
            + exec.command()
            + "\" of user \""
            + user
            + "\" failed: "
            + what
            + hint,
        cause);
  }
}

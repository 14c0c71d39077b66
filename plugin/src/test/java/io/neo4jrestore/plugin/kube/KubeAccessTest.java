package io.neo4jrestore.plugin.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.kube.ApiStatusException;
import io.neo4jrestore.kube.KubeException;
import io.neo4jrestore.plugin.KubeSessions;
import io.neo4jrestore.plugin.Session;
import io.neo4jrestore.plugin.options.KubeOptions;
import io.neo4jrestore.plugin.testing.FakeApiServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The kubeconfig, credentials and HTTP layers together, against a plain-HTTP fake API server: the
 * Authorization header the server sees is the proof.
 */
class KubeAccessTest {
  @TempDir Path dir;
  private FakeApiServer server;

  /** Tokens the fake server accepts; anything else gets 401. */
  private final AtomicReference<List<String>> accepted = new AtomicReference<>(List.of());

  private static final String RESTORE =
      "{\"apiVersion\":\"neo4j.neo4j.com/v1alpha1\",\"kind\":\"Neo4jRestore\","
          + "\"metadata\":{\"name\":\"r1\",\"namespace\":\"ns\",\"uid\":\"u\"},"
          + "\"spec\":{\"targetCluster\":\"t\",\"databaseName\":\"db1\",\"futureField\":1},"
          + "\"status\":{\"phase\":\"Running\",\"somethingNew\":{\"x\":1}}}";

  private void start() throws Exception {
    server =
        new FakeApiServer(
            r -> {
              String token = r.authorization() == null ? "" : r.authorization();
              if (!accepted.get().contains(token)) {
                return FakeApiServer.Answer.json(
                    401,
                    "{\"kind\":\"Status\",\"code\":401,\"reason\":\"Unauthorized\","
                        + "\"message\":\"Unauthorized\"}");
              }
              return FakeApiServer.Answer.json(200, RESTORE);
            });
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A mutable clock for expiry. */
  static final class MovableClock extends Clock {
    Instant now = Instant.parse("2025-01-20T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final MovableClock clock = new MovableClock();

  private Session open(String kubeconfigEnv, String... flags) {
    KubeOptions options = new KubeOptions();
    new CommandLine(options).parseArgs(flags);
    return new KubeSessions(Map.of("KUBECONFIG", kubeconfigEnv), dir, clock, false).open(options);
  }

  private Optional<JsonNode> get(Session s) {
    return s.connect().find("ns", "r1");
  }

  private Path write(String relative, String text) throws Exception {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private String cluster(String name) {
    return "- name: " + name + "\n  cluster:\n    server: " + server.url() + "\n";
  }

  /** An exec plugin: counts its runs, records KUBERNETES_EXEC_INFO, prints token tok-N. */
  private Path plugin(String expiry) throws Exception {
    Path script = dir.resolve("bin/get-token");
    Files.createDirectories(script.getParent());
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "d=$(dirname \"$0\")\n"
            + "n=$(cat \"$d/runs\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$d/runs\"\n"
            + "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$d/exec-info.json\"\n"
            + "echo \"region=$REGION\" > \"$d/env\"\n"
            + "if [ \"$FAIL\" = yes ]; then echo 'no credentials: run login' >&2; exit 3; fi\n"
            + "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
            + "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"tok-%s\"%s}}\\n' \"$n\" "
            + "'"
            + (expiry == null ? "" : ",\"expirationTimestamp\":\"" + expiry + "\"")
            + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  private int runs() throws Exception {
    Path f = dir.resolve("bin/runs");
    return Files.exists(f) ? Integer.parseInt(Files.readString(f).trim()) : 0;
  }

  private String execKubeconfig(String extraEnv) {
    return "apiVersion: v1\nkind: Config\nclusters:\n"
        + cluster("c")
        + "users:\n- name: robot\n  user:\n    exec:\n"
        + "      apiVersion: client.authentication.k8s.io/v1\n"
        + "      command: ./bin/get-token\n"
        + "      interactiveMode: Never\n"
        + "      provideClusterInfo: true\n"
        + "      installHint: |\n        install get-token from example.com\n"
        + "      env:\n      - name: REGION\n        value: eu\n"
        + extraEnv
        + "contexts:\n- name: c\n  context: {cluster: c, user: robot, namespace: team}\n"
        + "current-context: c\n";
  }

  @Test
  void a_kubeconfig_of_three_files_is_merged_and_its_relative_token_file_trimmed()
      throws Exception {
    start();
    accepted.set(List.of("Bearer secret-a"));
    Path a =
        write(
            "a/config",
            "apiVersion: v1\nkind: Config\nclusters:\n"
                + cluster("shared")
                + "users:\n- name: u\n  user:\n    tokenFile: tokens/u\n"
                + "contexts:\n- name: work\n  context: {cluster: shared, user: u, namespace: a-ns}\n");
    write("a/tokens/u", "secret-a\n\n");
    Path b =
        write(
            "b/config",
            "apiVersion: v1\nkind: Config\nclusters:\n- name: shared\n  cluster:\n"
                + "    server: http://127.0.0.1:1\n"
                + "users:\n- name: u\n  user:\n    token: wrong\n"
                + "current-context: work\n");
    Path c = write("c/config", "current-context: elsewhere\n");
    Session s = open(a + File.pathSeparator + b + File.pathSeparator + c);
    assertEquals("a-ns", s.namespace());
    assertTrue(get(s).isPresent());
    assertEquals("Bearer secret-a", server.requests.get(0).authorization());

    // the token file is re-read: a rotated token is used by the next request
    write("a/tokens/u", "secret-rotated\n");
    accepted.set(List.of("Bearer secret-rotated"));
    assertTrue(get(s).isPresent());
  }

  @Test
  void unknown_fields_from_a_newer_server_are_ignored() throws Exception {
    start();
    accepted.set(List.of("Bearer t"));
    Path k =
        write(
            "k",
            "clusters:\n"
                + cluster("c")
                + "users:\n- name: u\n  user: {token: t}\n"
                + "contexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\n");
    Session s = open(k.toString());
    assertEquals("default", s.namespace());
    JsonNode r = get(s).orElseThrow();
    assertEquals("Running", r.at("/status/phase").asText());
    assertEquals("Running", io.neo4jrestore.plugin.restore.Restores.model(r).status().phase());
  }

  @Test
  void an_exec_plugin_runs_lazily_once_with_exec_info_and_its_token_is_cached() throws Exception {
    start();
    accepted.set(List.of("Bearer tok-1"));
    plugin("2025-01-20T11:00:00Z");
    Path k = write("config", execKubeconfig(""));
    Session s = open(k.toString());
    assertEquals("team", s.namespace());
    assertEquals(0, runs(), "opening a session runs nothing");
    get(s);
    get(s);
    assertEquals(1, runs());
    assertEquals("Bearer tok-1", server.requests.get(1).authorization());
    JsonNode info = ApiMapper.json().readTree(Files.readString(dir.resolve("bin/exec-info.json")));
    assertEquals("client.authentication.k8s.io/v1", info.path("apiVersion").asText());
    assertEquals("ExecCredential", info.path("kind").asText());
    assertFalse(info.at("/spec/interactive").asBoolean(true));
    assertEquals(server.url(), info.at("/spec/cluster/server").asText());
    assertEquals("region=eu", Files.readString(dir.resolve("bin/env")).trim());
  }

  @Test
  void an_expired_exec_token_is_fetched_again() throws Exception {
    start();
    accepted.set(List.of("Bearer tok-1", "Bearer tok-2"));
    plugin("2025-01-20T10:30:00Z");
    Session s = open(write("config", execKubeconfig("")).toString());
    get(s);
    clock.now = clock.now.plus(Duration.ofMinutes(29));
    get(s);
    assertEquals(1, runs());
    clock.now = clock.now.plus(Duration.ofMinutes(2));
    get(s);
    assertEquals(2, runs());
    assertEquals("Bearer tok-2", server.requests.get(2).authorization());
  }

  @Test
  void a_401_refreshes_the_exec_token_and_retries_once() throws Exception {
    start();
    accepted.set(List.of("Bearer tok-2")); // the first token is already revoked
    plugin(null);
    Session s = open(write("config", execKubeconfig("")).toString());
    assertTrue(get(s).isPresent());
    assertEquals(2, runs());
    assertEquals(
        List.of("Bearer tok-1", "Bearer tok-2"),
        server.requests.stream().map(FakeApiServer.Request::authorization).toList());

    // still 401 after one refresh: an API error, not a loop
    accepted.set(List.of());
    RuntimeException e = assertThrows(RuntimeException.class, () -> get(s));
    assertEquals(401, ((ApiStatusException) e.getCause()).code());
    assertTrue(e.getMessage().contains("log in again"), e.getMessage());
    assertEquals(3, runs());
  }

  @Test
  void a_failing_exec_plugin_is_a_clear_error_with_its_install_hint() throws Exception {
    start();
    plugin(null);
    Session s =
        open(
            write("config", execKubeconfig("      - name: FAIL\n        value: \"yes\"\n"))
                .toString());
    KubeException e = assertThrows(KubeException.class, () -> get(s));
    assertTrue(e.getMessage().contains("exec credential plugin"), e.getMessage());
    assertTrue(e.getMessage().contains("of user \"robot\""), e.getMessage());
    assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
    assertTrue(e.getMessage().contains("install get-token from example.com"), e.getMessage());
    assertTrue(server.requests.isEmpty(), "no anonymous request goes out");
  }

  @Test
  void a_missing_exec_plugin_says_so() throws Exception {
    start();
    Session s = open(write("config", execKubeconfig("")).toString());
    KubeException e = assertThrows(KubeException.class, () -> get(s));
    assertTrue(e.getMessage().contains("could not be started"), e.getMessage());
    assertTrue(e.getMessage().contains("install get-token"), e.getMessage());
  }

  @Test
  void an_exec_plugin_that_must_prompt_is_refused_without_a_terminal() throws Exception {
    start();
    plugin(null);
    Session s = open(write("config", execKubeconfig("").replace("Never", "Always")).toString());
    KubeException e = assertThrows(KubeException.class, () -> get(s));
    assertTrue(e.getMessage().contains("needs a terminal"), e.getMessage());
    assertEquals(0, runs());
  }

  @Test
  void context_and_namespace_flags_override_the_kubeconfig() throws Exception {
    start();
    accepted.set(List.of("Bearer t"));
    Path k =
        write(
            "k",
            "clusters:\n"
                + cluster("c")
                + "users:\n- name: u\n  user: {token: t}\n"
                + "contexts:\n- name: one\n  context: {cluster: c, user: u, namespace: n1}\n"
                + "- name: two\n  context: {cluster: c, user: u, namespace: n2}\n"
                + "current-context: one\n");
    assertEquals("n1", open(k.toString()).namespace());
    assertEquals("n2", open(k.toString(), "--context", "two").namespace());
    assertEquals("x", open(k.toString(), "--context", "two", "-n", "x").namespace());
    assertEquals("n1", open("", "--kubeconfig", k.toString()).namespace());
  }

  @Test
  void no_kubeconfig_means_namespace_default_and_a_clear_error_on_connect() {
    Session s = open(dir.resolve("none").toString());
    assertEquals("default", s.namespace());
    KubeconfigException e = assertThrows(KubeconfigException.class, s::connect);
    assertTrue(e.getMessage().contains("none of the files in KUBECONFIG exist"), e.getMessage());
    Session noEnv =
        new KubeSessions(Map.of(), dir.resolve("nohome"), clock, false).open(new KubeOptions());
    KubeconfigException none = assertThrows(KubeconfigException.class, noEnv::connect);
    assertTrue(none.getMessage().contains("no kubeconfig found"), none.getMessage());
  }

  @Test
  void a_refused_connection_names_the_server_and_what_to_check() throws Exception {
    Path k =
        write(
            "k",
            "clusters:\n- name: c\n  cluster: {server: \"http://127.0.0.1:1\"}\n"
                + "users:\n- name: u\n  user: {token: t}\n"
                + "contexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\n");
    Session s = open(k.toString(), "--request-timeout", "5s");
    KubeException e = assertThrows(KubeException.class, () -> get(s));
    assertTrue(
        e.getMessage().contains("cannot reach the API server at http://127.0.0.1:1"),
        e.getMessage());
    assertTrue(e.getMessage().contains("context \"c\""), e.getMessage());
  }

  @Test
  void warning_headers_are_unquoted() {
    assertEquals(
        List.of("unknown field \"spec.x\"", "plain"),
        io.neo4jrestore.kube.KubeRest.warnings(
            List.of("299 - \"unknown field \\\"spec.x\\\"\"", "plain")));
  }
}

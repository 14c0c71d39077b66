package io.neo4jrestore.plugin.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigLoaderTest {
  @TempDir Path dir;

  static final String A =
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: shared
        cluster:
          server: https://a.example:6443
          certificate-authority: pki/ca.crt
      users:
      - name: alice
        user:
          tokenFile: tokens/alice
          client-certificate: /abs/alice.crt
      - name: robot
        user:
          exec:
            apiVersion: client.authentication.k8s.io/v1
            command: ./bin/get-token
            args: ["--cluster", "a"]
            env:
            - name: REGION
              value: eu
            installHint: install get-token
            provideClusterInfo: true
            interactiveMode: Never
      - name: pathless
        user:
          exec:
            apiVersion: client.authentication.k8s.io/v1
            command: aws
      contexts:
      - name: work
        context:
          cluster: shared
          user: alice
          namespace: from-a
      """;

  static final String B =
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: shared
        cluster:
          server: https://b.example:6443
      - name: only-b
        cluster:
          server: https://only-b.example
      users:
      - name: alice
        user:
          token: from-b
      contexts:
      - name: work
        context:
          cluster: only-b
          user: alice
          namespace: from-b
      - name: other
        context:
          cluster: only-b
          user: alice
      current-context: work
      """;

  static final String C =
      """
      apiVersion: v1
      kind: Config
      contexts:
      - name: third
        context:
          cluster: shared
          user: robot
      current-context: third
      """;

  private Path write(String relative, String text) throws Exception {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private String env(Path... files) {
    StringBuilder b = new StringBuilder(File.pathSeparator); // an empty entry first
    for (Path f : files) {
      b.append(f).append(File.pathSeparator).append(File.pathSeparator);
    }
    return b.toString();
  }

  @Test
  void three_files_merge_first_file_wins_per_name_and_for_current_context() throws Exception {
    Path a = write("a/config", A);
    Path b = write("b/config", B);
    Path c = write("c/config", C);
    Path missing = dir.resolve("nope/config");
    List<Path> files = KubeconfigLoader.files(null, env(a, missing, b, c), dir);
    assertEquals(List.of(a, b, c), files);
    Kubeconfig k = KubeconfigLoader.load(files);
    assertEquals("work", k.currentContext()); // b sets it first (a sets none)
    assertEquals("https://a.example:6443", k.clusters().get("shared").server());
    assertEquals("https://only-b.example", k.clusters().get("only-b").server());
    assertNull(k.users().get("alice").token()); // a's alice wins as a whole
    assertEquals("from-a", k.contexts().get("work").namespace());

    Kubeconfig.Selection s = k.select(null, null, null);
    assertEquals("work", s.contextName());
    assertEquals("https://a.example:6443", s.cluster().server());
    assertEquals("from-a", s.namespace());
    assertEquals("robot", k.select("third", null, null).user().name());
  }

  @Test
  void relative_paths_are_resolved_against_the_file_they_came_from() throws Exception {
    Path a = write("a/config", A);
    Kubeconfig k = KubeconfigLoader.load(List.of(a));
    Path base = a.toAbsolutePath().getParent();
    assertEquals(base.resolve("pki/ca.crt"), k.clusters().get("shared").certificateAuthority());
    assertEquals(base.resolve("tokens/alice"), k.users().get("alice").tokenFile());
    assertEquals(Path.of("/abs/alice.crt"), k.users().get("alice").clientCertificate());
    Kubeconfig.ExecConfig exec = k.users().get("robot").exec();
    assertEquals(base.resolve("bin/get-token").toString(), exec.command());
    assertEquals(List.of("--cluster", "a"), exec.args());
    assertEquals("eu", exec.env().get("REGION"));
    assertTrue(exec.provideClusterInfo());
    // a bare command name is looked up on PATH, like kubectl
    assertEquals("aws", k.users().get("pathless").exec().command());
  }

  @Test
  void the_kubeconfig_flag_reads_that_file_only() throws Exception {
    Path a = write("a/config", A);
    Path b = write("b/config", B);
    assertEquals(List.of(b), KubeconfigLoader.files(b, env(a), dir));
    KubeconfigException e =
        assertThrows(
            KubeconfigException.class,
            () -> KubeconfigLoader.files(dir.resolve("missing"), env(a), dir));
    assertTrue(e.getMessage().contains("--kubeconfig"), e.getMessage());
  }

  @Test
  void without_kubeconfig_env_the_home_config_is_used() throws Exception {
    Path home = dir.resolve("home");
    Path config = write("home/.kube/config", B);
    assertEquals(List.of(config), KubeconfigLoader.files(null, null, home));
    assertEquals(List.of(), KubeconfigLoader.files(null, null, dir.resolve("nobody")));
  }

  @Test
  void an_unparsable_file_is_an_error_naming_it() throws Exception {
    Path a = write("a/config", A);
    Path bad = write("bad/config", "clusters: [unclosed\n");
    KubeconfigException e =
        assertThrows(
            KubeconfigException.class,
            () -> KubeconfigLoader.load(KubeconfigLoader.files(null, env(a, bad), dir)));
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    Path wrongShape = write("shape/config", "clusters: {a: 1}\n");
    assertThrows(KubeconfigException.class, () -> KubeconfigLoader.load(List.of(wrongShape)));
  }

  @Test
  void an_empty_file_is_an_empty_config() throws Exception {
    Path empty = write("e/config", "");
    Path b = write("b/config", B);
    Kubeconfig k = KubeconfigLoader.load(List.of(empty, b));
    assertEquals("work", k.currentContext());
  }

  @Test
  void selection_errors_name_what_exists() throws Exception {
    Kubeconfig k = KubeconfigLoader.load(List.of(write("a/config", A)));
    KubeconfigException none =
        assertThrows(KubeconfigException.class, () -> k.select(null, null, null));
    assertTrue(none.getMessage().contains("no context is selected"), none.getMessage());
    assertTrue(none.getMessage().contains("work"), none.getMessage());
    KubeconfigException unknown =
        assertThrows(KubeconfigException.class, () -> k.select("prod", null, null));
    assertTrue(
        unknown.getMessage().contains("context \"prod\" does not exist"), unknown.getMessage());
    KubeconfigException user =
        assertThrows(KubeconfigException.class, () -> k.select("work", null, "mallory"));
    assertTrue(user.getMessage().contains("alice, pathless, robot"), user.getMessage());
    assertEquals("robot", k.select("work", null, "robot").user().name());
  }
}

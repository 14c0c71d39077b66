package io.neo4jrestore.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import io.neo4jrestore.testenv.ControlPlaneExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Starts one k3s cluster per test JVM (on first use): builds or finds the k3s image and the pods'
 * images, starts {@link K3sCluster}, creates the tier's namespaces and runs {@code kubectl
 * neo4j-restore install} for them, as a user installs the product. Injects {@link E2e}; stops k3s
 * when the JVM's tests are done; on a failure writes what the cluster looked like to {@code
 * target/k3s/diagnostics/}.
 *
 * <p>Where podman's API is not set up ({@code DOCKER_HOST}, as {@code scripts/test.sh} does) the
 * tests are skipped, except with {@code CI=true}: then they fail, as does a k3s that does not
 * start.
 */
public final class K3sExtension implements ParameterResolver, TestWatcher {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(K3sExtension.class);

  /** The install namespace: the dispatcher's. */
  static final String INSTALL_NAMESPACE = "neo4j-restore";

  /** The namespaces restores and targets live in, one per test class (managed by the install). */
  static final List<String> NAMESPACES =
      List.of(
          "e2e-cluster",
          "e2e-standalone",
          "e2e-hooks",
          "e2e-pitr",
          "e2e-resume",
          "e2e-gitops",
          "e2e-retention");

  /** What one JVM shares (the cluster, or why it did not start): closed after the last test. */
  static final class Shared implements AutoCloseable {
    final E2e e2e;
    final RuntimeException failure;
    final Instant started;

    Shared(E2e e2e, RuntimeException failure, Instant started) {
      this.e2e = e2e;
      this.failure = failure;
      this.started = started;
    }

    @Override
    public void close() {
      if (e2e == null) {
        return;
      }
      Instant t = Instant.now();
      e2e.k3s().close();
      System.out.printf(
          "[k3s] stopped in %.1fs; the tier took %.1fs from its first image build to the stop%n",
          Duration.between(t, Instant.now()).toMillis() / 1000.0,
          Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }
  }

  private static E2e e2e(ExtensionContext context) {
    requirePodman();
    Shared shared =
        context.getRoot().getStore(NS).getOrComputeIfAbsent("shared", k -> start(), Shared.class);
    if (shared.failure != null) {
      // once per JVM: every later test class meets the same failure without starting k3s again
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw shared.failure;
      }
      System.out.println("[k3s] SKIPPED: " + shared.failure.getMessage());
      Assumptions.assumeTrue(false, shared.failure.getMessage());
    }
    return shared.e2e;
  }

  private static Shared start() {
    Instant started = Instant.now();
    try {
      return new Shared(startCluster(), null, started);
    } catch (RuntimeException e) {
      e.printStackTrace();
      return new Shared(null, e, started);
    }
  }

  private static E2e startCluster() {
    Path repo = ControlPlaneExtension.repoRoot();
    Path work = Path.of("target", "k3s").toAbsolutePath();
    HostState host = null;
    try {
      Files.createDirectories(work);
      String k3sImage = E2eImages.k3sImage(repo, work);
      E2eImages images = E2eImages.prepare(repo, work.resolve("images"));
      host =
          HostState.acquire(
              Path.of(
                  System.getProperty("user.home"), ".cache", "neo4j-restore", "k3s", "run.lock"));
      K3sCluster k3s = K3sCluster.start(k3sImage, images.archive(), work, host);
      Cli cli = new Cli(k3s.kubeconfig(), repo.resolve("plugin/target"));
      try {
        for (String ns : concat(INSTALL_NAMESPACE, NAMESPACES)) {
          cli.kubectlOk("create", "namespace", ns);
        }
        // the Neo4j operator's resources (testenv's copies of its CRDs): the targets and backups
        Path operatorCrds = repo.resolve("testenv/src/main/resources/io/neo4jrestore/testenv/crds");
        cli.kubectlOk("apply", "-f", operatorCrds.toString());
        cli.kubectlOk(
            "wait", "--for=condition=Established", "--timeout=60s", "-f", operatorCrds.toString());
        Cli.Result installed = cli.plugin(Duration.ofMinutes(2), installArgs());
        if (installed.exitCode() != 0) {
          throw new AssertionError("kubectl neo4j-restore install failed: " + installed);
        }
        return new E2e(k3s, cli, images, work, installed, repo);
      } catch (RuntimeException | Error e) {
        k3s.close();
        throw e;
      }
    } catch (Exception e) {
      if (host != null) {
        host.close();
      }
      throw new IllegalStateException("the k3s cluster did not start: " + e.getMessage(), e);
    }
  }

  /** {@code install -n neo4j-restore --managed-namespace NS...} for the tier's namespaces. */
  static String[] installArgs() {
    List<String> install = new ArrayList<>(List.of("install", "-n", INSTALL_NAMESPACE));
    for (String ns : NAMESPACES) {
      install.add("--managed-namespace");
      install.add(ns);
    }
    return install.toArray(String[]::new);
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  private static void requirePodman() {
    String why = null;
    if (System.getenv("DOCKER_HOST") == null) {
      why =
          "DOCKER_HOST is not set: the k3s tier needs podman's Docker-compatible API"
              + " (scripts/test.sh starts it; docs/development.md, \"The k3s tier\")";
    } else if (!onPath("podman")) {
      why =
          "podman is not installed (Debian: apt-get install podman runc; scripts/test.sh does it)";
    }
    if (why == null) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("CI=true and " + why);
    }
    System.out.println("[k3s] SKIPPED: " + why);
    Assumptions.assumeTrue(false, why);
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == E2e.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return e2e(context);
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    Shared shared = context.getRoot().getStore(NS).get("shared", Shared.class);
    if (shared != null && shared.e2e != null) {
      Path file =
          shared.e2e.diagnostics(
              context.getRequiredTestClass().getSimpleName()
                  + "."
                  + context.getRequiredTestMethod().getName());
      System.err.println("[k3s] " + context.getDisplayName() + " failed; cluster state: " + file);
    }
  }
}

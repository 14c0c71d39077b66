package io.neo4jrestore.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Starts one {@link ControlPlane} per test JVM (on first use) and a {@link FakeKubelet} beside it,
 * injects them as test or constructor parameters, stops both when the JVM's tests are done, and
 * points at the server logs when a test fails.
 *
 * <pre>{@code
 * @ExtendWith(ControlPlaneExtension.class)
 * class SomethingIT {
 *   @Test void works(ControlPlane cp, FakeKubelet kubelet) { ... }
 * }
 * }</pre>
 */
public final class ControlPlaneExtension implements ParameterResolver, TestWatcher {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(ControlPlaneExtension.class);

  /** What one JVM shares: closed by JUnit after the last test. */
  static final class Shared implements AutoCloseable {
    final ControlPlane controlPlane;
    final FakeKubelet kubelet;

    Shared(ControlPlane controlPlane, FakeKubelet kubelet) {
      this.controlPlane = controlPlane;
      this.kubelet = kubelet;
    }

    @Override
    public void close() {
      kubelet.close();
      controlPlane.close();
    }
  }

  static Shared shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent("shared", k -> start(), Shared.class);
  }

  private static Shared start() {
    Path root = repoRoot();
    Path logs =
        Path.of(
                "target",
                "control-plane-logs",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
            .toAbsolutePath();
    try {
      Path work = Files.createTempDirectory("neo4j-restore-cp-");
      ControlPlane cp = ControlPlane.start(root, work, logs);
      return new Shared(cp, FakeKubelet.start(cp, logs.resolve("pods")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code -Dneo4jrestore.repo.root}, else the nearest parent holding
   * scripts/build-control-plane.sh.
   */
  public static Path repoRoot() {
    String configured = System.getProperty("neo4jrestore.repo.root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.exists(p.resolve("scripts/build-control-plane.sh"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new IllegalStateException(
        "cannot find the repository root; set -Dneo4jrestore.repo.root");
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ControlPlane.class || type == FakeKubelet.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Shared shared = shared(context);
    return parameter.getParameter().getType() == ControlPlane.class
        ? shared.controlPlane
        : shared.kubelet;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    Shared shared = context.getRoot().getStore(NS).get("shared", Shared.class);
    if (shared != null) {
      System.err.println(
          "[testenv] "
              + context.getDisplayName()
              + " failed; control-plane and pod logs: "
              + shared.controlPlane.logDir());
    }
  }
}

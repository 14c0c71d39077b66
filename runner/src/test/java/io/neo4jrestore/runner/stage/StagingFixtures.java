package io.neo4jrestore.runner.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;

/** What the cloud staging ITs share: emulator processes, sample artifacts, a stager. */
final class StagingFixtures {
  private StagingFixtures() {}

  /** Writes one object (the emulator's client). */
  interface Put {
    void put(String key, byte[] body) throws IOException;
  }

  /** A free TCP port on this machine. */
  static int freePort() throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      return free.getLocalPort();
    }
  }

  /** Starts {@code command} (output to a temp log) and waits until it listens on {@code port}. */
  static Process start(ProcessBuilder command, int port, String what) throws Exception {
    Path log = Files.createTempFile(what, ".log");
    Process p = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    for (int i = 0; ; i++) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        return p;
      } catch (IOException notYet) {
        if (!p.isAlive() || i > 600) {
          p.destroy();
          throw new IllegalStateException(what + " did not start: " + Files.readString(log));
        }
        Thread.sleep(100);
      }
    }
  }

  /**
   * Stops an emulator: SIGTERM, then SIGKILL after 5 s (Azurite's graceful close waits minutes for
   * the HTTP client's idle keep-alive connections; its data is a temp folder).
   */
  static void stop(Process p) throws InterruptedException {
    if (p != null) {
      p.destroy();
      if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }

  /**
   * An emulator binary: {@code envVar}, else {@code cached} under {@code
   * ${XDG_CACHE_HOME:-~/.cache}/neo4j-restore/} (scripts/test.sh installs it there). Missing: the
   * test is skipped, except under {@code CI=true}, where it fails.
   */
  static Path emulator(String envVar, String cached, String install) {
    String given = System.getenv(envVar);
    String cache = System.getenv("XDG_CACHE_HOME");
    Path bin =
        given != null
            ? Path.of(given)
            : Path.of(cache != null ? cache : System.getProperty("user.home") + "/.cache")
                .resolve("neo4j-restore")
                .resolve(cached);
    if (!Files.isExecutable(bin)) {
      String why = "emulator not found at " + bin + ": run scripts/test.sh (" + install + ")";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why);
      }
      Assumptions.abort(why);
    }
    return bin;
  }

  /**
   * Packs a 1.5 MB sample {@code name} in {@code dir/packed}, puts it and its sidecar under {@code
   * folder}; returns the sample's bytes.
   */
  static byte[] upload(
      Path dir, Put to, String folder, String name, Compression c, Encryption e, byte[] key)
      throws Exception {
    byte[] data = new byte[1_500_000];
    new Random(name.hashCode()).nextBytes(data);
    for (int i = 0; i < data.length; i += 3) {
      data[i] = 0;
    }
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.write(src.resolve(name), data);
    Path packed =
        new Packer(c, null, e, e == null ? null : key)
            .pack(src.resolve(name), dir.resolve("packed"));
    to.put(folder + packed.getFileName(), Files.readAllBytes(packed));
    Path sidecar = Checksums.sidecar(packed);
    to.put(folder + sidecar.getFileName(), Files.readAllBytes(sidecar));
    return data;
  }

  /** Stages {@code names} from one folder into {@code dir/staged}, checking sidecars. */
  static List<Stager.Staged> stage(
      Path dir, String from, List<String> names, byte[] key, CloudStore store)
      throws StageException {
    return new Stager(
            List.of(from), dir.resolve("staged"), names, true, Encryption.AES256, key, store)
        .run(new PrintWriter(new StringWriter()));
  }

  /**
   * The shared scenario: a plain full, a zstd+AES-256 and a {@code last}+AES-256 differential under
   * {@code <root>/prod/orders/} (and one in a nested folder) are staged from {@code root}
   * byte-identical, their sidecars checked, the nested folder left out.
   */
  static void assertChainStaged(
      Path dir, Put put, String root, CloudStore store, byte[] key, Compression last)
      throws Exception {
    String f = "prod/orders/";
    byte[] a = upload(dir, put, f, "orders-1.backup", Compression.NONE, null, key);
    byte[] b = upload(dir, put, f, "orders-2.backup", Compression.ZSTD, Encryption.AES256, key);
    byte[] c = upload(dir, put, f, "orders-3.backup", last, Encryption.AES256, key);
    upload(dir, put, f + "nested/", "orders-9.backup", Compression.NONE, null, key);

    List<Stager.Staged> staged =
        stage(
            dir,
            root + f,
            List.of("orders-1.backup", "orders-2.backup", "orders-3.backup"),
            key,
            store);

    assertEquals(3, staged.size());
    assertArrayEquals(a, Files.readAllBytes(dir.resolve("staged/orders-1.backup")));
    assertArrayEquals(b, Files.readAllBytes(dir.resolve("staged/orders-2.backup")));
    assertArrayEquals(c, Files.readAllBytes(dir.resolve("staged/orders-3.backup")));
    assertTrue(staged.stream().allMatch(s -> s.sha256() != null), "the sidecars were checked");
    assertEquals(root + f + "orders-2.backup.zst.enc", staged.get(1).stored());
    assertEquals(
        3, stage(dir, root + "prod/orders", List.of(), key, store).size(), "nested is another");
  }
}

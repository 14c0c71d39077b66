package io.neo4jrestore.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pack} then {@code stage} through the command line, as a pipeline and the Job run them. */
class PackStageCommandTest {
  private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = RunnerMain.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void a_packed_chain_stages_back_and_the_key_is_never_printed() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    byte[] full = "full backup bytes".repeat(1000).getBytes();
    Files.write(src.resolve("orders-1.backup"), full);
    Files.write(src.resolve("orders-2.backup"), "diff".getBytes());
    Path key = Files.writeString(dir.resolve("key"), KEY);

    assertEquals(
        0,
        run(
            "pack",
            "--to=" + dir.resolve("logs"),
            "--compression=lz4",
            "--level=9",
            "--encryption=ChaCha20Poly1305",
            "--key-file=" + key,
            src.resolve("orders-1.backup").toString(),
            src.resolve("orders-2.backup").toString()),
        err.toString());
    assertTrue(Files.exists(dir.resolve("logs/orders-1.backup.lz4.enc")));
    assertTrue(Files.exists(dir.resolve("logs/orders-1.backup.lz4.enc.sha256")));

    assertEquals(
        0,
        run(
            "stage",
            "--from=" + dir.resolve("logs"),
            "--to=" + dir.resolve("chain"),
            "--artifact=orders-1.backup",
            "--artifact=orders-2.backup",
            "--verify-checksums",
            "--encryption=ChaCha20Poly1305",
            "--key-file=" + key),
        err.toString());
    assertArrayEquals(full, Files.readAllBytes(dir.resolve("chain/orders-1.backup")));
    assertFalse((out.toString() + err).contains(KEY));
  }

  @Test
  void a_wrong_key_exits_1_naming_the_file() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.write(src.resolve("orders-1.backup"), new byte[100]);
    Path key = Files.writeString(dir.resolve("key"), KEY);
    Path other = Files.writeString(dir.resolve("other"), "0".repeat(64));
    run(
        "pack",
        "--to=" + dir.resolve("logs"),
        "--encryption=AES256",
        "--key-file=" + key,
        src.resolve("orders-1.backup").toString());

    int code =
        run(
            "stage",
            "--from=" + dir.resolve("logs"),
            "--to=" + dir.resolve("chain"),
            "--encryption=AES256",
            "--key-file=" + other);

    assertEquals(1, code);
    assertTrue(err.toString().contains("orders-1.backup.gz.enc"), err.toString());
    assertTrue(err.toString().contains("wrong key"), err.toString());
  }

  @Test
  void encryption_without_a_key_file_is_refused() {
    assertEquals(
        1, run("stage", "--from=" + dir, "--to=" + dir.resolve("c"), "--encryption=AES256"));
    assertTrue(err.toString().contains("--encryption needs --key-file"), err.toString());
  }
}

package io.neo4jrestore.runner.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging from {@code azb://} against Azurite (npm {@code azurite}, installed by scripts/test.sh
 * into {@code ~/.cache/neo4j-restore/azurite}, or {@code AZURITE_BLOB} naming its {@code
 * azurite-blob}), started on 127.0.0.1 for this class only. Azurite checks every Shared Key
 * signature against its well-known development account key, so a wrong key is refused. Without
 * Azurite the class is skipped, except under {@code CI=true}, where it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AzureStagingIT {
  private static final String ACCOUNT = "devstoreaccount1";
  // Azurite's published development key (not a secret: every Azurite accepts it)
  private static final String DEV_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  private static final byte[] KEY = new byte[32];
  private Process azurite;
  private AzureBlobClient azure;
  private URI endpoint;
  @TempDir Path dir;

  @BeforeAll
  void startAzurite(@TempDir Path data) throws Exception {
    new Random(11).nextBytes(KEY);
    Path bin = azuriteBlob();
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path log = Files.createTempFile("azurite", ".log");
    azurite =
        new ProcessBuilder(
                bin.toString(),
                "--blobHost",
                "127.0.0.1",
                "--blobPort",
                String.valueOf(port),
                "--location",
                data.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    for (int i = 0; ; i++) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        break;
      } catch (IOException notYet) {
        if (!azurite.isAlive() || i > 600) {
          throw new IllegalStateException("azurite did not start: " + Files.readString(log));
        }
        Thread.sleep(100);
      }
    }
    endpoint = URI.create("http://127.0.0.1:" + port + "/" + ACCOUNT);
    azure =
        AzureBlobClient.fromEnvironment(
            Map.of(
                "AZURE_STORAGE_ACCOUNT", ACCOUNT,
                "AZURE_STORAGE_KEY", DEV_KEY,
                "AZURE_STORAGE_BLOB_ENDPOINT", endpoint + "/"));
    azure.createContainer("logs");
  }

  /** {@code AZURITE_BLOB}, else scripts/test.sh's cache; skipped when absent unless CI=true. */
  private static Path azuriteBlob() {
    String given = System.getenv("AZURITE_BLOB");
    String cache = System.getenv("XDG_CACHE_HOME");
    Path bin =
        given != null
            ? Path.of(given)
            : Path.of(cache != null ? cache : System.getProperty("user.home") + "/.cache")
                .resolve("neo4j-restore/azurite/node_modules/.bin/azurite-blob");
    if (!Files.isExecutable(bin)) {
      String why = "Azurite not found at " + bin + ": run scripts/test.sh (npm install azurite)";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why);
      }
      Assumptions.abort(why);
    }
    return bin;
  }

  @AfterAll
  void stopAzurite() throws Exception {
    if (azurite != null) {
      azurite.destroy();
      azurite.waitFor();
    }
  }

  /** Packs {@code name} locally, uploads it and its sidecar under {@code folder}. */
  private byte[] upload(String folder, String name, Compression c, Encryption e) throws Exception {
    byte[] data = new byte[1_500_000];
    new Random(name.hashCode()).nextBytes(data);
    for (int i = 0; i < data.length; i += 3) {
      data[i] = 0;
    }
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.write(src.resolve(name), data);
    Path packed =
        new Packer(c, null, e, e == null ? null : KEY)
            .pack(src.resolve(name), dir.resolve("packed"));
    azure.put("logs", folder + packed.getFileName(), Files.readAllBytes(packed));
    Path sidecar = Checksums.sidecar(packed);
    azure.put("logs", folder + sidecar.getFileName(), Files.readAllBytes(sidecar));
    return data;
  }

  private List<Stager.Staged> stage(String from, List<String> names, CloudStore store)
      throws StageException {
    return new Stager(
            List.of(from), dir.resolve("staged"), names, true, Encryption.AES256, KEY, store)
        .run(new PrintWriter(new StringWriter()));
  }

  @Test
  void a_compressed_encrypted_chain_is_staged_byte_identical() throws Exception {
    byte[] full = upload("prod/orders/", "orders-1.backup", Compression.NONE, null);
    byte[] diff = upload("prod/orders/", "orders-2.backup", Compression.ZSTD, Encryption.AES256);
    byte[] last = upload("prod/orders/", "orders-3.backup", Compression.GZIP, Encryption.AES256);
    upload("prod/orders/nested/", "orders-9.backup", Compression.NONE, null);

    List<Stager.Staged> staged =
        stage(
            "azb://" + ACCOUNT + "/logs/prod/orders/",
            List.of("orders-1.backup", "orders-2.backup", "orders-3.backup"),
            azure);

    assertEquals(3, staged.size());
    assertArrayEquals(full, Files.readAllBytes(dir.resolve("staged/orders-1.backup")));
    assertArrayEquals(diff, Files.readAllBytes(dir.resolve("staged/orders-2.backup")));
    assertArrayEquals(last, Files.readAllBytes(dir.resolve("staged/orders-3.backup")));
    assertTrue(staged.stream().allMatch(s -> s.sha256() != null), "the sidecars were checked");
    assertEquals(
        "azb://devstoreaccount1/logs/prod/orders/orders-2.backup.zst.enc", staged.get(1).stored());

    assertEquals(
        3,
        stage("azb://" + ACCOUNT + "/logs/prod/orders", List.of(), azure).size(),
        "nested folders are other folders");
  }

  @Test
  void a_changed_blob_fails_naming_its_uri() throws Exception {
    upload("broken/", "orders-1.backup", Compression.LZ4, Encryption.AES256);
    byte[] bytes = Files.readAllBytes(dir.resolve("packed/orders-1.backup.lz4.enc"));
    bytes[bytes.length / 2] ^= 1;
    azure.put("logs", "broken/orders-1.backup.lz4.enc", bytes);

    StageException failure =
        assertThrows(
            StageException.class,
            () -> stage("azb://" + ACCOUNT + "/logs/broken", List.of("orders-1.backup"), azure));
    assertTrue(
        failure.getMessage().contains("azb://devstoreaccount1/logs/broken/orders-1.backup.lz4.enc"),
        failure.getMessage());
  }

  @Test
  void a_wrong_key_is_refused_by_the_signature_check() throws Exception {
    upload("keyed/", "orders-1.backup", Compression.GZIP, null);
    byte[] other = new byte[64];
    new Random(3).nextBytes(other);
    String wrongKey = Base64.getEncoder().encodeToString(other);
    AzureBlobClient wrong = new AzureBlobClient(ACCOUNT, wrongKey, endpoint);

    StageException failure =
        assertThrows(
            StageException.class,
            () -> stage("azb://" + ACCOUNT + "/logs/keyed", List.of("orders-1.backup"), wrong));
    assertTrue(
        failure.getMessage().contains("cannot list azb://devstoreaccount1/logs/keyed"),
        failure.getMessage());
    assertTrue(failure.getMessage().contains("HTTP 403"), failure.getMessage());
    assertTrue(failure.getMessage().contains("AZURE_STORAGE_KEY"), failure.getMessage());
    assertTrue(!failure.getMessage().contains(wrongKey), "the key is never in a message");
  }

  @Test
  void a_wrong_key_reading_one_blob_names_the_file() throws Exception {
    upload("one/", "orders-1.backup", Compression.GZIP, null);
    AzureBlobClient wrong =
        new AzureBlobClient(ACCOUNT, Base64.getEncoder().encodeToString(new byte[64]), endpoint);

    IOException failure =
        assertThrows(IOException.class, () -> wrong.get(ACCOUNT, "logs/one/orders-1.backup.gz"));
    assertTrue(
        failure.getMessage().contains("reading azb://devstoreaccount1/logs/one/orders-1.backup.gz"),
        failure.getMessage());
    assertTrue(failure.getMessage().contains("HTTP 403"), failure.getMessage());
  }

  @Test
  void another_account_is_refused_before_any_request() {
    StageException failure =
        assertThrows(
            StageException.class, () -> stage("azb://otheraccount/logs/prod", List.of(), azure));
    assertTrue(failure.getMessage().contains("otheraccount"), failure.getMessage());
    assertTrue(failure.getMessage().contains("AZURE_STORAGE_ACCOUNT"), failure.getMessage());
  }
}

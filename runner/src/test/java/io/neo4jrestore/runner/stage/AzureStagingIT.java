package io.neo4jrestore.runner.stage;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
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
    Path bin =
        StagingFixtures.emulator(
            "AZURITE_BLOB", "azurite/node_modules/.bin/azurite-blob", "npm install azurite");
    int port = StagingFixtures.freePort();
    azurite =
        StagingFixtures.start(
            new ProcessBuilder(
                bin.toString(),
                "--blobHost",
                "127.0.0.1",
                "--blobPort",
                String.valueOf(port),
                "--location",
                data.toString()),
            port,
            "azurite");
    endpoint = URI.create("http://127.0.0.1:" + port + "/" + ACCOUNT);
    azure =
        AzureBlobClient.fromEnvironment(
            Map.of(
                "AZURE_STORAGE_ACCOUNT", ACCOUNT,
                "AZURE_STORAGE_KEY", DEV_KEY,
                "AZURE_STORAGE_BLOB_ENDPOINT", endpoint + "/"));
    azure.createContainer("logs");
  }

  @AfterAll
  void stopAzurite() throws Exception {
    StagingFixtures.stop(azurite);
  }

  private byte[] upload(String folder, String name, Compression c, Encryption e) throws Exception {
    return StagingFixtures.upload(
        dir, (k, body) -> azure.put("logs", k, body), folder, name, c, e, KEY);
  }

  private List<Stager.Staged> stage(String from, List<String> names, CloudStore store)
      throws StageException {
    return StagingFixtures.stage(dir, from, names, KEY, store);
  }

  @Test
  void a_compressed_encrypted_chain_is_staged_byte_identical() throws Exception {
    StagingFixtures.assertChainStaged(
        dir,
        (k, body) -> azure.put("logs", k, body),
        "azb://" + ACCOUNT + "/logs/",
        azure,
        KEY,
        Compression.GZIP);
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

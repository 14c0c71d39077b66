package io.neo4jrestore.runner.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging from {@code s3://} against a real S3-compatible server: moto's server (PyPI {@code
 * moto[server]}, installed by scripts/test.sh), started on 127.0.0.1 for this class only, with
 * authentication on, so the client's SigV4 signatures are verified (a wrong secret is refused).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3StagingIT {
  private static final byte[] KEY = new byte[32];
  private Process moto;
  private S3Client s3;
  private URI endpoint;
  private String accessKeyId;
  @TempDir Path dir;

  @BeforeAll
  void startMoto() throws Exception {
    new Random(7).nextBytes(KEY);
    int port = StagingFixtures.freePort();
    ProcessBuilder server =
        new ProcessBuilder(
            "python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port));
    // authentication on after the 4 IAM calls below: every S3 request's SigV4 signature is checked
    server.environment().put("INITIAL_NO_AUTH_ACTION_COUNT", "4");
    moto = StagingFixtures.start(server, port, "moto server (pip install 'moto[server]')");
    endpoint = URI.create("http://127.0.0.1:" + port);
    String[] key = accessKey(endpoint);
    accessKeyId = key[0];
    s3 = new S3Client(key[0], key[1], null, "eu-west-1", endpoint);
    s3.createBucket("logs");
  }

  /** An IAM user allowed s3:*, created with boto3 (shipped with moto): its key id and secret. */
  private static String[] accessKey(URI endpoint) throws Exception {
    String script =
        String.join(
            "\n",
            "import boto3, json, sys",
            "iam = boto3.client('iam', endpoint_url=sys.argv[1], region_name='us-east-1',",
            "    aws_access_key_id='setup', aws_secret_access_key='setup')",
            "iam.create_user(UserName='stage')",
            "k = iam.create_access_key(UserName='stage')['AccessKey']",
            "doc = {'Version': '2012-10-17',",
            "    'Statement': [{'Effect': 'Allow', 'Action': 's3:*', 'Resource': '*'}]}",
            "p = iam.create_policy(PolicyName='s3', PolicyDocument=json.dumps(doc))",
            "iam.attach_user_policy(UserName='stage', PolicyArn=p['Policy']['Arn'])",
            "print(k['AccessKeyId'], k['SecretAccessKey'])");
    Process p =
        new ProcessBuilder("python3", "-c", script, endpoint.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes()).strip();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("creating the moto IAM user failed: " + output);
    }
    String[] lines = output.split("\n");
    return lines[lines.length - 1].split(" ");
  }

  @AfterAll
  void stopMoto() throws Exception {
    StagingFixtures.stop(moto);
  }

  private byte[] upload(String prefix, String name, Compression c, Encryption e) throws Exception {
    return StagingFixtures.upload(
        dir, (k, body) -> s3.put("logs", k, body), prefix, name, c, e, KEY);
  }

  private Stager stager(String from, List<String> names) {
    return new Stager(
        List.of(from), dir.resolve("staged"), names, true, Encryption.AES256, KEY, s3);
  }

  @Test
  void a_chain_in_s3_is_downloaded_decoded_and_checked() throws Exception {
    byte[] full = upload("orders/", "orders-1.backup", Compression.NONE, null);
    byte[] diff = upload("orders/", "orders-2.backup", Compression.ZSTD, Encryption.AES256);
    byte[] other = upload("orders/", "orders-3.backup", Compression.GZIP, null);
    upload("orders/nested/", "orders-9.backup", Compression.NONE, null);

    List<Stager.Staged> staged =
        stager("s3://logs/orders/", List.of("orders-1.backup", "orders-2.backup"))
            .run(new PrintWriter(new StringWriter()));

    assertEquals(2, staged.size());
    assertArrayEquals(full, Files.readAllBytes(dir.resolve("staged/orders-1.backup")));
    assertArrayEquals(diff, Files.readAllBytes(dir.resolve("staged/orders-2.backup")));
    assertFalse(
        Files.isSymbolicLink(dir.resolve("staged/orders-1.backup")), "downloaded, not linked");
    assertTrue(staged.get(1).sha256() != null, "the sidecar in S3 was checked");

    List<Stager.Staged> all =
        stager("s3://logs/orders", List.of()).run(new PrintWriter(new StringWriter()));
    assertEquals(3, all.size(), "nested prefixes are other folders");
    assertArrayEquals(other, Files.readAllBytes(dir.resolve("staged/orders-3.backup")));
  }

  @Test
  void a_changed_object_fails_naming_its_uri() throws Exception {
    upload("broken/", "orders-1.backup", Compression.LZ4, Encryption.AES256);
    Path packed = dir.resolve("packed/orders-1.backup.lz4.enc");
    byte[] bytes = Files.readAllBytes(packed);
    bytes[bytes.length / 2] ^= 1;
    s3.put("logs", "broken/orders-1.backup.lz4.enc", bytes);

    StageException failure =
        assertThrows(
            StageException.class,
            () ->
                stager("s3://logs/broken", List.of("orders-1.backup"))
                    .run(new PrintWriter(new StringWriter())));
    assertTrue(
        failure.getMessage().contains("s3://logs/broken/orders-1.backup.lz4.enc"),
        failure.getMessage());
  }

  @Test
  void a_wrong_secret_is_refused_by_the_signature_check() {
    S3Client wrong = new S3Client(accessKeyId, "not-the-secret", null, "eu-west-1", endpoint);
    StageException failure =
        assertThrows(
            StageException.class,
            () ->
                new Stager(
                        List.of("s3://logs/prod"),
                        dir.resolve("s"),
                        List.of(),
                        true,
                        null,
                        null,
                        wrong)
                    .run(new PrintWriter(new StringWriter())));
    assertTrue(failure.getMessage().contains("cannot list s3://logs/prod"), failure.getMessage());
    assertTrue(failure.getMessage().contains("SignatureDoesNotMatch"), failure.getMessage());
  }
}

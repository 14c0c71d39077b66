package io.neo4jrestore.runner.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Pack then stage, for every compression and encryption: byte-identical, or a named failure. */
class StagerTest {
  private static final byte[] KEY = new byte[32];
  private static final byte[] OTHER_KEY = new byte[32];

  static {
    new Random(1).nextBytes(KEY);
    new Random(2).nextBytes(OTHER_KEY);
  }

  @TempDir Path dir;

  static Stream<Arguments> formats() {
    List<Arguments> all = new ArrayList<>();
    for (Compression c : Compression.values()) {
      all.add(Arguments.of(c, null));
      for (Encryption e : Encryption.values()) {
        all.add(Arguments.of(c, e));
      }
    }
    return all.stream();
  }

  /** 2.5 MiB of half-compressible bytes: several envelope chunks and compression blocks. */
  private Path sample(String name, int size) throws Exception {
    byte[] data = new byte[size];
    Random r = new Random(size);
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i % 3 == 0 ? r.nextInt() : i / 1024);
    }
    Path src = dir.resolve("src");
    Files.createDirectories(src);
    return Files.write(src.resolve(name), data);
  }

  private Stager stager(Path from, Encryption e, byte[] key, boolean verify) {
    return new Stager(
        List.of(from.toString()), dir.resolve("staged"), List.of(), verify, e, key, null);
  }

  private static PrintWriter quiet() {
    return new PrintWriter(new java.io.StringWriter());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("formats")
  void packed_artifacts_stage_back_byte_identical(Compression c, Encryption e) throws Exception {
    Path full = sample("orders-2025-01-04T00-00-05.backup", 2_500_000 + 17);
    Path empty = sample("orders-2025-01-04T06-00-02.backup", 0);
    Path stored = dir.resolve("stored");
    Packer packer = new Packer(c, null, e, e == null ? null : KEY);
    Path packed = packer.pack(full, stored);
    packer.pack(empty, stored);
    assertEquals(ArtifactName.stored(full.getFileName().toString(), c, e != null), name(packed));
    assertTrue(Files.exists(Checksums.sidecar(packed)), "a .sha256 sidecar is written");

    List<Stager.Staged> staged = stager(stored, e, e == null ? null : KEY, true).run(quiet());

    assertEquals(2, staged.size());
    assertArrayEquals(Files.readAllBytes(full), Files.readAllBytes(staged.get(0).staged()));
    assertArrayEquals(new byte[0], Files.readAllBytes(staged.get(1).staged()));
    assertEquals("orders-2025-01-04T00-00-05.backup", name(staged.get(0).staged()));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("formats")
  void a_flipped_byte_fails_naming_the_file(Compression c, Encryption e) throws Exception {
    Path packed =
        new Packer(c, null, e, e == null ? null : KEY)
            .pack(sample("orders.backup", 300_000), dir.resolve("stored"));
    flip(packed, (int) (Files.size(packed) / 2));

    StageException failure =
        assertThrows(
            StageException.class,
            () -> stager(dir.resolve("stored"), e, e == null ? null : KEY, true).run(quiet()));
    assertTrue(failure.getMessage().contains(packed.toString()), failure.getMessage());
    assertTrue(
        Files.notExists(dir.resolve("staged").resolve("orders.backup")),
        "nothing half-written is left for neo4j-admin");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encryptions")
  void an_encrypted_artifact_is_authenticated_even_without_a_sidecar(Encryption e)
      throws Exception {
    Path packed =
        new Packer(Compression.NONE, null, e, KEY)
            .pack(sample("orders.backup", 200_000), dir.resolve("stored"));
    Files.delete(Checksums.sidecar(packed));
    flip(packed, 100);

    StageException failure =
        assertThrows(
            StageException.class, () -> stager(dir.resolve("stored"), e, KEY, false).run(quiet()));
    assertTrue(failure.getMessage().contains(packed.toString()), failure.getMessage());
    assertTrue(failure.getMessage().contains("does not authenticate"), failure.getMessage());
  }

  static Stream<Encryption> encryptions() {
    return Stream.of(Encryption.values());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encryptions")
  void a_wrong_key_fails_naming_the_file(Encryption e) throws Exception {
    Path packed =
        new Packer(Compression.ZSTD, null, e, KEY)
            .pack(sample("orders.backup", 10_000), dir.resolve("stored"));

    StageException failure =
        assertThrows(
            StageException.class,
            () -> stager(dir.resolve("stored"), e, OTHER_KEY, true).run(quiet()));
    assertTrue(failure.getMessage().contains(packed.toString()), failure.getMessage());
    assertTrue(failure.getMessage().contains("wrong key"), failure.getMessage());
  }

  @Test
  void a_truncated_envelope_fails() throws Exception {
    Path packed =
        new Packer(Compression.NONE, null, Encryption.AES256, KEY)
            .pack(sample("orders.backup", 3 * Envelope.CHUNK_SIZE), dir.resolve("stored"));
    byte[] all = Files.readAllBytes(packed);
    // cut after the first two whole chunks: they decrypt, but the second is not marked last
    int cut = Envelope.HEADER_SIZE + 2 * (Envelope.CHUNK_SIZE + Envelope.TAG_SIZE);
    Files.write(packed, java.util.Arrays.copyOf(all, cut));

    StageException failure =
        assertThrows(
            StageException.class,
            () -> stager(dir.resolve("stored"), Encryption.AES256, KEY, false).run(quiet()));
    assertTrue(failure.getMessage().contains("chunk 1"), failure.getMessage());
  }

  @Test
  void the_other_algorithm_is_refused_by_name() throws Exception {
    new Packer(Compression.NONE, null, Encryption.CHACHA20_POLY1305, KEY)
        .pack(sample("orders.backup", 10), dir.resolve("stored"));

    StageException failure =
        assertThrows(
            StageException.class,
            () -> stager(dir.resolve("stored"), Encryption.AES256, KEY, false).run(quiet()));
    assertTrue(failure.getMessage().contains("ChaCha20Poly1305"), failure.getMessage());
  }

  @Test
  void plain_backups_pass_through_as_links_whatever_the_compression_setting() throws Exception {
    Path plain = sample("orders-2025-01-04T00-00-05.backup", 1000);
    Files.writeString(dir.resolve("src").resolve("notes.txt"), "not an artifact");

    List<Stager.Staged> staged = stager(dir.resolve("src"), null, null, true).run(quiet());

    assertEquals(1, staged.size(), "only artifacts are staged");
    assertTrue(Files.isSymbolicLink(staged.get(0).staged()));
    assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(staged.get(0).staged()));
  }

  private Stager declaring(Path from, Compression declared) {
    return new Stager(
        List.of(from.toString()),
        dir.resolve("staged"),
        List.of(),
        false,
        null,
        null,
        null,
        declared);
  }

  /** Packs {@code plain} with {@code c} and stores it under its plain name (no suffix). */
  private Path packedWithoutSuffix(Path plain, Compression c) throws Exception {
    Path packed = new Packer(c, null, null, null).pack(plain, dir.resolve("stored"));
    return Files.move(packed, packed.resolveSibling(plain.getFileName()));
  }

  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"GZIP", "LZ4", "ZSTD"})
  void compression_algorithm_decodes_artifacts_whose_names_carry_no_suffix(Compression c)
      throws Exception {
    Path plain = sample("orders-2025-01-04T06-00-02.backup", 300_000);
    packedWithoutSuffix(plain, c);

    List<Stager.Staged> staged = declaring(dir.resolve("stored"), c).run(quiet());

    assertFalse(Files.isSymbolicLink(staged.get(0).staged()), "decoded, not linked");
    assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(staged.get(0).staged()));
  }

  @Test
  void with_a_declared_algorithm_a_plain_artifact_is_still_linked_unchanged() throws Exception {
    Path plain = sample("orders-2025-01-04T00-00-05.backup", 1000);
    List<Stager.Staged> staged = declaring(dir.resolve("src"), Compression.GZIP).run(quiet());
    assertTrue(Files.isSymbolicLink(staged.get(0).staged()));
    assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(staged.get(0).staged()));
  }

  @Test
  void an_unsuffixed_artifact_of_another_format_than_declared_is_refused() throws Exception {
    packedWithoutSuffix(sample("orders.backup", 1000), Compression.ZSTD);
    StageException failure =
        assertThrows(
            StageException.class,
            () -> declaring(dir.resolve("stored"), Compression.GZIP).run(quiet()));
    assertTrue(failure.getMessage().contains("begins like a zstd stream"), failure.getMessage());
    assertTrue(failure.getMessage().contains("algorithm is gzip"), failure.getMessage());
  }

  @Test
  void compression_disabled_refuses_a_compressed_name() throws Exception {
    Path packed =
        new Packer(Compression.LZ4, null, null, null)
            .pack(sample("orders.backup", 1000), dir.resolve("stored"));
    StageException failure =
        assertThrows(
            StageException.class,
            () -> declaring(dir.resolve("stored"), Compression.NONE).run(quiet()));
    assertTrue(failure.getMessage().contains(packed.toString()), failure.getMessage());
    assertTrue(failure.getMessage().contains("enabled is false"), failure.getMessage());
  }

  @Test
  void a_plain_artifact_with_a_wrong_sidecar_is_refused() throws Exception {
    Path plain = sample("orders.backup", 1000);
    Checksums.write(plain, "0".repeat(64));

    StageException failure =
        assertThrows(
            StageException.class, () -> stager(dir.resolve("src"), null, null, true).run(quiet()));
    assertTrue(failure.getMessage().contains(plain.toString()), failure.getMessage());
    assertTrue(failure.getMessage().contains("corrupt"), failure.getMessage());
  }

  @Test
  void an_encrypted_artifact_without_a_configured_key_is_refused() throws Exception {
    Path packed =
        new Packer(Compression.GZIP, 9, Encryption.AES256, KEY)
            .pack(sample("orders.backup", 10), dir.resolve("stored"));

    StageException failure =
        assertThrows(
            StageException.class,
            () -> stager(dir.resolve("stored"), null, null, true).run(quiet()));
    assertTrue(failure.getMessage().contains(packed.toString()), failure.getMessage());
  }

  @Test
  void named_artifacts_are_staged_in_chain_order_from_several_folders() throws Exception {
    Path base = Files.createDirectories(dir.resolve("base"));
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.write(base.resolve("db-1.backup"), new byte[] {1});
    new Packer(Compression.LZ4, 9, null, null).pack(sample("db-2.backup", 100), logs);
    new Packer(Compression.ZSTD, 3, null, null).pack(sample("db-3.backup", 100), logs);

    List<Stager.Staged> staged =
        new Stager(
                List.of(base.toString(), logs.toString()),
                dir.resolve("chain"),
                List.of("db-1.backup", "db-2.backup"),
                true,
                null,
                null,
                null)
            .run(quiet());

    assertEquals(
        List.of("db-1.backup", "db-2.backup"), staged.stream().map(s -> name(s.staged())).toList());
    StageException missing =
        assertThrows(
            StageException.class,
            () ->
                new Stager(
                        List.of(base.toString(), logs.toString()),
                        dir.resolve("c2"),
                        List.of("db-9.backup"),
                        true,
                        null,
                        null,
                        null)
                    .run(quiet()));
    assertTrue(missing.getMessage().contains("db-9.backup"), missing.getMessage());
  }

  @Test
  void keys_are_read_raw_base64_or_hex() throws Exception {
    String b64 = java.util.Base64.getEncoder().encodeToString(KEY);
    assertArrayEquals(KEY, Keys.parse((b64 + "\n").getBytes(StandardCharsets.US_ASCII), "k"));
    assertArrayEquals(
        KEY,
        Keys.parse(
            java.util.HexFormat.of().formatHex(KEY).getBytes(StandardCharsets.US_ASCII), "k"));
    assertArrayEquals(KEY, Keys.parse(KEY, "k"));
    assertThrows(StageException.class, () -> Keys.parse("short".getBytes(), "k"));
  }

  @Test
  void levels_outside_what_a_format_writes_are_refused() {
    assertThrows(IllegalArgumentException.class, () -> Compression.GZIP.checkLevel(10));
    assertThrows(IllegalArgumentException.class, () -> Compression.ZSTD.checkLevel(19));
    Compression.LZ4.checkLevel(17);
    Compression.ZSTD.checkLevel(3);
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }

  private static void flip(Path file, int offset) throws Exception {
    byte[] b = Files.readAllBytes(file);
    b[offset] ^= 0x40;
    Files.write(file, b);
  }
}

package io.neo4jrestore.runner.stage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes artifacts readable by neo4j-admin in one folder. A plain {@code .backup} in a local folder
 * becomes a symbolic link to the stored file (no copy); one in cloud storage ({@code s3://}, {@code
 * azb://}: {@link CloudStore}) is downloaded; a transformed one ({@link ArtifactName}) is decrypted
 * and decompressed into the folder. With {@code verifyChecksums} every artifact that has a {@code
 * .sha256} sidecar ({@link Checksums}) is checked against its stored bytes before it is used;
 * encrypted artifacts are always authenticated chunk by chunk ({@link Envelope}).
 *
 * @param from the folders to look in, in order: local paths or {@code <scheme>://bucket/prefix}
 * @param to the folder to stage into (created)
 * @param artifacts the staged names wanted, in chain order; empty = every artifact in {@code from}
 * @param verifyChecksums check sidecars ({@code validateLogIntegrity})
 * @param encryption the resource's algorithm, or null when encryption is not enabled
 * @param key the 32-byte key, or null
 * @param cloud the store for {@code <scheme>://} folders (one scheme), or null when there are none
 * @param declared what {@code pitr.compression} declares: null when it is absent (names alone
 *     decide), {@link Compression#NONE} for {@code enabled: false} (a compressed name is refused),
 *     else {@code algorithm}: an artifact whose name carries no compression suffix is decoded with
 *     it when its bytes begin with that format's magic number, refused when they begin with another
 *     format's, and passed through otherwise
 */
public record Stager(
    List<String> from,
    Path to,
    List<String> artifacts,
    boolean verifyChecksums,
    Encryption encryption,
    byte[] key,
    CloudStore cloud,
    Compression declared) {

  /** Names alone decide what is decoded ({@code pitr.compression} absent). */
  public Stager(
      List<String> from,
      Path to,
      List<String> artifacts,
      boolean verifyChecksums,
      Encryption encryption,
      byte[] key,
      CloudStore cloud) {
    this(from, to, artifacts, verifyChecksums, encryption, key, cloud, null);
  }

  /** One staged artifact. */
  public record Staged(String stored, Path staged, ArtifactName name, String sha256) {}

  /** A stored artifact: a local file, or a cloud object. */
  private record Stored(String where, String fileName, Path local, String bucket, String key) {
    static Stored local(Path p) {
      return new Stored(p.toString(), p.getFileName().toString(), p, null, null);
    }

    static Stored cloud(String scheme, String bucket, String key) {
      return new Stored(
          scheme + "://" + bucket + "/" + key,
          key.substring(key.lastIndexOf('/') + 1),
          null,
          bucket,
          key);
    }
  }

  /** Stages and reports each artifact on {@code log}; throws naming the first file that failed. */
  public List<Staged> run(PrintWriter log) throws StageException {
    Map<String, Stored> found = find();
    try {
      Files.createDirectories(to);
    } catch (IOException e) {
      throw new StageException("cannot create " + to + ": " + e.getMessage(), e);
    }
    List<Staged> done = new ArrayList<>();
    for (Stored stored : found.values()) {
      Staged s = stageOne(stored);
      done.add(s);
      log.println(
          "staged "
              + s.stored()
              + " -> "
              + s.staged()
              + (Files.isSymbolicLink(s.staged())
                  ? " (linked)"
                  : s.name().transformed() ? " (decoded)" : " (copied)")
              + (s.sha256() == null ? ", no checksum sidecar" : ", sha256 " + s.sha256() + " ok"));
    }
    log.flush();
    return done;
  }

  /** Staged name -> stored artifact, in the order asked for (or found). */
  private Map<String, Stored> find() throws StageException {
    Map<String, List<Stored>> byName = new LinkedHashMap<>();
    for (String folder : from) {
      for (Stored s : list(folder)) {
        Optional<ArtifactName> n = ArtifactName.parse(s.fileName());
        if (n.isPresent()) {
          byName.computeIfAbsent(n.get().staged(), k -> new ArrayList<>()).add(s);
        }
      }
    }
    for (Map.Entry<String, List<Stored>> e : byName.entrySet()) {
      if (e.getValue().size() > 1 && (artifacts.isEmpty() || artifacts.contains(e.getKey()))) {
        throw new StageException(
            "artifact "
                + e.getKey()
                + " is stored more than once ("
                + e.getValue().stream().map(Stored::where).toList()
                + "); keep one of them");
      }
    }
    Map<String, Stored> out = new LinkedHashMap<>();
    if (artifacts.isEmpty()) {
      byName.forEach((k, v) -> out.put(k, v.get(0)));
      return out;
    }
    for (String wanted : artifacts) {
      List<Stored> hits = byName.get(wanted);
      if (hits == null) {
        throw new StageException(
            "artifact "
                + wanted
                + " (or "
                + wanted
                + ".gz/.lz4/.zst[.enc]) is not in "
                + from
                + "; it was there when the chain was pinned: restore it, or retry so the chain is"
                + " resolved again");
      }
      out.put(wanted, hits.get(0));
    }
    return out;
  }

  private List<Stored> list(String folder) throws StageException {
    List<Stored> out = new ArrayList<>();
    int scheme = folder.indexOf("://");
    if (scheme > 0) {
      CloudStore store = store(folder);
      String rest = folder.substring(scheme + 3);
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String folderKey = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("/+$", "");
      String prefix = folderKey.isEmpty() ? "" : folderKey + "/";
      try {
        // listed by the folder's key without its last slash, then filtered: fewer characters to
        // escape in the signed query
        for (String key : store.list(bucket, folderKey)) {
          if (key.startsWith(prefix) && !key.substring(prefix.length()).contains("/")) {
            out.add(Stored.cloud(store.scheme(), bucket, key));
          }
        }
      } catch (IOException e) {
        throw new StageException("cannot list " + folder + ": " + e.getMessage(), e);
      }
      out.sort((a, b) -> a.key().compareTo(b.key()));
      return out;
    }
    Path dir = Path.of(folder);
    if (!Files.isDirectory(dir)) {
      throw new StageException("backup folder " + dir + " does not exist or is not a folder");
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (Files.isRegularFile(f)) {
          out.add(Stored.local(f));
        }
      }
    } catch (IOException e) {
      throw new StageException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    out.sort((a, b) -> a.local().compareTo(b.local()));
    return out;
  }

  private CloudStore store(String folder) throws StageException {
    if (cloud == null || !folder.startsWith(cloud.scheme() + "://")) {
      throw new StageException(
          "no client to read "
              + folder
              + (cloud == null ? "" : " (this stage reads " + cloud.scheme() + "://)")
              + "; keep the base backup and the logs in one kind of storage");
    }
    return cloud;
  }

  private Staged stageOne(Stored stored) throws StageException {
    ArtifactName name = ArtifactName.parse(stored.fileName()).orElseThrow();
    Path target = to.resolve(name.staged());
    Optional<String> expected = verifyChecksums ? expected(stored) : Optional.empty();
    if (declared == Compression.NONE && name.compression() != Compression.NONE) {
      throw new StageException(
          stored.where()
              + " is compressed ("
              + name.compression().suffix()
              + ") but pitr.compression.enabled is false; set it to true, or store the artifact"
              + " uncompressed");
    }
    if (name.encrypted() && (encryption == null || key == null)) {
      throw new StageException(
          stored.where()
              + " is encrypted (.enc) but pitr.encryption is not enabled with a keySecret; enable"
              + " it with the key the file was encrypted with");
    }
    try {
      Files.deleteIfExists(target);
      if (!name.transformed() && stored.local() != null && !startsCompressed(stored.local())) {
        if (expected.isPresent()) {
          check(stored, expected.get(), digestOf(stored.local()));
        }
        Files.createSymbolicLink(target, stored.local().toAbsolutePath());
        return new Staged(stored.where(), target, name, expected.orElse(null));
      }
      Path partial = target.resolveSibling(target.getFileName() + ".partial");
      MessageDigest digest = Checksums.sha256();
      try (InputStream raw =
              new DigestInputStream(new BufferedInputStream(open(stored), 1 << 16), digest);
          InputStream decoded = decode(raw, name, stored.where());
          OutputStream out = Files.newOutputStream(partial)) {
        decoded.transferTo(out);
        raw.transferTo(OutputStream.nullOutputStream()); // trailing bytes count for the checksum
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(partial);
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        throw new StageException(
            stored.where()
                + ": cannot "
                + (name.encrypted() ? "decrypt/" : "")
                + (name.compression() == Compression.NONE && !name.encrypted()
                    ? "copy"
                    : "decompress")
                + ": "
                + why
                + "; check the key (pitr.encryption.keySecret) and that the file is intact",
            e);
      }
      if (expected.isPresent()) {
        try {
          check(stored, expected.get(), Checksums.hex(digest));
        } catch (StageException bad) {
          Files.deleteIfExists(partial);
          throw bad;
        }
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      return new Staged(stored.where(), target, name, expected.orElse(null));
    } catch (IOException e) {
      throw new StageException("cannot stage " + stored.where() + " into " + to + ": " + e, e);
    }
  }

  private InputStream open(Stored stored) throws IOException, StageException {
    if (stored.local() != null) {
      return Files.newInputStream(stored.local());
    }
    return store(stored.where())
        .get(stored.bucket(), stored.key())
        .orElseThrow(() -> new IOException(stored.where() + " disappeared"));
  }

  private Optional<String> expected(Stored stored) throws StageException {
    if (stored.local() != null) {
      return Checksums.expected(stored.local());
    }
    String side = stored.key() + Checksums.SUFFIX;
    try {
      Optional<InputStream> in = store(stored.where()).get(stored.bucket(), side);
      if (in.isEmpty()) {
        return Optional.empty();
      }
      try (InputStream body = in.get()) {
        String text = new String(body.readNBytes(4096), StandardCharsets.US_ASCII);
        return Optional.of(Checksums.parse(text, stored.where() + Checksums.SUFFIX));
      }
    } catch (IOException e) {
      throw new StageException(
          "cannot read checksum " + stored.where() + Checksums.SUFFIX + ": " + e.getMessage(), e);
    }
  }

  private InputStream decode(InputStream raw, ArtifactName name, String where) throws IOException {
    InputStream in = name.encrypted() ? Envelope.decrypting(raw, encryption, key) : raw;
    if (name.compression() != Compression.NONE
        || declared == null
        || declared == Compression.NONE) {
      return name.compression().decompressing(in);
    }
    BufferedInputStream peek = new BufferedInputStream(in, 1 << 16);
    peek.mark(Compression.MAGIC_LENGTH);
    byte[] head = peek.readNBytes(Compression.MAGIC_LENGTH);
    peek.reset();
    return decodeDeclared(Compression.sniff(head), where).decompressing(peek);
  }

  /**
   * For a name without a compression suffix: the declared algorithm when the bytes begin with its
   * magic number, nothing when they begin with none, a refusal when with another format's.
   */
  private Compression decodeDeclared(Compression found, String where) throws IOException {
    if (found == Compression.NONE || found == declared) {
      return found;
    }
    throw new IOException(
        where
            + " has no compression suffix and begins like a "
            + found.name().toLowerCase(java.util.Locale.ROOT)
            + " stream, but pitr.compression.algorithm is "
            + declared.name().toLowerCase(java.util.Locale.ROOT)
            + "; set the algorithm the pipeline used, or name the file with its suffix");
  }

  /** Whether a plain local file must be decoded: its first bytes are a declared format's. */
  private boolean startsCompressed(Path file) throws IOException, StageException {
    if (declared == null || declared == Compression.NONE) {
      return false;
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(Compression.MAGIC_LENGTH);
    }
    try {
      return decodeDeclared(Compression.sniff(head), file.toString()) != Compression.NONE;
    } catch (IOException mismatch) {
      throw new StageException(mismatch.getMessage(), mismatch);
    }
  }

  private static String digestOf(Path file) throws IOException {
    MessageDigest digest = Checksums.sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return Checksums.hex(digest);
  }

  private static void check(Stored stored, String expected, String actual) throws StageException {
    if (!expected.equals(actual)) {
      throw new StageException(
          stored.where()
              + ": SHA-256 "
              + actual
              + " does not match "
              + stored.fileName()
              + Checksums.SUFFIX
              + " ("
              + expected
              + "); the artifact is corrupt: restore it from a good copy");
    }
  }
}

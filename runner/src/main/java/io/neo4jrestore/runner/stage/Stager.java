package io.neo4jrestore.runner.stage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
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
 * Makes artifacts readable by neo4j-admin in one folder: a plain {@code .backup} becomes a symbolic
 * link to the stored file (no copy), a transformed one ({@link ArtifactName}) is decrypted and
 * decompressed into the folder. With {@code verifyChecksums} every artifact that has a {@code
 * .sha256} sidecar ({@link Checksums}) is checked against its stored bytes before it is used;
 * encrypted artifacts are always authenticated chunk by chunk ({@link Envelope}).
 *
 * @param from the folders to look in, in order
 * @param to the folder to stage into (created; must be empty of the staged names)
 * @param artifacts the staged names wanted, in chain order; empty = every artifact in {@code from}
 * @param verifyChecksums check sidecars ({@code validateLogIntegrity})
 * @param encryption the resource's algorithm, or null when encryption is not enabled
 * @param key the 32-byte key, or null
 */
public record Stager(
    List<Path> from,
    Path to,
    List<String> artifacts,
    boolean verifyChecksums,
    Encryption encryption,
    byte[] key) {

  /** One staged artifact. */
  public record Staged(Path stored, Path staged, ArtifactName name, String sha256) {}

  /** Stages and reports each artifact on {@code log}; throws naming the first file that failed. */
  public List<Staged> run(PrintWriter log) throws StageException {
    Map<String, Path> found = find();
    try {
      Files.createDirectories(to);
    } catch (IOException e) {
      throw new StageException("cannot create " + to + ": " + e.getMessage(), e);
    }
    List<Staged> done = new ArrayList<>();
    for (Map.Entry<String, Path> e : found.entrySet()) {
      Staged s = stageOne(e.getValue());
      done.add(s);
      log.println(
          "staged "
              + s.stored()
              + " -> "
              + s.staged()
              + (s.name().transformed() ? " (decoded)" : " (linked)")
              + (s.sha256() == null ? ", no checksum sidecar" : ", sha256 " + s.sha256() + " ok"));
    }
    return done;
  }

  /** Staged name -> stored file, in the order asked for (or found). */
  private Map<String, Path> find() throws StageException {
    Map<String, List<Path>> byName = new LinkedHashMap<>();
    for (Path dir : from) {
      if (!Files.isDirectory(dir)) {
        throw new StageException("backup folder " + dir + " does not exist or is not a folder");
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        List<Path> sorted = new ArrayList<>();
        files.forEach(sorted::add);
        sorted.sort(null);
        for (Path f : sorted) {
          Optional<ArtifactName> n = ArtifactName.parse(f.getFileName().toString());
          if (n.isPresent() && Files.isRegularFile(f)) {
            byName.computeIfAbsent(n.get().staged(), k -> new ArrayList<>()).add(f);
          }
        }
      } catch (IOException e) {
        throw new StageException("cannot list " + dir + ": " + e.getMessage(), e);
      }
    }
    for (Map.Entry<String, List<Path>> e : byName.entrySet()) {
      if (e.getValue().size() > 1 && (artifacts.isEmpty() || artifacts.contains(e.getKey()))) {
        throw new StageException(
            "artifact "
                + e.getKey()
                + " is stored more than once ("
                + e.getValue()
                + "); keep one of them");
      }
    }
    Map<String, Path> out = new LinkedHashMap<>();
    if (artifacts.isEmpty()) {
      byName.forEach((k, v) -> out.put(k, v.get(0)));
      return out;
    }
    for (String wanted : artifacts) {
      List<Path> hits = byName.get(wanted);
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

  private Staged stageOne(Path stored) throws StageException {
    ArtifactName name = ArtifactName.parse(stored.getFileName().toString()).orElseThrow();
    Path target = to.resolve(name.staged());
    Optional<String> expected = verifyChecksums ? Checksums.expected(stored) : Optional.empty();
    if (name.encrypted() && (encryption == null || key == null)) {
      throw new StageException(
          stored
              + " is encrypted (.enc) but pitr.encryption is not enabled with a keySecret; enable"
              + " it with the key the file was encrypted with");
    }
    try {
      Files.deleteIfExists(target);
      if (!name.transformed()) {
        if (expected.isPresent()) {
          check(stored, expected.get(), digestOf(stored));
        }
        Files.createSymbolicLink(target, stored.toAbsolutePath());
        return new Staged(stored, target, name, expected.orElse(null));
      }
      Path partial = target.resolveSibling(target.getFileName() + ".partial");
      MessageDigest digest = Checksums.sha256();
      try (InputStream raw =
              new DigestInputStream(
                  new BufferedInputStream(Files.newInputStream(stored), 1 << 16), digest);
          InputStream decoded = decode(raw, name);
          OutputStream out = Files.newOutputStream(partial)) {
        decoded.transferTo(out);
        raw.transferTo(OutputStream.nullOutputStream()); // trailing bytes count for the checksum
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(partial);
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        throw new StageException(
            stored
                + ": cannot "
                + (name.encrypted() ? "decrypt/" : "")
                + "decompress: "
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
      return new Staged(stored, target, name, expected.orElse(null));
    } catch (IOException e) {
      throw new StageException("cannot stage " + stored + " into " + to + ": " + e, e);
    }
  }

  private InputStream decode(InputStream raw, ArtifactName name) throws IOException {
    InputStream in = name.encrypted() ? Envelope.decrypting(raw, encryption, key) : raw;
    return name.compression().decompressing(in);
  }

  private static String digestOf(Path file) throws IOException {
    MessageDigest digest = Checksums.sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return Checksums.hex(digest);
  }

  private static void check(Path stored, String expected, String actual) throws StageException {
    if (!expected.equals(actual)) {
      throw new StageException(
          stored
              + ": SHA-256 "
              + actual
              + " does not match "
              + Checksums.sidecar(stored).getFileName()
              + " ("
              + expected
              + "); the artifact is corrupt: restore it from a good copy");
    }
  }
}

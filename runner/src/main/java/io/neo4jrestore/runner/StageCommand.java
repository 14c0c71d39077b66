package io.neo4jrestore.runner;

import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.runner.stage.AzureBlobClient;
import io.neo4jrestore.runner.stage.CloudStore;
import io.neo4jrestore.runner.stage.Compression;
import io.neo4jrestore.runner.stage.Encryption;
import io.neo4jrestore.runner.stage.GcsClient;
import io.neo4jrestore.runner.stage.S3Client;
import io.neo4jrestore.runner.stage.StageException;
import io.neo4jrestore.runner.stage.Stager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stage}: the init container of PITR inspect and restore Jobs (docs/pitr.md). Exit 0 when
 * every artifact was staged, 1 when one failed (the message names it), 2 on a usage error.
 */
@Command(
    name = "stage",
    description = {
      "Stage backup artifacts for neo4j-admin: link plain .backup files, decrypt and decompress"
          + " .gz/.lz4/.zst/.enc ones into one folder, checking .sha256 sidecars.",
      "The key is read from --key-file (a mounted Secret), never from the command line."
    })
public final class StageCommand implements Callable<Integer> {
  @Option(
      names = "--from",
      required = true,
      description =
          "A folder holding artifacts: a path, s3://bucket/prefix (AWS_* environment) or"
              + " azb://account/container/prefix (AZURE_STORAGE_* environment) or"
              + " gs://bucket/prefix (GOOGLE_APPLICATION_CREDENTIALS).")
  List<String> from = new ArrayList<>();

  @Option(names = "--to", required = true, description = "The folder to stage into.")
  Path to;

  @Option(
      names = "--artifact",
      description = "A staged name to stage (in chain order); none = every artifact found.")
  List<String> artifacts = new ArrayList<>();

  @Option(names = "--verify-checksums", description = "Check .sha256 sidecars where present.")
  boolean verifyChecksums;

  @Option(
      names = "--compression",
      description =
          "What pitr.compression declares: gzip, lz4 or zstd (an artifact whose name has no"
              + " compression suffix is decoded when its bytes begin with that format), or none"
              + " (a compressed name is refused). Absent: names alone decide.")
  String compression;

  @Mixin KeyOptions keys = new KeyOptions();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try {
      Encryption algorithm = keys.algorithm();
      byte[] key = keys.key();
      new Stager(
              List.copyOf(from),
              to,
              List.copyOf(artifacts),
              verifyChecksums,
              algorithm,
              key,
              cloud(System.getenv()),
              compression == null ? null : Compression.of(compression))
          .run(spec.commandLine().getOut());
      return RunnerExit.SUCCEEDED.code();
    } catch (StageException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("stage failed: " + e.getMessage());
      return RunnerExit.FAILED.code();
    }
  }

  /** The client for the cloud folders (one kind per stage), or null when all are paths. */
  private CloudStore cloud(Map<String, String> env) throws StageException {
    if (from.stream().anyMatch(f -> f.startsWith("azb://"))) {
      return AzureBlobClient.fromEnvironment(env);
    }
    if (from.stream().anyMatch(f -> f.startsWith("gs://"))) {
      return GcsClient.fromEnvironment(env);
    }
    if (from.stream().anyMatch(f -> f.startsWith("s3://"))) {
      return S3Client.fromEnvironment(env);
    }
    return null;
  }
}

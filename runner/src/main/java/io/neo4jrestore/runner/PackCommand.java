package io.neo4jrestore.runner;

import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.runner.stage.Compression;
import io.neo4jrestore.runner.stage.Encryption;
import io.neo4jrestore.runner.stage.Packer;
import io.neo4jrestore.runner.stage.StageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pack}: writes artifacts in the stored format {@code stage} reads (docs/pitr.md). */
@Command(
    name = "pack",
    description = {
      "Compress and/or encrypt .backup artifacts into the format PITR staging reads:"
          + " <name>.backup[.gz|.lz4|.zst][.enc] plus a .sha256 sidecar.",
      "The key is read from --key-file, never from the command line."
    })
public final class PackCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", description = "The .backup files to pack.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--to", required = true, description = "The folder to write into.")
  Path to;

  @Option(
      names = "--compression",
      defaultValue = "gzip",
      description = "gzip (default), lz4, zstd or none.")
  String compression;

  @Option(names = "--level", description = "gzip 1-9, lz4 0 or 1-17 (LZ4HC), zstd 3.")
  Integer level;

  @Mixin KeyOptions keys = new KeyOptions();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try {
      Encryption algorithm = keys.algorithm();
      Packer packer = new Packer(Compression.of(compression), level, algorithm, keys.key());
      for (Path f : files) {
        spec.commandLine().getOut().println("packed " + f + " -> " + packer.pack(f, to));
      }
      return RunnerExit.SUCCEEDED.code();
    } catch (StageException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("pack failed: " + e.getMessage());
      return RunnerExit.FAILED.code();
    }
  }
}

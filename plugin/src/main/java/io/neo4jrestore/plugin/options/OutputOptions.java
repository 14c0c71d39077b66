package io.neo4jrestore.plugin.options;

import picocli.CommandLine.Option;

/** {@code -o}: how objects are printed. */
public final class OutputOptions {
  /** The output formats; {@code wide} only applies to tables. */
  public enum Format {
    yaml,
    json,
    name,
    wide
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES}.")
  Format format;

  /** The format, or null for the command's default (a table or a one-line message). */
  public Format format() {
    return format;
  }

  public OutputOptions format(Format f) {
    this.format = f;
    return this;
  }
}

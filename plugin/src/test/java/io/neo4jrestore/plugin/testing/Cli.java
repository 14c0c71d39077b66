package io.neo4jrestore.plugin.testing;

import io.neo4jrestore.plugin.BuildInfo;
import io.neo4jrestore.plugin.KubectlNeo4jRestore;
import io.neo4jrestore.plugin.PluginContext;
import io.neo4jrestore.plugin.Session;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import picocli.CommandLine;

/** Runs the command line against a {@link FakeRestoreCluster} and captures both streams. */
public final class Cli {
  public static final Instant NOW = Instant.parse("2025-01-20T10:05:00Z");
  public static final String IMAGE = "localhost/neo4j-restore-runner:test";

  private final FakeRestoreCluster cluster;
  private String stdin = "";
  private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private BuildInfo build = new BuildInfo("0.0.0-test", IMAGE);
  public int connects;

  public Cli(FakeRestoreCluster cluster) {
    this.cluster = cluster;
  }

  public Cli clock(Clock c) {
    this.clock = c;
    return this;
  }

  /** The build the commands see (default: version 0.0.0-test, runner image {@link #IMAGE}). */
  public Cli build(BuildInfo info) {
    this.build = info;
    return this;
  }

  public Cli stdin(String text) {
    this.stdin = text;
    return this;
  }

  /** Exit code and what went to stdout and stderr. */
  public record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  public Run run(String... args) {
    PluginContext context =
        new PluginContext(
            clock,
            () -> build,
            options ->
                new Session(
                    options.namespace() == null ? "default" : options.namespace(),
                    () -> {
                      connects++;
                      return cluster;
                    }),
            () -> new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            d -> {});
    // as main builds it: only the subcommand the arguments name
    CommandLine cmd = KubectlNeo4jRestore.commandLine(context, args);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}

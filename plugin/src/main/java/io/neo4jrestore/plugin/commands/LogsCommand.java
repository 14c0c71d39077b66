package io.neo4jrestore.plugin.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.plugin.PluginContext;
import io.neo4jrestore.plugin.PluginException;
import io.neo4jrestore.plugin.Session;
import io.neo4jrestore.plugin.logs.RestoreLogs;
import io.neo4jrestore.plugin.options.KubeOptions;
import io.neo4jrestore.plugin.options.WaitOptions;
import io.neo4jrestore.plugin.restore.RestoreCluster;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code logs NAME}: the logs of every Job of a restore, merged in time order. */
@Command(
    name = "logs",
    customSynopsis =
        "kubectl neo4j-restore logs NAME [-f] [--since DURATION | --since-time TIME] [--tail N]"
            + " [--timestamps] [flags]",
    description = {
      "Print the logs of a restore's Jobs: runner, inspect, verify, restore and hooks.",
      "",
      "Each line is prefixed with its source ([runner], [restore], ...) and all are merged in"
          + " time order. Works while the restore runs and after, as long as its Jobs' pods exist"
          + " (finished Jobs are removed after 7 days).",
      ""
    })
public final class LogsCommand implements Callable<Integer> {
  private final PluginContext context;

  /** Made by picocli through the plugin's factory, with the command line's context. */
  public LogsCommand(PluginContext context) {
    this.context = context;
  }

  /** How often {@code -f} looks for new pods and started containers. */
  static final Duration REFRESH = Duration.ofSeconds(1);

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;

  @Parameters(index = "0", paramLabel = "NAME", description = "The restore.")
  String name;

  @Option(
      names = {"-f", "--follow"},
      description =
          "Follow: print new lines as they come, also of pods that start later, until the restore"
              + " has ended and all its containers have.")
  boolean follow;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      description = "Only lines newer than this, e.g. 10m, 1h.")
  String since;

  @Option(
      names = "--since-time",
      paramLabel = "TIME",
      description = "Only lines written at or after this RFC 3339 time, e.g. 2025-01-20T10:00:00Z.")
  String sinceTime;

  @Option(
      names = "--tail",
      paramLabel = "N",
      description = "Only the last N lines of the merged output (then new ones with -f).")
  Integer tail;

  @Option(names = "--timestamps", description = "Show each line's time (RFC 3339, UTC).")
  boolean timestamps;

  @Override
  public Integer call() throws InterruptedException {
    RestoreLogs.Options options = options();
    Session session = context.sessions().open(kube);
    RestoreCluster cluster = session.connect();
    String namespace = session.namespace();
    JsonNode restore =
        cluster.find(namespace, name).orElseThrow(() -> Missing.restore(cluster, namespace, name));
    RestoreLogs logs =
        new RestoreLogs(
            cluster,
            context.clock(),
            spec.commandLine().getOut(),
            spec.commandLine().getErr(),
            REFRESH);
    if (follow) {
      logs.follow(namespace, name, restore, options);
    } else {
      logs.show(namespace, name, restore, options);
    }
    return 0;
  }

  private RestoreLogs.Options options() {
    if (since != null && sinceTime != null) {
      throw PluginException.usage("--since and --since-time cannot be used together");
    }
    if (tail != null && tail < 0) {
      throw PluginException.usage("--tail: must be 0 or more, got " + tail);
    }
    Instant time = null;
    if (sinceTime != null) {
      try {
        time = OffsetDateTime.parse(sinceTime).toInstant();
      } catch (DateTimeParseException e) {
        throw PluginException.usage(
            "--since-time: \""
                + sinceTime
                + "\" is not an RFC 3339 time with an offset, e.g. 2025-01-20T10:00:00Z");
      }
    }
    Duration sinceDuration = WaitOptions.parse("--since", since);
    return new RestoreLogs.Options(time, sinceDuration, tail, timestamps);
  }
}

package io.neo4jrestore.plugin.options;

import io.neo4jrestore.api.validation.Durations;
import io.neo4jrestore.plugin.PluginException;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --wait} / {@code --wait-timeout}: follow the restore like {@code watch} afterwards. */
public final class WaitOptions {
  @Option(
      names = "--wait",
      description =
          "Then follow the restore like `watch` until it ends; the exit code is its outcome.")
  boolean wait;

  @Option(
      names = "--wait-timeout",
      paramLabel = "DURATION",
      description = "Stop waiting after this long (e.g. 30m, 2h; implies --wait); exit code 4.")
  String waitTimeout;

  public boolean enabled() {
    return wait || waitTimeout != null;
  }

  /** The limit, or null for none. */
  public Duration timeout() {
    return parse("--wait-timeout", waitTimeout);
  }

  /** A duration flag: null or 0 means no limit. */
  public static Duration parse(String flag, String value) {
    if (value == null || value.isBlank() || value.trim().equals("0")) {
      return null;
    }
    try {
      return Durations.parse(value.trim());
    } catch (IllegalArgumentException e) {
      throw PluginException.usage(flag + ": " + e.getMessage());
    }
  }
}

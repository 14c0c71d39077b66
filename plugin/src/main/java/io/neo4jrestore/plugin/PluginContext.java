package io.neo4jrestore.plugin;

import io.neo4jrestore.plugin.restore.Follower;
import java.io.InputStream;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * What commands get from outside: the clock, the build's facts, how to reach the cluster, stdin and
 * how to pause between reconnects. {@link #system()} in production; tests pass fakes.
 */
public record PluginContext(
    Clock clock,
    Supplier<BuildInfo> build,
    Sessions sessions,
    Supplier<InputStream> stdin,
    Follower.Sleeper sleeper) {

  public static PluginContext system() {
    Clock clock = Clock.systemDefaultZone();
    return new PluginContext(
        clock,
        BuildInfo::load,
        KubeSessions.system(clock),
        () -> System.in,
        d -> Thread.sleep(d.toMillis()));
  }
}

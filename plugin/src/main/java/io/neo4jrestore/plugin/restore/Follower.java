package io.neo4jrestore.plugin.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.kube.ApiStatusException;
import io.neo4jrestore.kube.KubeException;
import io.neo4jrestore.plugin.ExitCode;
import io.neo4jrestore.plugin.PluginException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Follows one restore until its current attempt ends, driven by the API's watch: list (for a
 * resourceVersion), then watch from it with bookmarks and a server-side timeout, tracking the
 * resourceVersion of every event. A watch that ends or drops is opened again from the last version;
 * 410 Gone (an ERROR event or HTTP 410) means that version is too old: list again and watch from
 * the new one. Each snapshot goes through one {@link Timeline}, so nothing is printed twice. Events
 * of the restore are read whenever the restore changes.
 */
public final class Follower {
  /** One watch request lasts at most this long (the server ends it; then we watch again). */
  public static final Duration WATCH_WINDOW = Duration.ofMinutes(5);

  /** Consecutive connection failures tolerated before giving up. */
  static final int MAX_RECONNECTS = 5;

  /** Waits between reconnects (injected so tests do not sleep). */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final RestoreCluster cluster;
  private final Clock clock;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Sleeper sleeper;
  private final Timeline timeline;
  private boolean eventsReadable = true;

  public Follower(
      RestoreCluster cluster, Clock clock, PrintWriter out, PrintWriter err, Sleeper sleeper) {
    this.cluster = cluster;
    this.clock = clock;
    this.out = out;
    this.err = err;
    this.sleeper = sleeper;
    this.timeline = new Timeline(clock.getZone());
  }

  /**
   * Follows until the outcome is terminal or {@code timeout} (null: no limit) passes.
   *
   * @return the terminal outcome
   * @throws PluginException TIMEOUT when time ran out, API when the restore disappeared
   */
  public Outcome follow(String namespace, String name, Duration timeout) {
    Instant deadline = timeout == null ? null : clock.instant().plus(timeout);
    int failures = 0;
    while (true) {
      // list: the current state and a resourceVersion to watch from
      RestoreCluster.Listing listing = cluster.list(namespace, null, "metadata.name=" + name);
      if (listing.items().isEmpty()) {
        throw new PluginException(
            ExitCode.API,
            "neo4jrestore \""
                + name
                + "\" not found in namespace "
                + namespace
                + " ("
                + cluster.where()
                + "); list them with: kubectl neo4j-restore get -n "
                + namespace);
      }
      Outcome outcome = show(listing.items().get(0));
      if (outcome.terminal()) {
        return outcome;
      }
      String version = listing.resourceVersion();
      boolean relist = false;
      while (!relist) {
        Duration window = window(deadline, namespace, name);
        try (RestoreCluster.Watch watch = cluster.watch(namespace, name, version, window)) {
          failures = 0;
          RestoreCluster.Event event;
          while ((event = watch.next()) != null) {
            switch (event.type()) {
              case "ADDED", "MODIFIED" -> {
                version = resourceVersion(event.object(), version);
                outcome = show(event.object());
                if (outcome.terminal()) {
                  return outcome;
                }
              }
              case "BOOKMARK" -> version = resourceVersion(event.object(), version);
              case "DELETED" ->
                  throw new PluginException(
                      ExitCode.API,
                      "neo4jrestore "
                          + namespace
                          + "/"
                          + name
                          + " was deleted while being watched; its runner Job, if any, is not"
                          + " stopped by that (kubectl get jobs -n "
                          + namespace
                          + ")");
              case "ERROR" -> {
                if (event.object().path("code").asInt() == 410) {
                  relist = true;
                } else {
                  throw new PluginException(
                      ExitCode.API,
                      "watching neo4jrestore "
                          + namespace
                          + "/"
                          + name
                          + " failed: "
                          + event.object().path("message").asText("(no message)"));
                }
              }
              default -> {}
            }
            if (relist) {
              break;
            }
            checkDeadline(deadline, namespace, name);
          }
        } catch (ApiStatusException e) {
          if (!e.isGone()) {
            throw e;
          }
          relist = true;
        } catch (KubeException e) {
          // connection dropped or refused: watch again from the same version, a few times
          if (++failures > MAX_RECONNECTS) {
            throw e;
          }
          err.println("watch interrupted (" + e.getMessage() + "); reconnecting");
          err.flush();
          pause(Duration.ofMillis(250L << Math.min(failures, 4)));
        }
        if (relist) {
          err.println("watch: resourceVersion " + version + " expired (410 Gone); listing again");
          err.flush();
        }
        checkDeadline(deadline, namespace, name);
      }
    }
  }

  private Outcome show(JsonNode json) {
    Neo4jRestore r = Restores.model(json);
    List<JsonNode> events = events(r);
    Instant now = clock.instant();
    for (String line : timeline.update(r, events, now)) {
      out.println(line);
    }
    out.flush();
    return Outcome.of(r, now);
  }

  private List<JsonNode> events(Neo4jRestore r) {
    if (!eventsReadable) {
      return List.of();
    }
    try {
      return cluster.events(r.metadata().namespace(), r.metadata().name(), r.metadata().uid());
    } catch (KubeException e) {
      eventsReadable = false;
      err.println("events are not shown: " + e.getMessage());
      err.flush();
      return List.of();
    }
  }

  private Duration window(Instant deadline, String namespace, String name) {
    if (deadline == null) {
      return WATCH_WINDOW;
    }
    Duration left = Duration.between(clock.instant(), deadline);
    checkDeadline(deadline, namespace, name);
    // whole seconds, at least one: timeoutSeconds is an integer
    long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
    return Duration.ofSeconds(Math.min(seconds, WATCH_WINDOW.toSeconds()));
  }

  private void checkDeadline(Instant deadline, String namespace, String name) {
    if (deadline != null && !clock.instant().isBefore(deadline)) {
      throw new PluginException(
          ExitCode.TIMEOUT,
          "timed out waiting for neo4jrestore "
              + namespace
              + "/"
              + name
              + "; it goes on without us. Follow it again with: kubectl neo4j-restore watch "
              + name
              + " -n "
              + namespace);
    }
  }

  private void pause(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PluginException(ExitCode.INTERNAL, "interrupted", e);
    }
  }

  private static String resourceVersion(JsonNode object, String fallback) {
    String v = object.path("metadata").path("resourceVersion").asText("");
    return v.isEmpty() ? fallback : v;
  }
}

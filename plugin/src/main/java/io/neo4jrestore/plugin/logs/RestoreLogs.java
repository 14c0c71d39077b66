package io.neo4jrestore.plugin.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.kube.ApiStatusException;
import io.neo4jrestore.kube.KubeException;
import io.neo4jrestore.plugin.logs.LogLines.Container;
import io.neo4jrestore.plugin.logs.LogLines.Cursor;
import io.neo4jrestore.plugin.logs.LogLines.Line;
import io.neo4jrestore.plugin.logs.LogLines.State;
import io.neo4jrestore.plugin.restore.Outcome;
import io.neo4jrestore.plugin.restore.RestoreCluster;
import io.neo4jrestore.plugin.restore.Restores;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The logs of every pod a restore's Jobs ran (runner, inspect, verify, restore, hooks), found by
 * the {@link Labels#RESTORE_UID} label, each line prefixed with its source and merged in time order
 * by the kubelet's timestamps.
 *
 * <p>{@link #follow}: one reader thread per started container feeds a queue; the caller's thread
 * re-lists the pods every {@code refresh} (new pods of the attempt, containers that started),
 * prints what arrived sorted by time, reconnects a dropped stream from its last timestamp, and ends
 * when the restore is terminal and every started container has ended and been read.
 */
public final class RestoreLogs {
  /** A read that failed this many times in a row is given up with a warning. */
  static final int MAX_FAILURES = 5;

  private final RestoreCluster cluster;
  private final Clock clock;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Duration refresh;

  public RestoreLogs(
      RestoreCluster cluster, Clock clock, PrintWriter out, PrintWriter err, Duration refresh) {
    this.cluster = cluster;
    this.clock = clock;
    this.out = out;
    this.err = err;
    this.refresh = refresh;
  }

  /** What to show. */
  public record Options(Instant sinceTime, Duration since, Integer tail, boolean timestamps) {
    LogRequest request() {
      return new LogRequest(false, sinceTime, since, tail);
    }
  }

  /** Prints what the restore's containers have written so far, merged; returns the line count. */
  public int show(String namespace, String name, JsonNode restore, Options options) {
    List<Container> containers = containers(namespace, restore);
    if (containers.isEmpty()) {
      noPods(namespace, name, restore);
      return 0;
    }
    List<Line> lines = new ArrayList<>();
    for (Container c : containers) {
      if (c.state() != State.WAITING) {
        read(namespace, c, options.request(), new Cursor(), lines);
      }
    }
    List<Line> merged = LogLines.tail(LogLines.merge(lines), options.tail());
    merged.forEach(l -> out.println(LogLines.format(l, options.timestamps())));
    out.flush();
    return merged.size();
  }

  private List<Container> containers(String namespace, JsonNode restore) {
    String uid = restore.at("/metadata/uid").asText();
    return LogLines.containers(cluster.pods(namespace, Labels.RESTORE_UID + "=" + uid));
  }

  private void noPods(String namespace, String name, JsonNode restore) {
    if (terminal(Optional.of(restore))) {
      err.println(
          "no pods are left for neo4jrestore "
              + namespace
              + "/"
              + name
              + ": its Jobs were removed after they finished (ttlSecondsAfterFinished), so"
              + " their logs are gone; the outcome is kept in its status: kubectl neo4j-restore"
              + " describe "
              + name
              + " -n "
              + namespace);
    } else {
      err.println(
          "neo4jrestore "
              + namespace
              + "/"
              + name
              + " has no pods yet (its runner has not started); follow it with: kubectl"
              + " neo4j-restore logs "
              + name
              + " -f -n "
              + namespace);
    }
    err.flush();
  }

  /**
   * Reads one container (not following) into {@code lines}, skipping what the cursor has seen. A
   * container that is not available (not started, pod gone) gives nothing.
   */
  private void read(
      String namespace, Container c, LogRequest request, Cursor cursor, List<Line> lines) {
    try (LogStream stream = cluster.podLog(namespace, c.pod(), c.name(), request)) {
      String raw;
      while ((raw = stream.next()) != null) {
        Line line = LogLines.parse(raw, c.source(), cursor.last());
        if (cursor.accept(line.time())) {
          lines.add(line);
        }
      }
    } catch (ApiStatusException e) {
      if (e.code() != 400 && e.code() != 404) {
        throw e;
      }
    } catch (IOException e) {
      err.println("warning: the log of " + c.key() + " broke off: " + e.getMessage());
      err.flush();
    }
  }

  /** One container while following: its cursor and its reader, if one is running. */
  private static final class Followed {
    final Container container;
    final Cursor cursor = new Cursor();
    final LogRequest first;
    volatile Thread reader;
    volatile LogStream stream;
    volatile boolean done;
    int failures;

    Followed(Container container, LogRequest first) {
      this.container = container;
      this.first = first;
    }

    boolean reading() {
      Thread t = reader;
      return t != null && t.isAlive();
    }
  }

  /**
   * Prints the lines so far (merged), then new lines as they come, until the restore is terminal
   * (or deleted) and every started container has ended and been read. Streams are always closed.
   */
  public void follow(String namespace, String name, JsonNode restore, Options options)
      throws InterruptedException {
    BlockingQueue<Line> queue = new LinkedBlockingQueue<>();
    Map<String, Followed> followed = new LinkedHashMap<>();
    Optional<JsonNode> current = Optional.of(restore);
    List<Container> containers = containers(namespace, restore);
    if (containers.isEmpty() && !terminal(current)) {
      err.println("waiting for the pods of neo4jrestore " + namespace + "/" + name + " to start");
      err.flush();
    }
    // what is there already, merged as a whole
    List<Line> backlog = new ArrayList<>();
    for (Container c : containers) {
      Followed f = new Followed(c, options.request().following());
      followed.put(c.key(), f);
      if (c.state() != State.WAITING) {
        read(namespace, c, options.request(), f.cursor, backlog);
        f.done = c.state() == State.TERMINATED;
      }
    }
    LogLines.tail(LogLines.merge(backlog), options.tail())
        .forEach(l -> out.println(LogLines.format(l, options.timestamps())));
    out.flush();
    if (containers.isEmpty() && terminal(current)) {
      noPods(namespace, name, restore);
      return;
    }
    try {
      long nextRefresh = 0;
      while (true) {
        List<Line> batch = new ArrayList<>();
        Line first = queue.poll(Math.max(1, refresh.toMillis() / 4), TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch);
          LogLines.merge(batch).forEach(l -> out.println(LogLines.format(l, options.timestamps())));
          out.flush();
        }
        if (System.nanoTime() < nextRefresh) {
          continue;
        }
        nextRefresh = System.nanoTime() + refresh.toNanos();
        current = cluster.find(namespace, name);
        boolean terminal = terminal(current);
        List<Container> now =
            current.isPresent() ? containers(namespace, current.get()) : List.of();
        for (Container c : now) {
          Followed f = followed.computeIfAbsent(c.key(), k -> new Followed(c, followAll()));
          if (!f.done && !f.reading() && c.state() != State.WAITING) {
            start(namespace, f, c, queue);
          }
        }
        boolean reading = followed.values().stream().anyMatch(Followed::reading);
        boolean startedOpen =
            now.stream().anyMatch(c -> c.state() != State.WAITING && !followed.get(c.key()).done);
        if (terminal && !reading && !startedOpen && queue.isEmpty()) {
          return;
        }
      }
    } finally {
      for (Followed f : followed.values()) {
        LogStream s = f.stream;
        if (s != null) {
          s.close();
        }
      }
      out.flush();
    }
  }

  private static LogRequest followAll() {
    return new LogRequest(true, null, null, null);
  }

  /**
   * Starts a reader for one container: following while it runs (from its last line after a dropped
   * stream), or one last read from there once it ended.
   */
  private void start(String namespace, Followed f, Container c, BlockingQueue<Line> queue) {
    boolean ended = c.state() == State.TERMINATED;
    LogRequest request;
    if (f.cursor.last() != null) {
      f.cursor.replay();
      request =
          ended ? LogRequest.readFrom(f.cursor.last()) : LogRequest.followFrom(f.cursor.last());
    } else {
      request = ended ? new LogRequest(false, f.first.sinceTime(), f.first.since(), null) : f.first;
    }
    Thread t =
        new Thread(
            () -> {
              try (LogStream stream = cluster.podLog(namespace, c.pod(), c.name(), request)) {
                f.stream = stream;
                String raw;
                while ((raw = stream.next()) != null) {
                  Line line = LogLines.parse(raw, c.source(), f.cursor.last());
                  if (f.cursor.accept(line.time())) {
                    queue.add(line);
                  }
                }
                f.failures = 0;
                if (ended) {
                  f.done = true;
                }
              } catch (ApiStatusException e) {
                // 400: not started (or restarting) yet; 404: the pod went away
                if (e.code() == 404) {
                  f.done = true;
                } else if (e.code() != 400) {
                  failed(f, e);
                }
              } catch (IOException | KubeException e) {
                // a dropped stream: the next refresh reconnects from the last line
                failed(f, e);
              } finally {
                f.stream = null;
              }
            },
            "logs-" + c.key());
    t.setDaemon(true);
    f.reader = t;
    t.start();
  }

  private void failed(Followed f, Exception e) {
    if (++f.failures >= MAX_FAILURES) {
      f.done = true;
      synchronized (err) {
        err.println(
            "warning: giving up on the log of "
                + f.container.key()
                + " after "
                + MAX_FAILURES
                + " failed reads: "
                + e.getMessage());
        err.flush();
      }
    }
  }

  private boolean terminal(Optional<JsonNode> restore) {
    return restore.isEmpty()
        || Outcome.of(Restores.model(restore.get()), clock.instant()).terminal();
  }
}

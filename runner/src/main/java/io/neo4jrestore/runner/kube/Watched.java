package io.neo4jrestore.runner.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.neo4jrestore.kube.KubeRest;
import io.neo4jrestore.kube.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The objects of one collection that a wait looks at (one by name, or those matching a label
 * selector), kept current by a background list-then-watch loop, so that a wait sees a change when
 * it happens instead of at its next poll.
 *
 * <p>The loop lists (for the state and a resourceVersion), then watches from that version with
 * bookmarks and a server-side timeout (60-120 s, jittered), tracking the version of every event. A
 * watch that ends or drops is opened again from the last version; 410 Gone (HTTP or an ERROR event)
 * means that version is too old: list again. A watch the server refuses (403, 405: an older Role
 * without {@code watch}) degrades to listing every poll interval, and a list refused for a named
 * object to a GET by name, so a missing permission costs speed, never a wait. Other failures are
 * retried after a jittered pause; a failed list makes {@link #items()} throw that error until a
 * list succeeds (the state is unknown, as a failed GET would say).
 */
public final class Watched<T> {
  /**
   * A watch request lasts between this and twice this (jitter: clients do not reconnect at once).
   */
  static final int WINDOW_SECONDS = 60;

  private final Watches group;
  private final String collection;
  private final String name;
  private final String labelSelector;
  private final java.util.function.Function<JsonNode, T> convert;
  private final boolean pollIfRefused;
  private final String what;
  private final Thread thread;

  private final Map<String, T> items = new LinkedHashMap<>();
  private boolean synced;
  private ApiException error;
  private volatile boolean closed;
  private volatile KubeRest.WatchStream inFlight;
  private boolean listForbidden;

  Watched(
      Watches group,
      String collection,
      String name,
      String labelSelector,
      java.util.function.Function<JsonNode, T> convert,
      boolean pollIfRefused,
      String what) {
    this.group = group;
    this.collection = collection;
    this.name = name;
    this.labelSelector = labelSelector;
    this.convert = convert;
    this.pollIfRefused = pollIfRefused;
    this.what = what;
    this.thread = new Thread(this::run, "watch " + what);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * The objects as last seen, once the first list has answered; the error of the last list while
   * none has succeeded since.
   */
  public synchronized List<T> items() throws ApiException, InterruptedException {
    while (!synced && error == null && !closed) {
      wait();
    }
    if (error != null) {
      throw error;
    }
    return new ArrayList<>(items.values());
  }

  /** The named object as last seen; empty when it does not exist. */
  public Optional<T> only() throws ApiException, InterruptedException {
    List<T> all = items();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  void close() {
    closed = true;
    KubeRest.WatchStream stream = inFlight;
    if (stream != null) {
      stream.close();
    }
    thread.interrupt();
    synchronized (this) {
      notifyAll();
    }
  }

  private void run() {
    String version = null;
    boolean polling = !group.watching();
    int failures = 0;
    while (!closed) {
      if (version == null) {
        try {
          version = list();
        } catch (ApiException e) {
          failed(e);
          if (e.getCode() == 403 && !pollIfRefused) {
            return;
          }
          failures++;
          pause(backoff(failures));
          continue;
        }
      }
      if (polling || listForbidden) {
        pause(group.poll().toMillis());
        version = null;
        continue;
      }
      try {
        version = watch(version);
        failures = 0;
      } catch (ApiException e) {
        if (closed) {
          return;
        }
        if (e.getCode() == 410) {
          version = null; // too old: list again, then watch from the new version
        } else if ((e.getCode() == 403 || e.getCode() == 405) && !pollIfRefused) {
          failed(e); // the caller reads for itself instead
          return;
        } else if (e.getCode() == 403 || e.getCode() == 405) {
          polling = true;
          group.log(
              "cannot watch "
                  + what
                  + " (HTTP "
                  + e.getCode()
                  + "): reading it every "
                  + group.poll().toSeconds()
                  + "s instead; kubectl neo4j-restore install grants the runner watch");
        } else {
          // dropped or refused for now: watch again from the same version, list after a few
          if (++failures >= 3) {
            version = null;
          }
          pause(backoff(failures));
        }
      }
    }
  }

  /** Lists (or gets by name) into the cache; returns the resourceVersion to watch from. */
  private String list() throws ApiException {
    if (name != null && listForbidden) {
      Optional<JsonNode> object = group.source().find(collection + "/" + name);
      replace(object.map(List::of).orElse(List.of()));
      return "";
    }
    Map<String, String> query = selectors();
    JsonNode page;
    try {
      page = group.source().list(collection, query);
    } catch (ApiException e) {
      if (name != null && e.getCode() == 403 && pollIfRefused) {
        listForbidden = true; // an older Role: get by name, and poll
        group.log(
            "cannot list "
                + what
                + " (HTTP 403): reading it by name every "
                + group.poll().toSeconds()
                + "s instead; kubectl neo4j-restore install grants the runner list and watch");
        return list();
      }
      throw e;
    }
    List<JsonNode> found = new ArrayList<>();
    page.path("items").forEach(found::add);
    replace(found);
    return page.at("/metadata/resourceVersion").asText("");
  }

  /** One watch request from {@code version}; returns the last version seen when it ends. */
  private String watch(String version) throws ApiException {
    Map<String, String> query = selectors();
    query.put("allowWatchBookmarks", "true");
    query.put("resourceVersion", version);
    int window = WINDOW_SECONDS + ThreadLocalRandom.current().nextInt(WINDOW_SECONDS);
    query.put("timeoutSeconds", Integer.toString(window));
    // a connection that stops answering without closing is given up after the window
    KubeRest.WatchStream stream =
        group.source().watch(collection, query, Duration.ofSeconds(window));
    inFlight = stream;
    if (closed) {
      stream.close();
    }
    String last = version;
    try (stream) {
      WatchEvent event;
      while ((event = stream.next()) != null) {
        JsonNode object = event.object();
        switch (event.type()) {
          case "ADDED", "MODIFIED" -> put(object);
          case "DELETED" -> remove(object);
          case "ERROR" ->
              throw new ApiException(
                  object.path("code").asInt(500), object.path("message").asText("watch error"));
          default -> {} // BOOKMARK: only its version
        }
        last = object.at("/metadata/resourceVersion").asText(last);
      }
      return last;
    } finally {
      inFlight = null;
    }
  }

  private Map<String, String> selectors() {
    Map<String, String> query = new LinkedHashMap<>();
    if (name != null) {
      query.put("fieldSelector", "metadata.name=" + name);
    }
    if (labelSelector != null) {
      query.put("labelSelector", labelSelector);
    }
    return query;
  }

  private void replace(List<JsonNode> objects) {
    Map<String, T> fresh = new LinkedHashMap<>();
    for (JsonNode o : objects) {
      fresh.put(o.at("/metadata/name").asText(), convert(o));
    }
    synchronized (this) {
      items.clear();
      items.putAll(fresh);
      synced = true;
      error = null;
      notifyAll();
    }
    group.changed();
  }

  private void put(JsonNode object) {
    T value = convert(object);
    synchronized (this) {
      items.put(object.at("/metadata/name").asText(), value);
    }
    group.changed();
  }

  private void remove(JsonNode object) {
    synchronized (this) {
      items.remove(object.at("/metadata/name").asText());
    }
    group.changed();
  }

  private void failed(ApiException e) {
    if (closed) {
      return;
    }
    synchronized (this) {
      error = e;
      notifyAll();
    }
    group.changed();
  }

  private T convert(JsonNode object) {
    return convert.apply(object);
  }

  /** A client-java model from the object's JSON (the lenient Gson of {@link LenientJson}). */
  static <M> java.util.function.Function<JsonNode, M> model(Class<M> type) {
    return object -> JSON.getGson().fromJson(object.toString(), type);
  }

  /** 250 ms doubling up to the poll interval, each randomised by +-50 %. */
  private long backoff(int failures) {
    long base = Math.min(group.poll().toMillis(), 250L << Math.min(failures - 1, 10));
    return base / 2 + ThreadLocalRandom.current().nextLong(base + 1);
  }

  private void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      // only close() interrupts: the loop ends
    }
  }
}

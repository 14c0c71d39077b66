package io.neo4jrestore.runner.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.RestoreApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The watches of one wait (see {@link Watched}) and what the wait blocks on between its checks:
 * {@link #awaitChange} returns as soon as any of them saw something new, or after the given bound
 * (the wait's fallback poll, so that time-based conditions are looked at without a change). Closing
 * it ends every watch.
 */
public final class Watches implements AutoCloseable {
  private final ObjectSource source;
  private final Duration poll;
  private final boolean watching;
  private final Consumer<String> log;
  private final List<Watched<?>> members = new ArrayList<>();
  private long changes;
  private long seen;

  /**
   * @param poll the longest a wait goes without looking, and how often a watch the server refuses
   *     is replaced by a read
   * @param watching false: read every {@code poll} instead of watching (as when watching is
   *     refused)
   * @param log where degradations are reported (once per watch)
   */
  public Watches(ObjectSource source, Duration poll, boolean watching, Consumer<String> log) {
    this.source = source;
    this.poll = poll;
    this.watching = watching;
    this.log = log;
  }

  public Watched<V1StatefulSet> statefulSet(String namespace, String name) {
    return named(
        "/apis/apps/v1", "statefulsets", "StatefulSet", namespace, name, V1StatefulSet.class);
  }

  public Watched<V1Job> job(String namespace, String name) {
    return named("/apis/batch/v1", "jobs", "Job", namespace, name, V1Job.class);
  }

  private <T> Watched<T> named(
      String api, String plural, String kind, String namespace, String name, Class<T> type) {
    return add(
        api + "/namespaces/" + namespace + "/" + plural,
        name,
        null,
        Watched.model(type),
        kind + " " + namespace + "/" + name);
  }

  public Watched<V1Pod> pods(String namespace, String labelSelector) {
    return add(
        "/api/v1/namespaces/" + namespace + "/pods",
        null,
        labelSelector,
        Watched.model(V1Pod.class),
        "pods " + labelSelector + " in " + namespace);
  }

  /**
   * A Neo4jRestore, as JSON. Refused (no list or watch for an older Role), it is not polled: {@link
   * Watched#items()} then throws the 403 and the caller reads it itself when it needs it.
   */
  public Watched<JsonNode> restore(String namespace, String name) {
    Watched<JsonNode> w =
        new Watched<>(
            this,
            "/apis/"
                + RestoreApi.API_VERSION
                + "/namespaces/"
                + namespace
                + "/"
                + RestoreApi.PLURAL,
            name,
            null,
            json -> json,
            false,
            "Neo4jRestore " + namespace + "/" + name);
    return started(w);
  }

  private <T> Watched<T> add(
      String collection,
      String name,
      String labelSelector,
      java.util.function.Function<JsonNode, T> convert,
      String what) {
    return started(new Watched<>(this, collection, name, labelSelector, convert, true, what));
  }

  private <T> Watched<T> started(Watched<T> w) {
    synchronized (this) {
      members.add(w);
    }
    w.start();
    return w;
  }

  /**
   * Returns when a watch of this group saw a change since the last return (at once if one came
   * meanwhile), or after {@code max}.
   */
  public void awaitChange(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (this) {
      while (changes == seen) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      seen = changes;
    }
  }

  synchronized void changed() {
    changes++;
    notifyAll();
  }

  ObjectSource source() {
    return source;
  }

  Duration poll() {
    return poll;
  }

  boolean watching() {
    return watching;
  }

  void log(String line) {
    log.accept(line);
  }

  @Override
  public void close() {
    List<Watched<?>> all;
    synchronized (this) {
      all = new ArrayList<>(members);
      members.clear();
    }
    all.forEach(Watched::close);
  }
}

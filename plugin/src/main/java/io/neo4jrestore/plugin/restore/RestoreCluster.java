package io.neo4jrestore.plugin.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the commands need from the cluster, as objects in their JSON form. The HTTP implementation
 * is {@link HttpRestoreCluster}; tests use an in-memory fake that records calls. Methods throw
 * {@link io.neo4jrestore.kube.KubeException} (or a {@link io.neo4jrestore.plugin.PluginException}
 * with a better message) when the server says no.
 */
public interface RestoreCluster {
  /** How dry a create is. */
  enum DryRun {
    NONE,
    /** {@code dryRun=All}: the server validates and defaults, stores nothing. */
    SERVER
  }

  /** A list and the resourceVersion to watch from. */
  record Listing(List<JsonNode> items, String resourceVersion) {}

  /** A created object and the server's warnings. */
  record Created(JsonNode object, List<String> warnings) {}

  /** One watch event ({@code ADDED, MODIFIED, DELETED, BOOKMARK, ERROR}). */
  record Event(String type, JsonNode object) {}

  /** An open watch: events until null (the stream ended: watch again from the last version). */
  interface Watch extends AutoCloseable {
    Event next();

    @Override
    void close();
  }

  /** The restore, or empty when it does not exist. */
  Optional<JsonNode> find(String namespace, String name);

  /** Restores in a namespace (null: all namespaces), optionally by label and field selector. */
  Listing list(String namespace, String labelSelector, String fieldSelector);

  Created create(String namespace, ObjectNode restore, DryRun dryRun);

  /** Creates a Job; false when one of that name already exists. */
  boolean createJob(String namespace, ObjectNode job);

  /** Deletes the restore; false when it was already gone. */
  boolean delete(String namespace, String name);

  /** Merges annotations into the restore's metadata; returns the updated object. */
  JsonNode annotate(String namespace, String name, Map<String, String> annotations);

  /** Events whose involved object is this restore (by UID when given), oldest first. */
  List<JsonNode> events(String namespace, String name, String uid);

  /**
   * Watches one restore from a resourceVersion. HTTP 410 is thrown as an {@link
   * io.neo4jrestore.kube.ApiStatusException} with code 410; the server may also send it as an
   * {@code ERROR} event.
   */
  Watch watch(String namespace, String name, String resourceVersion, Duration timeout);

  /** Pods in a namespace by label selector (their JSON), in the order the server lists them. */
  List<JsonNode> pods(String namespace, String labelSelector);

  /**
   * Opens one container's log with timestamps ({@code pods/log}). The caller closes it. A container
   * that has not started yet is refused with HTTP 400, a pod that is gone with 404 (as {@link
   * io.neo4jrestore.kube.ApiStatusException}).
   */
  io.neo4jrestore.plugin.logs.LogStream podLog(
      String namespace,
      String pod,
      String container,
      io.neo4jrestore.plugin.logs.LogRequest request);

  /** Any object by its REST path, or empty when the server says 404. */
  Optional<JsonNode> read(String path);

  /**
   * Server-side apply of one object to its REST path (field manager {@code kubectl-neo4j-restore},
   * {@code force=true}); returns the object as stored.
   */
  JsonNode apply(String path, JsonNode object, DryRun dryRun);

  /** How messages name the cluster, e.g. {@code context "prod" (https://...)}. */
  String where();
}

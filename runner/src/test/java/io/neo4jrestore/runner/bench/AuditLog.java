package io.neo4jrestore.runner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.json.ApiMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The local API server's audit log (JSON lines, see {@code ControlPlane.Options#auditLog}): every
 * request with its user (a runner's pod-bound token names its pod), verb, resource and times; the
 * objects of Job and StatefulSet status writes. Read incrementally; kept in memory in log order.
 */
final class AuditLog {
  /** One request, at its last stage (ResponseComplete; ResponseStarted for a stream still open). */
  record Request(
      String stage,
      String verb,
      String user,
      String pod,
      String agent,
      String group,
      String resource,
      String subresource,
      String namespace,
      String name,
      String path,
      int code,
      Instant received,
      Instant done,
      JsonNode response) {

    /** "verb resource[/subresource]" (or the path of a non-resource request, e.g. discovery). */
    String what() {
      if (resource.isEmpty()) {
        return verb + " " + path;
      }
      return verb + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource);
    }

    /** A watch stream or a log read: not counted as a request of a restore's work. */
    boolean stream() {
      return "watch".equals(verb) || "log".equals(subresource);
    }

    boolean complete() {
      return "ResponseComplete".equals(stage);
    }
  }

  private final Path file;
  private final List<Request> requests = new ArrayList<>();
  private long offset;

  AuditLog(Path file) {
    this.file = file;
  }

  /** Reads what was appended since the last call; returns everything read so far. */
  synchronized List<Request> all() {
    if (!Files.exists(file)) {
      return List.copyOf(requests);
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (length <= offset) {
        return List.copyOf(requests);
      }
      byte[] bytes = new byte[(int) (length - offset)];
      in.seek(offset);
      in.readFully(bytes);
      int end = lastNewline(bytes);
      if (end < 0) {
        return List.copyOf(requests);
      }
      offset += end + 1;
      String text = new String(bytes, 0, end + 1, StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (!line.isBlank()) {
          parse(ApiMapper.json().readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit log " + file, e);
    }
    return List.copyOf(requests);
  }

  /** Requests matching {@code filter}, in log order. */
  List<Request> where(Predicate<Request> filter) {
    return all().stream().filter(filter).toList();
  }

  /** Requests counted by {@link Request#what()}, most frequent first. */
  static Map<String, Integer> byWhat(List<Request> requests) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Request r : requests) {
      counts.merge(r.what(), 1, Integer::sum);
    }
    return counts;
  }

  /** Streams whose ResponseStarted was read: their index in {@link #requests}, by audit ID. */
  private final Map<String, Integer> open = new java.util.HashMap<>();

  private void parse(JsonNode e) {
    String stage = e.path("stage").asText();
    String id = e.path("auditID").asText();
    // a stream logs ResponseStarted, then ResponseComplete when it ends: one request
    if ("ResponseStarted".equals(stage)) {
      open.put(id, requests.size());
      requests.add(request(e, stage));
    } else if ("ResponseComplete".equals(stage) || "Panic".equals(stage)) {
      Integer at = open.remove(id);
      if (at != null) {
        requests.set(at, request(e, stage));
      } else {
        requests.add(request(e, stage));
      }
    }
  }

  private static Request request(JsonNode e, String stage) {
    JsonNode ref = e.path("objectRef");
    JsonNode podName = e.at("/user/extra/authentication.kubernetes.io~1pod-name/0");
    return new Request(
        stage,
        e.path("verb").asText(),
        e.at("/user/username").asText(),
        podName.isMissingNode() ? "" : podName.asText(),
        e.path("userAgent").asText(),
        ref.path("apiGroup").asText(""),
        ref.path("resource").asText(""),
        ref.path("subresource").asText(""),
        ref.path("namespace").asText(""),
        ref.path("name").asText(""),
        e.path("requestURI").asText("").replaceAll("\\?.*", ""),
        e.at("/responseStatus/code").asInt(0),
        Instant.parse(e.path("requestReceivedTimestamp").asText()),
        Instant.parse(e.path("stageTimestamp").asText()),
        e.has("responseObject") ? e.get("responseObject") : null);
  }

  private static int lastNewline(byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}

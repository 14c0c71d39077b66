package io.neo4jrestore.testenv;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one container wrote, as a container runtime's log file holds it: records (a line with its
 * newline, or a partial line without) each with the time it was written. Followers wait on it until
 * it ends (the container exited, the pod finished or went away).
 */
final class ContainerLog {
  /** One record; {@code bytes} ends with {@code '\n'} unless it is a partial line. */
  record Line(Instant time, byte[] bytes) {
    boolean endsLine() {
      return bytes.length == 0 || bytes[bytes.length - 1] == '\n';
    }
  }

  /** What a reader gets: the records from an index on, and whether more can come. */
  record Batch(int generation, int from, List<Line> lines, boolean ended) {}

  private final List<Line> lines = new ArrayList<>();
  private Instant last = Instant.EPOCH;
  private int generation;
  private boolean ended;
  private String podUid;
  private Instant adopted;

  /** Appends text; every line in it gets the same timestamp (now). */
  synchronized void append(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        add(Arrays.copyOfRange(bytes, start, i + 1));
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      add(Arrays.copyOfRange(bytes, start, bytes.length));
    }
  }

  /** Appends one record (a line with its newline, or a partial line). */
  synchronized void add(byte[] record) {
    Instant now = Instant.now();
    last = now.isBefore(last) ? last : now;
    lines.add(new Line(last, record));
    notifyAll();
  }

  /** Replaces the content; followers start over with the new content, as after a log rotation. */
  synchronized void replace(String text) {
    lines.clear();
    generation++;
    append(text);
    notifyAll();
  }

  /** No more output: followers return once they have read everything. */
  synchronized void end() {
    ended = true;
    notifyAll();
  }

  synchronized boolean ended() {
    return ended;
  }

  /**
   * The records from {@code from} on (from 0 if the content was replaced since {@code generation});
   * when there are none and the log has not ended, waits up to {@code waitMillis} for some.
   */
  synchronized Batch read(int generation, int from, long waitMillis) throws InterruptedException {
    if (generation != this.generation) {
      from = 0;
    }
    long deadline = System.nanoTime() + waitMillis * 1_000_000L;
    while (lines.size() <= from && !ended && waitMillis > 0) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        break;
      }
      wait(left);
    }
    int start = Math.min(from, lines.size());
    return new Batch(
        this.generation, start, List.copyOf(lines.subList(start, lines.size())), ended);
  }

  /** The text as a whole (no timestamps). */
  synchronized String text() {
    return tail(Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  /**
   * The last {@code maxLines} records cut to their last {@code maxBytes} bytes: the kubelet's
   * fallback termination message (80 lines, 2048 bytes).
   */
  synchronized String tail(int maxLines, int maxBytes) {
    int from = Math.max(0, lines.size() - maxLines);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Line l : lines.subList(from, lines.size())) {
      out.writeBytes(l.bytes());
    }
    byte[] all = out.toByteArray();
    int start = Math.max(0, all.length - maxBytes);
    return new String(all, start, all.length - start, StandardCharsets.UTF_8);
  }

  /**
   * Ties the log to a pod's uid. Returns false when it belongs to another pod of the same name (an
   * older one): the caller then replaces it.
   */
  synchronized boolean adopt(String uid) {
    if (podUid == null) {
      podUid = uid;
      adopted = Instant.now();
      return true;
    }
    return podUid.equals(uid);
  }

  synchronized String podUid() {
    return podUid;
  }

  /** When {@link #adopt} tied it to its pod (null before). */
  synchronized Instant adopted() {
    return adopted;
  }
}

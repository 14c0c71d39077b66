package io.neo4jrestore.runner.exec;

import io.neo4jrestore.api.model.ResolvedSource;
import io.neo4jrestore.runner.target.Target;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The facts a restore depends on, by name, and their digest (docs/plan.md): what a plan records and
 * what a restore pinned to it ({@code create --from-plan}) computes again before its first change.
 * Pure: values in, values out. No credentials: names, counts, images and locations that status
 * shows anyway.
 */
final class PlanFacts {
  private PlanFacts() {}

  /** The facts of a spec generation, its target and StatefulSet, and its source as resolved. */
  static Map<String, String> of(
      long generation, Target t, Integer replicas, ResolvedSource source) {
    Map<String, String> f = new TreeMap<>();
    f.put("spec.generation", Long.toString(generation));
    if (t != null) {
      f.put("target", t.kind().kind() + " " + t.apiVersion() + " " + t.name());
      f.put("target.image", t.image());
      f.put("target.neo4jVersion", t.version().toString());
      f.put("target.servers", Integer.toString(t.servers()));
      f.put("statefulSet.replicas", replicas == null ? "absent" : replicas.toString());
      f.put(
          "statefulSet.whenScaled",
          t.workload().whenScaled() == null ? "Retain" : t.workload().whenScaled());
    }
    if (source != null) {
      f.put("source.location", String.valueOf(source.location()));
      List<String> paths = new ArrayList<>();
      if (source.artifacts() != null) {
        source.artifacts().forEach(a -> paths.add(a.path() + " " + a.sizeBytes()));
      }
      f.put("source.artifacts", paths.isEmpty() ? "folder" : sha256(String.join("\n", paths)));
      if (source.restoreUntil() != null) {
        f.put("source.restoreUntil", source.restoreUntil());
      }
    }
    return f;
  }

  /** SHA-256 over the sorted facts, hex. */
  static String digest(Map<String, String> facts) {
    StringBuilder s = new StringBuilder();
    new TreeMap<>(facts).forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
    return sha256(s.toString());
  }

  /**
   * The facts of {@code now} that the plan could know: a plan that could not resolve the source (a
   * PITR chain is selected by an inspect Job, which a plan runs only for a requested verification)
   * has no {@code source.*} facts, and the restore's are then not compared.
   */
  static Map<String, String> knownAtPlan(Map<String, String> planned, Map<String, String> now) {
    Map<String, String> out = new TreeMap<>(now);
    if (!planned.containsKey("source.location")) {
      out.keySet().removeIf(k -> k.startsWith("source."));
    }
    return out;
  }

  /** What changed from {@code planned} to {@code now}, one entry per fact, in name order. */
  static List<String> changes(Map<String, String> planned, Map<String, String> now) {
    TreeSet<String> names = new TreeSet<>(planned.keySet());
    names.addAll(now.keySet());
    List<String> out = new ArrayList<>();
    for (String name : names) {
      String was = planned.get(name);
      String is = now.get(name);
      if (!Objects.equals(was, is)) {
        out.add(name + ": " + show(was) + " at the plan, " + show(is) + " now");
      }
    }
    return out;
  }

  private static String show(String value) {
    return value == null ? "(none)" : value;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

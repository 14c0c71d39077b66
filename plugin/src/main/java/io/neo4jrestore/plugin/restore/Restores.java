package io.neo4jrestore.plugin.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Condition;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreStatus;
import io.neo4jrestore.api.model.RestoreSource;
import io.neo4jrestore.api.model.StorageLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Reading restores: the model from JSON, the phase for the current attempt, summaries. */
public final class Restores {
  /** What {@code -o name} and messages call a restore. */
  public static final String RESOURCE = RestoreApi.SINGULAR + "." + RestoreApi.GROUP;

  private Restores() {}

  public static Neo4jRestore model(JsonNode json) {
    try {
      return ApiMapper.json().treeToValue(json, Neo4jRestore.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "the API server sent a Neo4jRestore this plugin cannot read: " + e.getOriginalMessage(),
          e);
    }
  }

  /** The object as {@code -o yaml|json} prints it: without managedFields, like kubectl. */
  public static JsonNode forOutput(JsonNode json) {
    JsonNode copy = json.deepCopy();
    JsonNode meta = copy.get("metadata");
    if (meta instanceof ObjectNode m) {
      m.remove("managedFields");
    }
    return copy;
  }

  /**
   * True when the status describes the current attempt: the generation the runner observed is the
   * spec's, and the retry annotation (if any) is the one the attempt was started for.
   */
  public static boolean statusIsCurrent(Neo4jRestore r) {
    Neo4jRestoreStatus s = r.status();
    if (s == null) {
      return false;
    }
    Long generation = r.metadata() == null ? null : r.metadata().generation();
    if (generation != null
        && s.observedGeneration() != null
        && s.observedGeneration() < generation) {
      return false;
    }
    String retry = r.metadata() == null ? null : r.metadata().annotation(Annotations.RETRY);
    String attemptToken = s.attempt() == null ? null : s.attempt().retryToken();
    return Objects.equals(emptyToNull(retry), emptyToNull(attemptToken));
  }

  /** The phase of the current attempt: a terminal phase of an older attempt reads as Pending. */
  public static String phase(Neo4jRestore r) {
    String phase = r.status() == null ? null : r.status().phase();
    if (phase == null || phase.isEmpty()) {
      return Phases.PENDING;
    }
    if (Phases.isTerminal(phase) && !statusIsCurrent(r)) {
      return Phases.PENDING;
    }
    return phase;
  }

  /** The phase column: the stored phase, empty before the runner wrote one. */
  public static String phaseColumn(Neo4jRestore r) {
    return r.status() == null || r.status().phase() == null ? "" : r.status().phase();
  }

  /** The reason of Ready=False, Stalled or the last condition with a reason. */
  public static String failureReason(Neo4jRestore r) {
    if (r.status() == null) {
      return "";
    }
    for (String type : List.of(Conditions.STALLED, Conditions.READY)) {
      Condition c = r.status().condition(type);
      if (c != null && c.reason() != null && !c.reason().isEmpty()) {
        return c.reason();
      }
    }
    return "";
  }

  /** One line saying where the backup comes from. */
  public static String source(RestoreSource s) {
    if (s == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    String type = s.type() == null ? "?" : s.type();
    switch (type) {
      case "backup" -> parts.add("Neo4jBackup " + s.backupRef());
      case "pitr" -> {
        parts.add("point-in-time recovery");
        if (s.pitr() != null && s.pitr().baseBackup() != null) {
          var b = s.pitr().baseBackup();
          parts.add(
              "base "
                  + ("backup".equals(b.type())
                      ? "Neo4jBackup " + b.backupRef()
                      : location(b.storage())));
        }
        if (s.pitr() != null && s.pitr().logStorage() != null) {
          parts.add("logs " + location(s.pitr().logStorage()));
        }
      }
      default -> parts.add(location(s.storage()));
    }
    if (s.backupPath() != null) {
      parts.add("backupPath " + s.backupPath());
    }
    if (s.pointInTime() != null) {
      parts.add("until " + s.pointInTime());
    }
    return String.join(", ", parts);
  }

  /** {@code s3://bucket/path}, {@code pvc backups:/path}. */
  public static String location(StorageLocation l) {
    if (l == null) {
      return "(no storage)";
    }
    String path = l.path() == null ? "" : "/" + l.path().replaceAll("^/+", "");
    String where =
        switch (l.type() == null ? "" : l.type()) {
          case "s3" -> "s3://" + l.bucket() + path;
          case "gcs" -> "gs://" + l.bucket() + path;
          case "azure" -> "azb://" + l.bucket() + path;
          case "pvc" ->
              "pvc "
                  + (l.pvc() == null ? "?" : l.pvc().name())
                  + ":"
                  + (path.isEmpty() ? "/" : path);
          default -> l.type() + " " + l.bucket() + path;
        };
    if (l.cloud() != null && l.cloud().credentialsSecretRef() != null) {
      where += " (credentials Secret " + l.cloud().credentialsSecretRef() + ")";
    } else if (l.cloud() != null && l.cloud().identity() != null) {
      where += " (workload identity)";
    }
    return where;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}

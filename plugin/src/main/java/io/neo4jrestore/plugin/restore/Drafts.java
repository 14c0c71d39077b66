package io.neo4jrestore.plugin.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.CloudBlock;
import io.neo4jrestore.api.model.DrillSpec;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.ObjectMeta;
import io.neo4jrestore.api.model.PvcSpec;
import io.neo4jrestore.api.model.RestoreHooks;
import io.neo4jrestore.api.model.RestoreOptions;
import io.neo4jrestore.api.model.RestoreSource;
import io.neo4jrestore.api.model.StorageLocation;
import io.neo4jrestore.api.validation.PointInTime;
import io.neo4jrestore.api.validation.RestoreDocuments;
import io.neo4jrestore.api.validation.Violation;
import io.neo4jrestore.plugin.PluginException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the Neo4jRestore that {@code create} sends, from flags or from a file, and checks it with
 * the CRD's rules ({@link RestoreDocuments}) before anything is sent. Pure: text and values in, a
 * JSON object out, or a {@link PluginException} saying which flag or field is wrong.
 */
public final class Drafts {
  /** The source types the flags accept: the CRD's (except pitr, which needs -f) plus pvc. */
  public static final List<String> FLAG_SOURCE_TYPES =
      List.of("backup", "storage", "s3", "gcs", "azure", "pvc");

  private static final Pattern NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Map<String, String> PROVIDER_STORAGE =
      Map.of("aws", "s3", "gcp", "gcs", "azure", "azure");

  /** Which flag sets which field, so a refusal of a flags-built resource names the flag. */
  static final Map<String, String> FLAG_FOR_FIELD = new LinkedHashMap<>();

  static {
    FLAG_FOR_FIELD.put("spec.targetCluster", "--target");
    FLAG_FOR_FIELD.put("spec.databaseName", "--database");
    FLAG_FOR_FIELD.put("spec.source.type", "--source-type");
    FLAG_FOR_FIELD.put("spec.source.backupRef", "--backup-ref");
    FLAG_FOR_FIELD.put("spec.source.backupPath", "--backup-path");
    FLAG_FOR_FIELD.put("spec.source.pointInTime", "--point-in-time");
    FLAG_FOR_FIELD.put("spec.source.storage.bucket", "--bucket");
    FLAG_FOR_FIELD.put("spec.source.storage.path", "--path");
    FLAG_FOR_FIELD.put("spec.source.storage.cloud.provider", "--provider");
    FLAG_FOR_FIELD.put("spec.source.storage.cloud.credentialsSecretRef", "--credentials-secret");
    FLAG_FOR_FIELD.put("spec.source.storage.pvc", "--pvc");
    FLAG_FOR_FIELD.put("spec.stopCluster", "--stop-cluster");
    FLAG_FOR_FIELD.put("spec.timeout", "--timeout");
    // a drill's refusal of hooks names spec.options; from flags only these two make hooks
    FLAG_FOR_FIELD.put("spec.options", "--pre-cypher or --post-cypher");
    FLAG_FOR_FIELD.put("spec.options.preRestore.cypherStatements", "--pre-cypher");
    FLAG_FOR_FIELD.put("spec.options.postRestore.cypherStatements", "--post-cypher");
    FLAG_FOR_FIELD.put("spec.drill.assertions", "--drill-assert");
    FLAG_FOR_FIELD.put("spec.drill.keep", "--drill-keep");
    FLAG_FOR_FIELD.put("spec.drill.schedule", "--drill-schedule");
    FLAG_FOR_FIELD.put("spec.drill.namespace", "--drill-namespace");
  }

  private Drafts() {}

  /** A resource to send: its name, namespace and body. */
  public record Draft(String name, String namespace, ObjectNode object, boolean fromFlags) {}

  /** The restore the flags describe. */
  public static Draft fromFlags(String name, String namespace, CreateFlags f) {
    if (name == null || name.isBlank()) {
      throw PluginException.usage("create needs a NAME (or -f FILE)");
    }
    List<String> missing = new ArrayList<>();
    if (blank(f.target())) {
      missing.add("--target CLUSTER");
    }
    if (blank(f.database())) {
      missing.add("--database NAME");
    }
    if (blank(f.sourceType())) {
      missing.add("--source-type " + String.join("|", FLAG_SOURCE_TYPES));
    }
    if (!missing.isEmpty()) {
      throw PluginException.usage(
          "create "
              + name
              + " needs "
              + String.join(", ", missing)
              + " (or -f FILE with the whole resource)");
    }
    String type = f.sourceType().trim().toLowerCase(java.util.Locale.ROOT);
    if (!FLAG_SOURCE_TYPES.contains(type)) {
      throw PluginException.usage(
          "--source-type "
              + f.sourceType()
              + " is not one of "
              + String.join(", ", FLAG_SOURCE_TYPES)
              + (type.equals("pitr") ? " (point-in-time recovery needs -f FILE)" : ""));
    }
    String pointInTime = f.pointInTime();
    if (pointInTime != null) {
      try {
        PointInTime.parse(pointInTime);
      } catch (IllegalArgumentException e) {
        throw PluginException.usage(
            "--point-in-time: " + e.getMessage() + " (the offset is required: Z or +01:00)");
      }
    }
    RestoreSource source = source(type, f);
    RestoreOptions options = null;
    if (f.verify() || f.replaceExisting() || !empty(f.preCypher()) || !empty(f.postCypher())) {
      options =
          new RestoreOptions(
              f.replaceExisting() ? Boolean.TRUE : null,
              f.verify() ? Boolean.TRUE : null,
              null,
              empty(f.preCypher()) ? null : new RestoreHooks(null, List.copyOf(f.preCypher())),
              empty(f.postCypher()) ? null : new RestoreHooks(null, List.copyOf(f.postCypher())));
    }
    Neo4jRestoreSpec spec =
        new Neo4jRestoreSpec(
            f.target(),
            source,
            f.database(),
            options,
            f.force() ? Boolean.TRUE : null,
            f.stopCluster() ? Boolean.TRUE : null,
            f.timeout(),
            drill(f));
    Neo4jRestore restore = Neo4jRestore.of(ObjectMeta.named(namespace, name), spec);
    ObjectNode json = ApiMapper.json().valueToTree(restore);
    return new Draft(name, namespace, json, true);
  }

  /**
   * The drill the flags describe, or null: any drill flag makes one, and the CRD's rules (checked
   * with the rest) refuse it without an assertion. The statements go in as given.
   */
  private static DrillSpec drill(CreateFlags f) {
    if (empty(f.drillAssert())
        && f.drillKeep() == null
        && f.drillSchedule() == null
        && f.drillNamespace() == null) {
      return null;
    }
    return new DrillSpec(
        empty(f.drillAssert()) ? null : List.copyOf(f.drillAssert()),
        f.drillKeep(),
        f.drillSchedule(),
        f.drillNamespace());
  }

  private static RestoreSource source(String type, CreateFlags f) {
    Map<String, String> given = new LinkedHashMap<>();
    put(given, "--backup-ref", f.backupRef());
    put(given, "--bucket", f.bucket());
    put(given, "--path", f.path());
    put(given, "--provider", f.provider());
    put(given, "--credentials-secret", f.credentialsSecret());
    put(given, "--pvc", f.pvc());
    List<String> allowed =
        switch (type) {
          case "backup" -> List.of("--backup-ref");
          case "pvc" -> List.of("--pvc", "--path");
          case "storage" ->
              List.of("--bucket", "--path", "--provider", "--credentials-secret", "--pvc");
          default -> List.of("--bucket", "--path", "--provider", "--credentials-secret");
        };
    for (String flag : given.keySet()) {
      if (!allowed.contains(flag)) {
        throw PluginException.usage(
            flag
                + " is not used with --source-type "
                + type
                + " (it takes: "
                + String.join(", ", allowed)
                + ", --backup-path, --point-in-time)");
      }
    }
    String storageType = type;
    if (type.equals("storage")) {
      if (f.pvc() != null && (f.provider() != null || f.bucket() != null)) {
        throw PluginException.usage(
            "--source-type storage takes either --pvc or --provider with --bucket, not both");
      }
      if (f.pvc() != null) {
        storageType = "pvc";
      } else if (f.provider() != null) {
        storageType = PROVIDER_STORAGE.get(f.provider().toLowerCase(java.util.Locale.ROOT));
        if (storageType == null) {
          throw PluginException.usage(
              "--provider " + f.provider() + " is not one of aws, gcp, azure");
        }
      } else {
        throw PluginException.usage(
            "--source-type storage needs --pvc NAME, or --provider aws|gcp|azure with --bucket");
      }
    }
    switch (type) {
      case "backup" -> {
        if (blank(f.backupRef())) {
          throw PluginException.usage(
              "--source-type backup needs --backup-ref NAME (a Neo4jBackup in the namespace)");
        }
        return new RestoreSource(
            "backup", f.backupRef(), null, f.backupPath(), f.pointInTime(), null);
      }
      case "pvc" -> {
        if (blank(f.pvc())) {
          throw PluginException.usage("--source-type pvc needs --pvc CLAIM");
        }
        return new RestoreSource(
            "storage", null, pvcStorage(f), f.backupPath(), f.pointInTime(), null);
      }
      default -> {
        StorageLocation storage;
        if (storageType.equals("pvc")) {
          storage = pvcStorage(f);
        } else {
          if (blank(f.bucket())) {
            throw PluginException.usage(
                "--source-type " + type + " needs --bucket (the bucket or Azure container)");
          }
          CloudBlock cloud =
              f.provider() == null && f.credentialsSecret() == null
                  ? null
                  : new CloudBlock(lower(f.provider()), f.credentialsSecret(), null);
          storage = new StorageLocation(storageType, f.bucket(), f.path(), cloud, null);
        }
        return new RestoreSource(type, null, storage, f.backupPath(), f.pointInTime(), null);
      }
    }
  }

  private static StorageLocation pvcStorage(CreateFlags f) {
    return new StorageLocation("pvc", null, f.path(), null, new PvcSpec(f.pvc(), null, null));
  }

  /**
   * The restore in a file's text (YAML or JSON, exactly one object).
   *
   * @param source how messages name the file ({@code FILE} or {@code stdin})
   * @param nameArg the NAME argument, or null
   * @param namespaceFlag {@code -n}, or null
   * @param defaultNamespace the context's namespace
   */
  public static Draft fromFile(
      String text, String source, String nameArg, String namespaceFlag, String defaultNamespace) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        ApiMapper.yaml().readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && !d.isNull() && !d.isMissingNode()) {
          documents.add(d);
        }
      }
    } catch (IOException | RuntimeException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw PluginException.usage(source + " is not valid YAML or JSON: " + why);
    }
    if (documents.isEmpty()) {
      throw PluginException.usage(source + " holds no object; it must hold one Neo4jRestore");
    }
    if (documents.size() > 1) {
      throw PluginException.usage(
          source + " holds " + documents.size() + " objects; create takes one Neo4jRestore");
    }
    if (!(documents.get(0) instanceof ObjectNode object)) {
      throw PluginException.usage(source + " does not hold an object");
    }
    String apiVersion = object.path("apiVersion").asText("");
    String kind = object.path("kind").asText("");
    if (!RestoreApi.KIND.equals(kind) || !RestoreApi.API_VERSION.equals(apiVersion)) {
      throw PluginException.refused(
          source
              + " holds "
              + (kind.isEmpty() ? "an object without kind" : "a " + kind)
              + (apiVersion.isEmpty() ? "" : " (" + apiVersion + ")")
              + ", not a "
              + RestoreApi.KIND
              + " ("
              + RestoreApi.API_VERSION
              + ")");
    }
    if (!object.path("metadata").isObject()) {
      object.putObject("metadata");
    }
    ObjectNode meta = (ObjectNode) object.get("metadata");
    String fileName = meta.path("name").asText("");
    if (nameArg != null && !fileName.isEmpty() && !fileName.equals(nameArg)) {
      throw PluginException.usage(
          "NAME " + nameArg + " differs from metadata.name " + fileName + " in " + source);
    }
    String name = fileName.isEmpty() ? nameArg : fileName;
    if (name == null || name.isEmpty()) {
      throw PluginException.usage("no name: give NAME or set metadata.name in " + source);
    }
    String fileNamespace = meta.path("namespace").asText("");
    if (namespaceFlag != null && !fileNamespace.isEmpty() && !fileNamespace.equals(namespaceFlag)) {
      throw PluginException.usage(
          "the namespace in "
              + source
              + " ("
              + fileNamespace
              + ") does not match -n "
              + namespaceFlag
              + "; pass -n "
              + fileNamespace
              + " or remove metadata.namespace");
    }
    String namespace =
        namespaceFlag != null
            ? namespaceFlag
            : fileNamespace.isEmpty() ? defaultNamespace : fileNamespace;
    meta.put("name", name);
    meta.put("namespace", namespace);
    object.remove("status"); // written by the runner only; the server ignores it on create
    return new Draft(name, namespace, object, false);
  }

  /** The CRD's rules, before sending: empty when valid. */
  public static List<Violation> violations(Draft draft) {
    List<Violation> out = new ArrayList<>();
    if (!NAME.matcher(draft.name()).matches() || draft.name().length() > 253) {
      out.add(
          new Violation(
              "metadata.name",
              "\""
                  + draft.name()
                  + "\" must be a lowercase RFC 1123 subdomain (letters, digits, '-' and '.',"
                  + " starting and ending with a letter or digit)"));
    }
    out.addAll(RestoreDocuments.check(ApiMapper.toJson(draft.object())).violations());
    return out;
  }

  /** The refusal message for violations, naming the flags when the resource came from flags. */
  public static String refusal(Draft draft, List<Violation> violations) {
    StringBuilder b =
        new StringBuilder("neo4jrestore \"")
            .append(draft.name())
            .append(
                "\" is invalid (the CRD's rules, checked before sending; nothing was created):");
    for (Violation v : violations) {
      b.append("\n  ").append(v.field()).append(": ").append(v.message());
      if (draft.fromFlags()) {
        String flag = flagFor(v.field());
        if (flag != null) {
          b.append(" (flag ").append(flag).append(')');
        }
      }
    }
    return b.toString();
  }

  static String flagFor(String field) {
    String best = null;
    for (Map.Entry<String, String> e : FLAG_FOR_FIELD.entrySet()) {
      if ((field.equals(e.getKey())
              || field.startsWith(e.getKey() + ".")
              || field.startsWith(e.getKey() + "["))
          && (best == null || e.getKey().length() > best.length())) {
        best = e.getKey();
      }
    }
    return best == null ? null : FLAG_FOR_FIELD.get(best);
  }

  private static void put(Map<String, String> m, String flag, String value) {
    if (value != null) {
      m.put(flag, value);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static boolean empty(List<String> l) {
    return l == null || l.isEmpty();
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
  }
}

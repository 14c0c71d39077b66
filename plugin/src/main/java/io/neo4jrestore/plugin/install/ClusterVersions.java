package io.neo4jrestore.plugin.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.plugin.BuildInfo;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The cluster side of {@code version}: what the server runs, which Neo4jRestore API versions its
 * CRD serves and whether their schema is this plugin's, and which runner image the dispatcher
 * starts. Pure: the objects read from the cluster in, report lines and warnings out.
 */
public final class ClusterVersions {
  public static final String DISPATCHER = "neo4j-restore-dispatcher";

  private ClusterVersions() {}

  /** An object read from the cluster: there, absent, or not readable with the user's rights. */
  public record Lookup(Optional<JsonNode> object, boolean forbidden) {
    public static Lookup of(JsonNode o) {
      return new Lookup(Optional.of(o), false);
    }

    public static Lookup absent() {
      return new Lookup(Optional.empty(), false);
    }

    public static Lookup denied() {
      return new Lookup(Optional.empty(), true);
    }
  }

  /** Lines for stdout and warnings for stderr. */
  public record Report(List<String> lines, List<String> warnings) {}

  /** The CronJob path in the namespace where {@code install} puts the dispatcher. */
  public static String dispatcherPath(String namespace) {
    return "/apis/batch/v1/namespaces/" + namespace + "/cronjobs/" + DISPATCHER;
  }

  /**
   * @param server the API server's {@code /version}
   * @param crd the Neo4jRestore CRD, if installed
   * @param dispatcher the dispatcher CronJob in {@code namespace}, if installed there
   */
  public static Report report(
      BuildInfo build, JsonNode server, Lookup crd, String namespace, Lookup dispatcher) {
    List<String> lines = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    lines.add("Server version: " + server.path("gitVersion").asText("unknown"));
    if (crd.forbidden()) {
      lines.add("CRD:            " + RestoreApi.CRD_NAME + " not readable with your rights");
    } else if (crd.object().isEmpty()) {
      lines.add("CRD:            " + RestoreApi.CRD_NAME + " not installed");
      warnings.add(
          "the cluster has no "
              + RestoreApi.CRD_NAME
              + " CRD, so Neo4jRestore resources cannot be created; install it with: kubectl"
              + " neo4j-restore install");
    } else {
      crdLines(crd.object().get(), lines, warnings);
    }
    if (dispatcher.forbidden()) {
      lines.add("Dispatcher:     not readable with your rights in namespace " + namespace);
    } else if (dispatcher.object().isEmpty()) {
      lines.add("Dispatcher:     none in namespace " + namespace);
    } else {
      String image =
          dispatcher
              .object()
              .get()
              .at("/spec/jobTemplate/spec/template/spec/containers/0/image")
              .asText("unknown");
      lines.add(
          "Dispatcher:     " + namespace + "/" + DISPATCHER + " starts runner image " + image);
      if (!image.equals(build.runnerImage())) {
        warnings.add(
            "the dispatcher in namespace "
                + namespace
                + " starts runners with "
                + image
                + " but this plugin starts "
                + build.runnerImage()
                + "; restores would run different runner versions depending on who starts"
                + " them. Align them with: kubectl neo4j-restore install -n "
                + namespace
                + " (or pass --runner-image to both)");
      }
    }
    return new Report(List.copyOf(lines), List.copyOf(warnings));
  }

  private static void crdLines(JsonNode crd, List<String> lines, List<String> warnings) {
    List<String> served = new ArrayList<>();
    String storage = null;
    JsonNode ours = null;
    for (JsonNode v : crd.at("/spec/versions")) {
      String name = v.path("name").asText();
      if (v.path("served").asBoolean()) {
        served.add(name);
      }
      if (v.path("storage").asBoolean()) {
        storage = name;
      }
      if (RestoreApi.VERSION.equals(name)) {
        ours = v;
      }
    }
    JsonNode shipped = shippedSchema();
    boolean owned = Installer.ownedByUs(crd);
    String schema;
    if (ours == null || !ours.path("served").asBoolean()) {
      schema = "does not serve " + RestoreApi.VERSION;
      warnings.add(
          "the cluster's "
              + RestoreApi.CRD_NAME
              + " CRD does not serve "
              + RestoreApi.VERSION
              + " (served: "
              + String.join(", ", served)
              + "), the version this plugin writes; "
              + (owned
                  ? "update it with: kubectl neo4j-restore install"
                  : "it was not installed by neo4j-restore (see kubectl neo4j-restore install"
                      + " --help)"));
    } else {
      JsonNode live = ours.at("/schema/openAPIV3Schema");
      boolean same = live.equals(shipped);
      schema =
          "schema "
              + fingerprint(live)
              + (same
                  ? " (this plugin's)"
                  : " (this plugin's is " + fingerprint(shipped) + ": they differ)");
      if (!same) {
        warnings.add(
            "the cluster's "
                + RestoreApi.CRD_NAME
                + " schema differs from the one this plugin was built with, so fields may be"
                + " refused or dropped; "
                + (owned
                    ? "bring it to this plugin's version with: kubectl neo4j-restore install"
                    : "it was not installed by neo4j-restore (probably the Neo4j operator's);"
                        + " see kubectl neo4j-restore install --help about --take-over-crd"));
      }
    }
    lines.add(
        "CRD:            "
            + RestoreApi.CRD_NAME
            + " serves "
            + String.join(", ", served)
            + " (storage "
            + storage
            + "), "
            + schema
            + (owned ? "" : ", not installed by neo4j-restore"));
  }

  /** The schema of {@link RestoreApi#VERSION} in the CRD this plugin ships. */
  static JsonNode shippedSchema() {
    for (JsonNode crd : Manifests.objects(Manifests.resource(Manifests.CRD_FILE))) {
      for (JsonNode v : crd.at("/spec/versions")) {
        if (RestoreApi.VERSION.equals(v.path("name").asText())) {
          return v.at("/schema/openAPIV3Schema");
        }
      }
    }
    throw new IllegalStateException("the shipped CRD has no version " + RestoreApi.VERSION);
  }

  /** A short hash of the schema's JSON with sorted keys, so equal schemas print alike. */
  static String fingerprint(JsonNode schema) {
    try {
      byte[] json =
          ApiMapper.json()
              .copy()
              .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
              .writeValueAsBytes(ApiMapper.json().treeToValue(schema, Object.class));
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException | java.io.IOException e) {
      throw new IllegalStateException("cannot fingerprint the CRD schema", e);
    }
  }
}

package io.neo4jrestore.runner.target;

import io.neo4jrestore.kube.ApiPaths;
import io.neo4jrestore.runner.neo4j.Neo4jVersion;
import java.util.List;

/**
 * A resolved restore target: what the runner read from the operator resource and its objects.
 *
 * @param servers the server count from the target's spec (1 for a standalone)
 * @param image the Neo4j image ({@code repo:tag}) the restore Job runs
 * @param adminSecret the Secret with the Neo4j admin credentials (name only)
 * @param tls true when Bolt needs TLS ({@code spec.tls.mode: cert-manager})
 * @param caSecret the Secret whose {@code ca.crt} verifies the server (when {@code tls})
 * @param workload what its StatefulSet says ({@link TargetWorkload#unknown()} until read)
 */
public record Target(
    TargetKind kind,
    String namespace,
    String name,
    String apiVersion,
    int servers,
    String image,
    String imagePullPolicy,
    List<String> imagePullSecrets,
    Neo4jVersion version,
    String adminSecret,
    boolean tls,
    String caSecret,
    TargetWorkload workload) {

  public static final int BOLT_PORT = 7687;

  public Target {
    workload = workload == null ? TargetWorkload.unknown() : workload;
  }

  /** A target whose StatefulSet has not been read yet. */
  public Target(
      TargetKind kind,
      String namespace,
      String name,
      String apiVersion,
      int servers,
      String image,
      String imagePullPolicy,
      List<String> imagePullSecrets,
      Neo4jVersion version,
      String adminSecret,
      boolean tls,
      String caSecret) {
    this(
        kind,
        namespace,
        name,
        apiVersion,
        servers,
        image,
        imagePullPolicy,
        imagePullSecrets,
        version,
        adminSecret,
        tls,
        caSecret,
        null);
  }

  /** The same target with what its StatefulSet says. */
  public Target withWorkload(TargetWorkload read) {
    return new Target(
        kind,
        namespace,
        name,
        apiVersion,
        servers,
        image,
        imagePullPolicy,
        imagePullSecrets,
        version,
        adminSecret,
        tls,
        caSecret,
        read);
  }

  /** The resource's REST path, e.g. {@code /apis/neo4j.com/v1/namespaces/NS/PLURAL/NAME}. */
  public String path() {
    return ApiPaths.object(apiVersion, namespace, kind.plural(), name);
  }

  public String statefulSet() {
    return kind.statefulSet(name);
  }

  /** The operator line the target belongs to (by the version it is served at). */
  public Lineage lineage() {
    return Lineage.of(apiVersion, kind.kind() + " " + namespace + "/" + name);
  }

  public String boltService() {
    return kind.boltService(name, lineage());
  }

  public String dataPvc(int ordinal) {
    return kind.dataPvc(name, ordinal);
  }

  public String pod(int ordinal) {
    return kind.pod(name, ordinal);
  }

  /**
   * {@code neo4j+s://} / {@code neo4j://} for a cluster, {@code bolt+s://} / {@code bolt://} else.
   */
  public String boltUri() {
    String scheme = kind == TargetKind.CLUSTER ? "neo4j" : "bolt";
    return scheme
        + (tls ? "+s" : "")
        + "://"
        + boltService()
        + "."
        + namespace
        + ".svc:"
        + BOLT_PORT;
  }
}

package io.neo4jrestore.api;

/** Coordinates of the {@code Neo4jRestore} API and of the operator resources it refers to. */
public final class RestoreApi {
  public static final String GROUP = "neo4j.neo4j.com";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "Neo4jRestore";
  public static final String PLURAL = "neo4jrestores";
  public static final String SINGULAR = "neo4jrestore";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** Classpath location of the CRD manifest shipped in this jar. */
  public static final String CRD_RESOURCE = "/io/neo4jrestore/crds/" + CRD_NAME + ".yaml";

  public static final String CLUSTER_KIND = "Neo4jEnterpriseCluster";
  public static final String CLUSTER_PLURAL = "neo4jenterpriseclusters";
  public static final String STANDALONE_KIND = "Neo4jEnterpriseStandalone";
  public static final String STANDALONE_PLURAL = "neo4jenterprisestandalones";
  public static final String BACKUP_KIND = "Neo4jBackup";
  public static final String BACKUP_PLURAL = "neo4jbackups";

  /** The REST path of the Neo4jRestore {@code name} in {@code namespace}. */
  public static String path(String namespace, String name) {
    return "/apis/" + API_VERSION + "/namespaces/" + namespace + "/" + PLURAL + "/" + name;
  }

  private RestoreApi() {}
}

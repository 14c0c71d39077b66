package io.neo4jrestore.runner.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.runner.neo4j.Neo4jCredentials;
import io.neo4jrestore.runner.target.Target;
import io.neo4jrestore.runner.target.TargetKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The throw-away Neo4j server of a restore drill (issue #18), as manifests (pure): a single-server
 * StatefulSet in the target's image, a headless Service for Bolt, and the data claim the restore
 * Job writes before the server starts. Every object carries the {@link Labels#DRILL} label (the
 * restore's UID). The StatefulSet is owned by the Neo4jRestore; the Service, the claim and the
 * restore Job are owned by the StatefulSet: deleting the StatefulSet (what cleanup does, found by
 * the label) lets Kubernetes' garbage collector delete everything else, so the runner needs no
 * right to delete claims, Services or Jobs.
 *
 * <p>The server is a {@link TargetKind#STANDALONE} {@link Target} of its own ({@link #target}), so
 * the restore Job builder and the Bolt wiring treat it as they treat a standalone target: its claim
 * is that target's data claim, its Service that target's Bolt Service, and its admin credentials
 * the real target's Secret.
 *
 * <p>The server's password is the one the runner logs in with: {@code NEO4J_AUTH} is built from the
 * admin Secret by reference, from the keys that Secret has ({@link #auth}), never copied from the
 * target's container (the operator's containers have none, or one made of variables of their own:
 * docs/compat.md §3) and never a value.
 *
 * @param restoreName the Neo4jRestore's name
 * @param restoreUid its UID (the drill label's value and the owner reference)
 * @param restoreNamespace its namespace: the server's is another one with {@code spec.drill
 *     .namespace} ({@link #elsewhere})
 * @param server the drill server as a standalone target (see {@link #target})
 * @param env the environment copied from the target's server container ({@link #COPIED_ENV}), as
 *     JSON {@code EnvVar}s
 * @param auth where the admin Secret keeps the credentials
 * @param storage the data claim's size (the target's data volume size)
 * @param storageClass the target's data claim's storage class, or null for the default
 */
public record DrillServer(
    String restoreName,
    String restoreUid,
    String restoreNamespace,
    Target server,
    List<JsonNode> env,
    Neo4jCredentials.Layout auth,
    String storage,
    String storageClass) {

  /** The target's environment a drill server copies: the license acceptance. */
  public static final List<String> COPIED_ENV = List.of("NEO4J_ACCEPT_LICENSE_AGREEMENT");

  /**
   * The variables that carry {@code username} and {@code password} into {@code NEO4J_AUTH}: the
   * operator's own names (docs/compat.md §3). Not {@code NEO4J_*}: the Neo4j image turns those into
   * settings.
   */
  public static final String USERNAME_VAR = "DB_USERNAME";

  public static final String PASSWORD_VAR = "DB_PASSWORD";

  /** On a drill server in another namespace: the Neo4jRestore it is the drill of. */
  public static final String DRILL_OF = Labels.PREFIX + "drill-of";

  /** The finalizer on a drill's Neo4jRestore while it has objects in another namespace. */
  public static final String FINALIZER = Labels.PREFIX + "drill-cleanup";

  /** The {@link Labels#COMPONENT} of a drill server's objects. */
  public static final String COMPONENT = "drill";

  /** The size of the data claim when the target's is unknown. */
  public static final String DEFAULT_STORAGE = "10Gi";

  public DrillServer {
    env = List.copyOf(env);
    Objects.requireNonNull(auth, "auth");
  }

  /**
   * The drill server of {@code restoreName} as a standalone target in {@code namespace}: the real
   * target's image, version and pull settings; one server; plain Bolt (it has no certificates). Its
   * admin Secret is the real target's in the target's namespace, and the generated {@link
   * #credentialsSecret} in another one (the production password never leaves its namespace).
   */
  public static Target target(
      String restoreName, String restoreUid, Target real, String namespace) {
    boolean elsewhere = !namespace.equals(real.namespace());
    return new Target(
        TargetKind.STANDALONE,
        namespace,
        name(restoreName, restoreUid),
        real.apiVersion(),
        1,
        real.image(),
        real.imagePullPolicy(),
        real.imagePullSecrets(),
        real.version(),
        elsewhere ? credentialsSecret(restoreName, restoreUid) : real.adminSecret(),
        false,
        null,
        real.workload());
  }

  /** The Secret of generated credentials a drill server in another namespace is started with. */
  public static String credentialsSecret(String restoreName, String restoreUid) {
    return name(restoreName, restoreUid) + "-auth";
  }

  /**
   * Whether the server is in another namespace than its restore ({@code spec.drill.namespace}):
   * then nothing of it can be owned by the restore (owners cannot cross namespaces), and it has
   * generated credentials.
   */
  public boolean elsewhere() {
    return !server.namespace().equals(restoreNamespace);
  }

  /**
   * {@code drill-<restore>-<hash of the uid>}: a DNS-1035 label (a Service name) short enough for
   * the StatefulSet's pods and revision labels.
   */
  public static String name(String restoreName, String restoreUid) {
    String base = restoreName.toLowerCase(Locale.ROOT).replace('.', '-');
    base = base.length() > 30 ? base.substring(0, 30) : base;
    while (base.endsWith("-")) {
      base = base.substring(0, base.length() - 1);
    }
    return "drill-" + base + "-" + ResourceNames.hash(restoreUid, 6);
  }

  /** The label selector of everything a drill of this restore created. */
  public static String selector(String restoreUid) {
    return Labels.DRILL + "=" + restoreUid;
  }

  /** The labels of every object of the drill server (and of its pod). */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(Labels.PART_OF, Labels.MANAGED_BY_VALUE);
    labels.put(Labels.RESTORE, Labels.restoreNameValue(restoreName));
    labels.put(Labels.RESTORE_UID, restoreUid);
    labels.put(Labels.COMPONENT, COMPONENT);
    labels.put(Labels.DRILL, restoreUid);
    return labels;
  }

  /**
   * The data claim, written by the restore Job before the server starts; owned by the StatefulSet
   * whose UID is {@code statefulSetUid}.
   */
  public ObjectNode claim(String statefulSetUid) {
    ObjectNode pvc = object("v1", "PersistentVolumeClaim", server.dataPvc(0));
    ownedByServer(pvc, statefulSetUid);
    ObjectNode spec = pvc.putObject("spec");
    spec.putArray("accessModes").add("ReadWriteOnce");
    if (storageClass != null) {
      spec.put("storageClassName", storageClass);
    }
    spec.putObject("resources").putObject("requests").put("storage", storage);
    return pvc;
  }

  /**
   * The generated credentials of a server in another namespace ({@link #elsewhere}): {@code
   * NEO4J_AUTH} = {@code neo4j/<password>}; owned by the StatefulSet whose UID is {@code
   * statefulSetUid}. The password is made for this drill and never logged.
   */
  public ObjectNode credentials(String statefulSetUid, char[] password) {
    ObjectNode secret = object("v1", "Secret", server.adminSecret());
    ownedByServer(secret, statefulSetUid);
    secret.put("type", "Opaque");
    secret
        .putObject("stringData")
        .put(Neo4jCredentials.NEO4J_AUTH, "neo4j/" + new String(password));
    return secret;
  }

  /**
   * The headless Service the runner reaches the server through (Bolt only); owned by the
   * StatefulSet whose UID is {@code statefulSetUid}.
   */
  public ObjectNode service(String statefulSetUid) {
    ObjectNode svc = object("v1", "Service", server.boltService());
    ownedByServer(svc, statefulSetUid);
    ObjectNode spec = svc.putObject("spec");
    spec.put("clusterIP", "None");
    spec.set("selector", selectorLabels());
    ObjectNode port = spec.putArray("ports").addObject();
    port.put("name", "bolt").put("port", Target.BOLT_PORT).put("targetPort", Target.BOLT_PORT);
    return svc;
  }

  /**
   * The single-server StatefulSet, at 0 replicas: it is scaled to 1 once the restore Job has
   * written the claim. Small resources: a drill proves that the backup restores and holds what the
   * assertions say, not how the target performs.
   */
  public ObjectNode statefulSet() {
    ObjectNode sts = object("apps/v1", "StatefulSet", server.statefulSet());
    ObjectNode meta = (ObjectNode) sts.get("metadata");
    if (elsewhere()) {
      // an owner in another namespace would be taken as absent and the StatefulSet deleted: the
      // restore's finalizer makes the runner clean up instead (docs/drills.md)
      meta.putObject("annotations").put(DRILL_OF, restoreNamespace + "/" + restoreName);
    } else {
      meta.putArray("ownerReferences")
          .addObject()
          .put("apiVersion", RestoreApi.API_VERSION)
          .put("kind", RestoreApi.KIND)
          .put("name", restoreName)
          .put("uid", restoreUid);
    }
    ObjectNode spec = sts.putObject("spec");
    spec.put("replicas", 0);
    spec.put("serviceName", server.boltService());
    spec.putObject("selector").set("matchLabels", selectorLabels());
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").set("labels", labelsNode());
    ObjectNode pod = template.putObject("spec");
    pod.put("automountServiceAccountToken", false);
    if (server.imagePullSecrets() != null && !server.imagePullSecrets().isEmpty()) {
      ArrayNode secrets = pod.putArray("imagePullSecrets");
      server.imagePullSecrets().forEach(s -> secrets.addObject().put("name", s));
    }
    ObjectNode container = pod.putArray("containers").addObject();
    container.put("name", "neo4j");
    container.put("image", server.image());
    if (server.imagePullPolicy() != null) {
      container.put("imagePullPolicy", server.imagePullPolicy());
    }
    ArrayNode envs = container.putArray("env");
    env.forEach(e -> envs.add(e.deepCopy()));
    authEnv(envs);
    container.putArray("ports").addObject().put("name", "bolt").put("containerPort", 7687);
    ObjectNode resources = container.putObject("resources");
    resources.putObject("requests").put("cpu", "250m").put("memory", "1Gi");
    resources.putObject("limits").put("memory", "2Gi");
    ObjectNode probe = container.putObject("readinessProbe");
    probe.putObject("tcpSocket").put("port", Target.BOLT_PORT);
    probe.put("periodSeconds", 5);
    container.putArray("volumeMounts").addObject().put("name", "data").put("mountPath", "/data");
    pod.putArray("volumes")
        .addObject()
        .put("name", "data")
        .putObject("persistentVolumeClaim")
        .put("claimName", server.dataPvc(0));
    return sts;
  }

  /**
   * {@code NEO4J_AUTH} from the admin Secret: its own key, or {@code username}/{@code password}
   * through two variables the kubelet expands ({@code $(VAR)} refers to variables defined before).
   */
  private void authEnv(ArrayNode envs) {
    if (auth == Neo4jCredentials.Layout.NEO4J_AUTH) {
      secretRef(envs, Neo4jCredentials.NEO4J_AUTH, Neo4jCredentials.NEO4J_AUTH);
      return;
    }
    secretRef(envs, USERNAME_VAR, Neo4jCredentials.USERNAME);
    secretRef(envs, PASSWORD_VAR, Neo4jCredentials.PASSWORD);
    envs.addObject()
        .put("name", Neo4jCredentials.NEO4J_AUTH)
        .put("value", "$(" + USERNAME_VAR + ")/$(" + PASSWORD_VAR + ")");
  }

  private void secretRef(ArrayNode envs, String variable, String key) {
    envs.addObject()
        .put("name", variable)
        .putObject("valueFrom")
        .putObject("secretKeyRef")
        .put("name", server.adminSecret())
        .put("key", key);
  }

  private ObjectNode object(String apiVersion, String kind, String name) {
    ObjectNode o = ApiMapper.json().createObjectNode();
    o.put("apiVersion", apiVersion).put("kind", kind);
    ObjectNode meta = o.putObject("metadata");
    meta.put("name", name).put("namespace", server.namespace());
    meta.set("labels", labelsNode());
    return o;
  }

  /** {@code object} (its metadata) owned by the drill server's StatefulSet. */
  private void ownedByServer(ObjectNode object, String statefulSetUid) {
    ((ObjectNode) object.get("metadata"))
        .putArray("ownerReferences")
        .add(serverOwner(statefulSetUid));
  }

  /**
   * The owner reference to the drill server's StatefulSet (of UID {@code statefulSetUid}), for the
   * objects and the restore Job the garbage collector deletes with it.
   */
  public ObjectNode serverOwner(String statefulSetUid) {
    ObjectNode owner = ApiMapper.json().createObjectNode();
    owner
        .put("apiVersion", "apps/v1")
        .put("kind", "StatefulSet")
        .put("name", server.statefulSet())
        .put("uid", statefulSetUid);
    return owner;
  }

  private ObjectNode labelsNode() {
    ObjectNode labels = ApiMapper.json().createObjectNode();
    labels().forEach(labels::put);
    return labels;
  }

  private ObjectNode selectorLabels() {
    ObjectNode labels = ApiMapper.json().createObjectNode();
    labels.put(Labels.DRILL, restoreUid);
    labels.put(Labels.COMPONENT, COMPONENT);
    return labels;
  }
}

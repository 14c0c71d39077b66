package io.neo4jrestore.runner.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.drill.DrillServer;
import io.neo4jrestore.runner.neo4j.Neo4jCredentials;
import io.neo4jrestore.runner.target.Target;
import io.neo4jrestore.runner.target.TargetWorkload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Drill step: the throw-away server's data claim, headless Service and StatefulSet (at 0 replicas),
 * labelled as the drill's and owned by the Neo4jRestore. In another namespace ({@code
 * spec.drill.namespace}) they are made there after {@link DrillNamespace#check}, with generated
 * credentials, and the StatefulSet has no owner: the restore's finalizer holds its deletion until
 * the cleanup instead. What a dead runner left of an earlier try is deleted first, so every drill
 * starts from an empty claim; a resumed step finds its own objects (AlreadyExists) and goes on.
 */
final class CreateDrillServerStep implements Step {
  @Override
  public String name() {
    return Steps.CREATE_DRILL_SERVER;
  }

  @Override
  public String execute(RunContext c) throws Exception {
    DrillServer server = server(c);
    Target t = server.server();
    String ns = t.namespace();
    if (server.elsewhere()) {
      // before anything is made there: what the drill needs in that namespace
      DrillNamespace.check(c, DrillRestoreStep.build(c, "0"), t);
    }
    // what an earlier try left (a runner that died before its cleanup): a drill starts empty
    String left = DrillOutcome.cleanUp(c, line -> c.log().println(line));
    if (!"done".equals(left)) {
      throw new RestoreFailure(Reasons.INTERNAL_ERROR, "an earlier drill's objects: " + left);
    }
    c.waitFor(
        "the objects of an earlier drill (" + t.statefulSet() + ") to be gone",
        c.bounds().scaleUp(),
        () ->
            c.cluster().statefulSet(ns, t.statefulSet()).isEmpty()
                && c.cluster().pvc(ns, t.dataPvc(0)).isEmpty()
                && c.cluster().service(ns, t.boltService()).isEmpty()
                && (!server.elsewhere() || c.cluster().secret(ns, t.adminSecret()).isEmpty()),
        Reasons.DEADLINE_EXCEEDED);
    if (server.elsewhere()) {
      // the restore's deletion then waits for the cleanup: no owner crosses namespaces
      try {
        c.cluster()
            .finalizer(RestoreApi.path(c.namespace(), c.name()), DrillServer.FINALIZER, true);
      } catch (ApiException e) {
        if (e.getCode() != 403) {
          throw e;
        }
        throw new RestoreFailure(
            Reasons.PERMISSION_MISSING,
            "the runner may not put its finalizer on Neo4jRestore "
                + c.namespace()
                + "/"
                + c.name()
                + " (patch neo4jrestores, needed by a drill in another namespace): its Role"
                + " predates it; run kubectl neo4j-restore install --managed-namespace "
                + c.namespace()
                + ", then retry: "
                + c.retryCommand());
      }
    }
    // the StatefulSet first: the claim and the Service are its dependents
    c.cluster().createObject(apps(ns), server.statefulSet());
    String uid = serverUid(c);
    if (server.elsewhere()) {
      char[] password = DrillNamespace.password();
      try {
        c.cluster().createObject(core(ns, "secrets"), server.credentials(uid, password));
      } finally {
        java.util.Arrays.fill(password, '\0');
      }
    }
    c.cluster().createObject(core(ns, "persistentvolumeclaims"), server.claim(uid));
    c.cluster().createObject(core(ns, "services"), server.service(uid));
    return "StatefulSet "
        + t.statefulSet()
        + " (0 replicas), Service "
        + t.boltService()
        + " and claim "
        + t.dataPvc(0)
        + " created in "
        + ns;
  }

  /** The UID of the drill server's StatefulSet: the owner of its claim, Service and Job. */
  static String serverUid(RunContext c) throws Exception {
    Target t = c.drillServer();
    return c.cluster()
        .statefulSet(t.namespace(), t.statefulSet())
        .map(s -> s.getMetadata().getUid())
        .orElseThrow(
            () ->
                new RestoreFailure(
                    Reasons.DRILL_SERVER_NOT_READY,
                    "the drill server's StatefulSet "
                        + t.namespace()
                        + "/"
                        + t.statefulSet()
                        + " is gone"));
  }

  /** The drill server for this run: the target's image, license, credentials and volume size. */
  static DrillServer server(RunContext c) throws Exception {
    Target real = c.target();
    Optional<V1StatefulSet> sts = c.cluster().statefulSet(real.namespace(), real.statefulSet());
    List<JsonNode> env = new ArrayList<>();
    V1Container container = sts.map(CreateDrillServerStep::serverContainer).orElse(null);
    if (container != null && container.getEnv() != null) {
      for (V1EnvVar e : container.getEnv()) {
        if (DrillServer.COPIED_ENV.contains(e.getName())) {
          env.add(envVar(e));
        }
      }
    }
    TargetWorkload w = real.workload();
    String size =
        w.dataVolumeSize() == null
            ? DrillServer.DEFAULT_STORAGE
            : w.dataVolumeSize().toSuffixedString();
    Optional<V1PersistentVolumeClaim> data = c.cluster().pvc(real.namespace(), real.dataPvc(0));
    String storageClass =
        data.map(p -> p.getSpec() == null ? null : p.getSpec().getStorageClassName()).orElse(null);
    Target server = c.drillServer();
    boolean elsewhere = !server.namespace().equals(real.namespace());
    return new DrillServer(
        c.name(),
        c.restore().metadata().uid(),
        c.namespace(),
        server,
        env,
        // elsewhere: the generated credentials, under NEO4J_AUTH
        elsewhere ? Neo4jCredentials.Layout.NEO4J_AUTH : authLayout(c, real),
        size,
        storageClass);
  }

  /**
   * Where the target's admin Secret keeps the credentials the drill server is started with and the
   * runner logs in with; refused ({@code CredentialsMissing}) before anything is created when the
   * Secret or its keys are missing, which would leave the server's pod unable to start.
   */
  static Neo4jCredentials.Layout authLayout(RunContext c, Target real) throws Exception {
    String where = real.namespace() + "/" + real.adminSecret();
    V1Secret secret =
        real.adminSecret() == null
            ? null
            : c.cluster().secret(real.namespace(), real.adminSecret()).orElse(null);
    if (secret == null) {
      throw new RestoreFailure(
          Reasons.CREDENTIALS_MISSING,
          "admin Secret "
              + where
              + " of "
              + real.name()
              + " not found; the drill server is started with its credentials. Create it or fix"
              + " the target's spec.auth.adminSecret, then retry: "
              + c.retryCommand());
    }
    Set<String> keys = secret.getData() == null ? Set.of() : secret.getData().keySet();
    return Neo4jCredentials.Layout.of(keys)
        .orElseThrow(
            () ->
                new RestoreFailure(
                    Reasons.CREDENTIALS_MISSING,
                    Neo4jCredentials.missingKeys("admin Secret " + where, keys).getMessage()
                        + "; then retry: "
                        + c.retryCommand()));
  }

  private static V1Container serverContainer(V1StatefulSet sts) {
    if (sts.getSpec() == null
        || sts.getSpec().getTemplate().getSpec() == null
        || sts.getSpec().getTemplate().getSpec().getContainers().isEmpty()) {
      return null;
    }
    List<V1Container> containers = sts.getSpec().getTemplate().getSpec().getContainers();
    return containers.stream()
        .filter(k -> TargetWorkload.SERVER_CONTAINER.equals(k.getName()))
        .findFirst()
        .orElse(containers.get(0));
  }

  /** A value, or a reference to a Secret or ConfigMap key: never the Secret's content. */
  private static JsonNode envVar(V1EnvVar e) {
    var node = ApiMapper.json().createObjectNode().put("name", e.getName());
    if (e.getValue() != null) {
      node.put("value", e.getValue());
    } else if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
      node.putObject("valueFrom")
          .putObject("secretKeyRef")
          .put("name", e.getValueFrom().getSecretKeyRef().getName())
          .put("key", e.getValueFrom().getSecretKeyRef().getKey());
    } else if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
      node.putObject("valueFrom")
          .putObject("configMapKeyRef")
          .put("name", e.getValueFrom().getConfigMapKeyRef().getName())
          .put("key", e.getValueFrom().getConfigMapKeyRef().getKey());
    }
    return node;
  }

  static String core(String namespace, String plural) {
    return "/api/v1/namespaces/" + namespace + "/" + plural;
  }

  static String apps(String namespace) {
    return "/apis/apps/v1/namespaces/" + namespace + "/statefulsets";
  }
}

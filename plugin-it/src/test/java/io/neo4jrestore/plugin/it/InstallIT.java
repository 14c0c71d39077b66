package io.neo4jrestore.plugin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.kube.ApiStatusException;
import io.neo4jrestore.plugin.BuildInfo;
import io.neo4jrestore.plugin.install.Installer;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl neo4j-restore install} against the real API server: server-side apply of the CRD,
 * RBAC, dispatcher and admission policy, twice; the policy refuses a runner Job with another image
 * and admits the plugin's own. The cluster-scoped policy is removed afterwards.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// the mirror test changes the cluster-wide policy: it runs last
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallIT {
  private static final String POLICY =
      "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/neo4j-restore-runner-jobs";
  private static final String BINDING =
      "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/"
          + "neo4j-restore-runner-jobs";
  private static final String DRILL_POLICY =
      "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/"
          + "neo4j-restore-runner-drill-objects";
  private static final String DRILL_BINDING =
      "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/"
          + "neo4j-restore-runner-drill-objects";
  private static final String FINALIZER_POLICY =
      "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/"
          + "neo4j-restore-runner-restore-finalizer";
  private static final String FINALIZER_BINDING =
      "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/"
          + "neo4j-restore-runner-restore-finalizer";
  private ControlPlane cp;
  private String ns;
  private String managed;
  private Kubectl kubectl;
  private Admin admin;

  @BeforeAll
  void setUp(ControlPlane cp, @TempDir Path dir) {
    this.cp = cp;
    ns = cp.createNamespace("install");
    managed = cp.createNamespace("managed");
    admin = new Admin(cp.adminKubeconfig());
    kubectl = new Kubectl(Admin.threeFileKubeconfig(dir, cp.adminKubeconfig(), ns));
  }

  @AfterAll
  void removePolicy() {
    for (String path :
        new String[] {
          BINDING, POLICY, DRILL_BINDING, DRILL_POLICY, FINALIZER_BINDING, FINALIZER_POLICY
        }) {
      try {
        admin.api.delete(path, Map.of(), null);
      } catch (ApiStatusException ignored) {
        // not installed
      }
    }
  }

  private static boolean exists(Admin admin, String path) {
    try {
      admin.api.get(path, Map.of());
      return true;
    } catch (ApiStatusException e) {
      if (e.isNotFound()) {
        return false;
      }
      throw e;
    }
  }

  /** A Job that runs as neo4j-restore-runner with this image. */
  private ObjectNode runnerJob(String name, String image) {
    ObjectNode j = ApiMapper.json().createObjectNode();
    j.put("apiVersion", "batch/v1");
    j.put("kind", "Job");
    j.putObject("metadata").put("name", name);
    ObjectNode pod = j.putObject("spec").putObject("template").putObject("spec");
    pod.put("serviceAccountName", "neo4j-restore-runner");
    pod.put("restartPolicy", "Never");
    ObjectNode c = pod.putArray("containers").addObject();
    c.put("name", "runner").put("image", image);
    c.putArray("args").add("run").add("--namespace").add(managed).add("--name").add(name);
    return j;
  }

  @Test
  void installs_everything_twice_and_the_policy_guards_runner_jobs() throws Exception {
    Kubectl.Result first = kubectl.run("install", "--managed-namespace", managed);
    assertEquals(0, first.exitCode(), first.toString());
    assertTrue(
        first
            .out()
            .contains(
                "customresourcedefinition.apiextensions.k8s.io/neo4jrestores.neo4j.neo4j.com"
                    + " serverside-applied"),
        first.toString());
    Kubectl.Result second = kubectl.run("install", "--managed-namespace", managed);
    assertEquals(0, second.exitCode(), second.toString());
    assertEquals(first.out(), second.out());

    assertTrue(
        exists(admin, "/api/v1/namespaces/" + managed + "/serviceaccounts/neo4j-restore-runner"));
    assertTrue(
        exists(
            admin,
            "/apis/rbac.authorization.k8s.io/v1/namespaces/"
                + managed
                + "/roles/neo4j-restore-runner"));
    assertTrue(
        exists(admin, "/apis/batch/v1/namespaces/" + ns + "/cronjobs/neo4j-restore-dispatcher"));
    assertTrue(exists(admin, POLICY));
    assertTrue(exists(admin, BINDING));
    JsonNode crd = admin.api.get(Installer.CRD_PATH, Map.of()).body();
    assertTrue(Installer.ownedByUs(crd), crd.at("/metadata/annotations").toString());
    assertTrue(
        crd.at("/metadata/managedFields").toString().contains("kubectl-neo4j-restore"),
        "applied with the plugin's field manager");
    String image = BuildInfo.load().runnerImage();
    assertEquals(
        image, dispatcher().at("/spec/jobTemplate/spec/template/spec/containers/0/image").asText());

    // the policy: another image is refused (the binding takes a moment to be enforced)
    ApiStatusException refused = null;
    for (int i = 0; i < 100 && refused == null; i++) {
      try {
        admin.api.post(
            "/apis/batch/v1/namespaces/" + managed + "/jobs",
            Map.of("dryRun", "All"),
            runnerJob("evil", "example.com/evil:1"));
        Thread.sleep(200);
      } catch (ApiStatusException e) {
        refused = e;
      }
    }
    assertTrue(refused != null, "a runner Job with another image was admitted");
    assertEquals(422, refused.code(), refused.getMessage());
    assertTrue(
        refused.getMessage().contains("must run only the runner image " + image),
        refused.getMessage());

    // the plugin's own runner Job is admitted
    Kubectl.Result created = kubectl.run(Kubectl.createArgs("nightly", "-n", managed));
    assertEquals(0, created.exitCode(), created.toString());
    assertTrue(created.err().contains("runner Job nightly-run-"), created.toString());

    // version reads the schema back from the API server: it is exactly the one shipped
    Kubectl.Result version = kubectl.run("version");
    assertEquals(0, version.exitCode(), version.toString());
    assertTrue(version.out().contains("Server version: v1.36.3"), version.toString());
    assertTrue(version.out().contains("(this plugin's)"), version.toString());
    assertTrue(
        version.out().contains("neo4j-restore-dispatcher starts runner image " + image),
        version.toString());
    assertEquals("", version.err(), version.toString());
  }

  @Test
  @Order(2)
  void the_runner_creates_and_deletes_only_restore_drill_objects() throws Exception {
    Kubectl.Result installed = kubectl.run("install", "--managed-namespace", managed);
    assertEquals(0, installed.exitCode(), installed.toString());
    Admin runner = new Admin(cp.kubeconfigForServiceAccount(managed, "neo4j-restore-runner"));
    String statefulSets = "/apis/apps/v1/namespaces/" + managed + "/statefulsets";
    // an unlabelled StatefulSet (a target's) cannot be created or deleted with the runner's token
    ApiStatusException created = null;
    for (int i = 0; i < 100 && created == null; i++) {
      try {
        runner.api.post(statefulSets, Map.of("dryRun", "All"), statefulSet("target", false));
        Thread.sleep(200); // the binding takes a moment to be enforced
      } catch (ApiStatusException e) {
        created = e;
      }
    }
    assertTrue(created != null, "the runner created an unlabelled StatefulSet");
    assertEquals(422, created.code(), created.getMessage());
    assertTrue(created.getMessage().contains("only restore-drill objects"), created.getMessage());
    admin.api.post(statefulSets, Map.of(), statefulSet("target", false));
    ApiStatusException deleted =
        org.junit.jupiter.api.Assertions.assertThrows(
            ApiStatusException.class,
            () -> runner.api.delete(statefulSets + "/target", Map.of(), null));
    assertEquals(422, deleted.code(), deleted.getMessage());
    assertTrue(exists(admin, statefulSets + "/target"), "the target's StatefulSet is still there");
    // a drill's is created and deleted
    runner.api.post(statefulSets, Map.of(), statefulSet("drill", true));
    runner.api.delete(statefulSets + "/drill", Map.of(), null);
  }

  @Test
  @Order(3)
  void in_a_drill_namespace_the_runner_makes_only_drill_objects_and_patches_only_finalizers()
      throws Exception {
    String drills = cp.createNamespace("drills");
    String third = cp.createNamespace("third");
    Kubectl.Result first =
        kubectl.run("install", "--managed-namespace", managed, "--drill-namespace", drills);
    assertEquals(0, first.exitCode(), first.toString());
    assertTrue(
        first
            .out()
            .contains("role.rbac.authorization.k8s.io/neo4j-restore-drill serverside-applied"),
        first.toString());
    Kubectl.Result second =
        kubectl.run("install", "--managed-namespace", managed, "--drill-namespace", drills);
    assertEquals(first.out(), second.out(), "running install again changes nothing");
    assertTrue(
        exists(
            admin,
            "/apis/rbac.authorization.k8s.io/v1/namespaces/"
                + drills
                + "/rolebindings/neo4j-restore-drill-"
                + managed));
    Admin runner = new Admin(cp.kubeconfigForServiceAccount(managed, "neo4j-restore-runner"));
    String statefulSets = "/apis/apps/v1/namespaces/" + drills + "/statefulsets";
    String secrets = "/api/v1/namespaces/" + drills + "/secrets";

    // in the drill namespace: unlabelled objects are refused by the policy (once RBAC and the
    // policy are in force), drill-labelled ones created, the StatefulSet deleted
    ApiStatusException sts =
        policyRefusal(
            () -> runner.api.post(statefulSets, Map.of("dryRun", "All"), statefulSet("x", false)));
    assertTrue(sts.getMessage().contains("only restore-drill objects"), sts.getMessage());
    ApiStatusException secret =
        policyRefusal(
            () -> runner.api.post(secrets, Map.of("dryRun", "All"), secret("creds", false)));
    assertTrue(secret.getMessage().contains("only restore-drill objects"), secret.getMessage());
    runner.api.post(statefulSets, Map.of(), statefulSet("drill", true));
    runner.api.post(secrets, Map.of(), secret("drill-credentials", true));
    runner.api.delete(statefulSets + "/drill", Map.of(), null);

    // anywhere else: no right at all
    for (Runnable call :
        List.<Runnable>of(
            () ->
                runner.api.post(
                    "/apis/apps/v1/namespaces/" + third + "/statefulsets",
                    Map.of("dryRun", "All"),
                    statefulSet("drill", true)),
            () ->
                runner.api.post(
                    "/api/v1/namespaces/" + third + "/secrets",
                    Map.of("dryRun", "All"),
                    secret("drill-credentials", true)))) {
      ApiStatusException e = assertThrows(ApiStatusException.class, call::run);
      assertEquals(403, e.code(), e.getMessage());
    }

    // its own restore: the finalizer only
    admin.api.post(
        "/apis/" + RestoreApi.API_VERSION + "/namespaces/" + managed + "/" + RestoreApi.PLURAL,
        Map.of(),
        ApiMapper.yaml()
            .readTree(
                """
                apiVersion: neo4j.neo4j.com/v1alpha1
                kind: Neo4jRestore
                metadata: {name: drilled}
                spec: {targetCluster: prod, databaseName: movies, source: {type: backup, backupRef: nightly}}
                """));
    String restore = Admin.restorePath(managed, "drilled");
    ApiStatusException spec =
        policyRefusal(
            () ->
                runner.api.mergePatch(
                    restore, Map.of("dryRun", "All"), Map.of("spec", Map.of("timeout", "2h"))));
    assertTrue(spec.getMessage().contains("not its spec"), spec.getMessage());
    ApiStatusException annotations =
        assertThrows(
            ApiStatusException.class,
            () ->
                runner.api.mergePatch(
                    restore,
                    Map.of(),
                    Map.of("metadata", Map.of("annotations", Map.of("x", "y")))));
    assertEquals(422, annotations.code(), annotations.getMessage());
    assertTrue(annotations.getMessage().contains("not its annotations"), annotations.getMessage());
    String finalizer = "restore.neo4j.neo4j.com/drill-cleanup";
    runner.api.mergePatch(
        restore, Map.of(), Map.of("metadata", Map.of("finalizers", List.of(finalizer))));
    assertEquals(
        finalizer, admin.api.get(restore, Map.of()).body().at("/metadata/finalizers/0").asText());
    runner.api.mergePatch(restore, Map.of(), Map.of("metadata", Map.of("finalizers", List.of())));
    assertTrue(
        admin.api.get(restore, Map.of()).body().at("/metadata/finalizers/0").isMissingNode(),
        "the finalizer is removed");
    // the dispatcher still sets a scheduled drill's retry annotation with its own token
    Admin dispatcher = new Admin(cp.kubeconfigForServiceAccount(ns, "neo4j-restore-dispatcher"));
    dispatcher.api.mergePatch(
        restore,
        Map.of(),
        Map.of("metadata", Map.of("annotations", Map.of(Annotations.RETRY, "drill-1"))));
  }

  /** The policy's refusal of {@code call}, once RBAC and the policy are in force (a moment). */
  private static ApiStatusException policyRefusal(Runnable call) throws InterruptedException {
    ApiStatusException last = null;
    for (int i = 0; i < 100; i++) {
      try {
        call.run();
      } catch (ApiStatusException e) {
        if (e.code() == 422) {
          return e;
        }
        last = e;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("not refused by an admission policy; last refusal: " + last);
  }

  /** An object with just its kind and name, and the drill label or not. */
  private static ObjectNode named(String apiVersion, String kind, String name, boolean drill) {
    ObjectNode o = ApiMapper.json().createObjectNode();
    o.put("apiVersion", apiVersion).put("kind", kind);
    ObjectNode meta = o.putObject("metadata").put("name", name);
    if (drill) {
      meta.putObject("labels").put(io.neo4jrestore.api.Labels.DRILL, "uid");
    }
    return o;
  }

  /** A Secret, with the drill label or without. */
  private static ObjectNode secret(String name, boolean drill) {
    ObjectNode s = named("v1", "Secret", name, drill);
    s.putObject("stringData").put("password", "never");
    return s;
  }

  /** A StatefulSet of 0 replicas, with the drill label or without. */
  private static ObjectNode statefulSet(String name, boolean drill) {
    ObjectNode sts = named("apps/v1", "StatefulSet", name, drill);
    ObjectNode spec = sts.putObject("spec").put("replicas", 0).put("serviceName", name);
    spec.putObject("selector").putObject("matchLabels").put("app", name);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", name);
    template
        .putObject("spec")
        .putArray("containers")
        .addObject()
        .put("name", "neo4j")
        .put("image", "neo4j:5.26.12-enterprise");
    return sts;
  }

  private JsonNode dispatcher() {
    return admin
        .api
        .get("/apis/batch/v1/namespaces/" + ns + "/cronjobs/neo4j-restore-dispatcher", Map.of())
        .body();
  }

  /** The refusal of a runner Job with this image, once the policy in force refuses it. */
  private ApiStatusException refusal(String image) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      try {
        admin.api.post(
            "/apis/batch/v1/namespaces/" + managed + "/jobs",
            Map.of("dryRun", "All"),
            runnerJob("refused-" + i, image));
        Thread.sleep(200);
      } catch (ApiStatusException e) {
        return e;
      }
    }
    throw new AssertionError("a runner Job with image " + image + " was admitted");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void a_mirrors_image_replaces_the_default_in_the_dispatcher_and_the_policy() throws Exception {
    String mirror = "mirror.internal:5000/neo4j/neo4j-restore-runner:" + BuildInfo.load().version();
    Kubectl.Result r =
        kubectl.run("install", "--managed-namespace", managed, "--runner-image", mirror);
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode cron = dispatcher();
    assertEquals(
        mirror, cron.at("/spec/jobTemplate/spec/template/spec/containers/0/image").asText());
    assertTrue(cron.toString().contains("\"--runner-image\",\"" + mirror + "\""), cron.toString());
    // the default image is now refused for runner Jobs, and the mirror's admitted
    ApiStatusException refused = refusal(BuildInfo.load().runnerImage());
    assertEquals(422, refused.code(), refused.getMessage());
    assertTrue(
        refused.getMessage().contains("must run only the runner image " + mirror),
        refused.getMessage());
    admin.api.post(
        "/apis/batch/v1/namespaces/" + managed + "/jobs",
        Map.of("dryRun", "All"),
        runnerJob("mirrored", mirror));
  }

  @Test
  void refuses_a_missing_namespace_without_changing_anything() {
    Kubectl.Result r = kubectl.run("install", "--managed-namespace", "does-not-exist-ns");
    assertEquals(5, r.exitCode(), r.toString());
    assertTrue(r.err().contains("namespace does-not-exist-ns does not exist"), r.err());
  }

  @Test
  void dry_run_client_prints_yaml_that_kubectl_accepts() {
    Kubectl.Result r = kubectl.run("install", "--dry-run=client", "-o", "yaml");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("kind: CustomResourceDefinition"), r.out());
    assertTrue(r.out().contains("namespace: " + ns), r.out());
  }
}

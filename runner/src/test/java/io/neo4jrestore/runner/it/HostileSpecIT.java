package io.neo4jrestore.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Job;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.RunnerExit;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.runner.RunCommand;
import io.neo4jrestore.runner.it.HostileCorpus.Accepted;
import io.neo4jrestore.runner.it.HostileCorpus.Refused;
import io.neo4jrestore.runner.kube.LenientJson;
import io.neo4jrestore.runner.kube.RawApi;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import io.neo4jrestore.testenv.FakeKubelet;
import io.neo4jrestore.testenv.Wait;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hostile corpus ({@link HostileCorpus}) against the real API server and the runner: every
 * refused case is refused by the CRD (where a rule covers it) naming the field, and by the runner
 * before anything changes on the target (replicas, annotations, databases, PVCs, Jobs,
 * ServiceAccounts); every accepted case produces exactly its command and statements.
 *
 * <p>The runner's own checks are the point: for the refused cases the CRD is swapped for a copy
 * without any rule (types only, as an older CRD, one edited by hand, or a server that skips CEL
 * would leave it), so every hostile value reaches the runner. The shipped CRD is put back after.
 * One control plane, one namespace, one cluster and one standalone for all cases.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileSpecIT {
  /** Keywords of the spec's schema that validate rather than describe structure. */
  private static final Set<String> VALIDATION_KEYWORDS =
      Set.of(
          "x-kubernetes-validations",
          "pattern",
          "format",
          "enum",
          "maxLength",
          "minLength",
          "maxItems",
          "maxProperties",
          "minimum",
          "maximum",
          "required");

  private ControlPlane cp;
  private FakeKubelet kubelet;
  private TargetFixtures fixtures;
  private RawApi raw;
  private String ns;
  private Snapshot before;
  private int counter;
  private boolean relaxed;

  @BeforeAll
  void setUp(ControlPlane controlPlane, FakeKubelet fakeKubelet) throws Exception {
    LenientJson.install();
    cp = controlPlane;
    kubelet = fakeKubelet;
    fixtures = new TargetFixtures(cp.admin());
    raw = new RawApi(cp.admin());
    ns = cp.createNamespace("hostile");
    kubelet.autoCompleteJobs(true);
    fixtures.cluster(ns, "prod", "2025.04.0-enterprise", 3);
    fixtures.standalone(ns, "solo", "2025.04.0-enterprise");
    fixtures.secret(
        ns, "aws-creds", Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "s"));
    fixtures.secret(ns, "gcs-creds", Map.of("GOOGLE_APPLICATION_CREDENTIALS_JSON", "{}"));
    fixtures.secret(
        ns, "azure-creds", Map.of("AZURE_STORAGE_ACCOUNT", "acct", "AZURE_STORAGE_KEY", "k"));
    fixtures.secret(ns, "azure-evil", Map.of("AZURE_STORAGE_ACCOUNT", "acct/../other"));
    fixtures.secret(ns, "pitr-key", Map.of("key", "k"));
    fixtures.pvc(ns, "backups");
    Map<String, Object> aws = Map.of("provider", "aws", "credentialsSecretRef", "aws-creds");
    fixtures.backup(
        ns,
        "nightly",
        Map.of("type", "s3", "bucket", "neo4j-backups", "path", "backups", "cloud", aws));
    fixtures.backup(ns, "nopath", Map.of("type", "s3", "bucket", "neo4j-backups", "cloud", aws));
    fixtures.backup(
        ns,
        "evil-path",
        Map.of("type", "s3", "bucket", "neo4j-backups", "path", "../../other-team", "cloud", aws));
    fixtures.backup(ns, "evil-bucket", Map.of("type", "s3", "bucket", "other/../x", "cloud", aws));
  }

  /**
   * The shipped CRD back for the ITs that follow in this JVM, and the ~730 restores gone with their
   * namespace (an all-namespaces dispatcher in a later IT would otherwise list them).
   */
  @AfterAll
  void putTheCrdBack() throws ApiException {
    if (relaxed) {
      strictCrd();
    }
    new CoreV1Api(cp.admin()).deleteNamespace(ns).execute();
  }

  @TestFactory
  @Order(1)
  Stream<DynamicTest> the_api_server_refuses_each_case_its_rules_cover_naming_the_field() {
    return HostileCorpus.refused().stream()
        .filter(c -> c.crd() != null)
        .map(c -> DynamicTest.dynamicTest(c.id(), () -> crdRefuses(c)));
  }

  @TestFactory
  @Order(2)
  Stream<DynamicTest> the_api_server_accepts_each_accepted_case() {
    return HostileCorpus.accepted().stream()
        .map(c -> DynamicTest.dynamicTest(c.id(), () -> create(c.resource(), "dry", true)));
  }

  @TestFactory
  @Order(3)
  Stream<DynamicTest> each_accepted_case_produces_exactly_its_command_and_statements() {
    return HostileCorpus.accepted().stream()
        .map(c -> DynamicTest.dynamicTest(c.id(), () -> restores(c)));
  }

  @TestFactory
  @Order(4)
  Stream<DynamicTest> the_runner_refuses_each_case_before_anything_changes() {
    List<Refused> cases = HostileCorpus.refused();
    return Stream.concat(
        Stream.of(DynamicTest.dynamicTest("install the CRD without its rules", this::relaxCrd)),
        cases.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> runnerRefuses(c))));
  }

  private void crdRefuses(Refused c) throws Exception {
    try {
      create(c.resource(), "crd", true);
      fail("the API server accepted " + c.id());
    } catch (ApiException e) {
      assertTrue(e.getCode() == 422 || e.getCode() == 400, "HTTP " + e.getCode());
      JsonNode status = ApiMapper.json().readTree(e.getResponseBody());
      boolean named = false;
      for (JsonNode cause : status.at("/details/causes")) {
        named |=
            cause.path("field").asText().equals(c.crd().field())
                && cause.path("message").asText().contains(c.crd().message());
      }
      assertTrue(named, () -> "expected " + c.crd() + " in " + e.getResponseBody());
    }
  }

  private void restores(Accepted c) throws Exception {
    FakeDatabase database = new FakeDatabase();
    String name = create(c.resource(), "ok", false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RunnerExit exit = run(name, database, out);
    Neo4jRestore r = fixtures.read(ns, name);
    assertEquals(RunnerExit.SUCCEEDED, exit, r.status().message() + "\n" + out);
    assertEquals(Phases.COMPLETED, r.status().phase());
    V1Job job = job(r, JobRole.RESTORE);
    V1Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals(c.command(), container.getCommand());
    if (c.statements() == null) {
      return;
    }
    assertEquals(c.statements(), database.calls);
    V1Container hook =
        job(r, JobRole.POST_HOOK).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals(List.of("/check"), hook.getCommand());
    assertEquals(HostileCorpus.HOOK_ARGS, hook.getArgs());
    assertEquals(
        List.of(new V1EnvVar().name("CHECK").value(HostileCorpus.HOOK_ENV_VALUE)), hook.getEnv());
    String everything =
        ApiMapper.toJson(r.status()) + out + RestoreReads.events(cp.admin(), ns, name);
    for (String secret : List.of(HostileCorpus.HOOK_ENV_VALUE, "DROP DATABASE", "$(reboot)")) {
      assertFalse(everything.contains(secret), secret + " must not reach status, events or logs");
    }
  }

  private void runnerRefuses(Refused c) throws Exception {
    FakeDatabase database = new FakeDatabase().withDatabase("movies");
    String name = create(c.resource(), "no", false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RunnerExit exit = run(name, database, out);
    Neo4jRestore r = fixtures.read(ns, name);
    String log = out.toString(StandardCharsets.UTF_8);
    assertEquals(Phases.FAILED, r.status().phase(), r.status().message() + "\n" + log);
    assertEquals(c.reason(), r.status().condition(Conditions.READY).reason(), r.status().message());
    assertEquals(
        HostileCorpus.INVALID.equals(c.reason()) ? RunnerExit.INVALID_SPEC : RunnerExit.FAILED,
        exit);
    for (String part : c.messages()) {
      assertTrue(r.status().message().contains(part), () -> part + " in " + r.status().message());
    }
    for (String line : log.split("\n")) {
      assertTrue(
          line.matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[^\\p{Cntrl}]*$"),
          () -> "one runner log line per line, no control characters: " + HostileCorpus.show(line));
    }
    assertTrue(
        database.calls.stream().allMatch(call -> call.startsWith("exists ")),
        "only reads on Neo4j: " + database.calls);
    Snapshot after = snapshot();
    if (!after.equals(before)) {
      Snapshot was = before;
      before = after; // the next case is judged on its own
      assertEquals(was, after, "nothing on the target changed");
    }
  }

  private RunnerExit run(String name, FakeDatabase database, ByteArrayOutputStream out) {
    return new RunCommand(
            TestWiring.with(database), new PrintStream(out, true, StandardCharsets.UTF_8))
        .target(ns, name)
        .run(cp.admin());
  }

  /**
   * Creates (or with {@code dryRun} only sends) the resource under a fresh name, or under its own
   * when it has one (a case about names).
   */
  private String create(ObjectNode resource, String prefix, boolean dryRun) throws ApiException {
    ObjectNode body = resource.deepCopy();
    String own = body.at("/metadata/name").asText();
    String name = own.equals("x") ? prefix + "-" + (++counter) : own;
    ((ObjectNode) body.get("metadata")).put("name", name);
    raw.post(
        "/apis/" + RestoreApi.API_VERSION + "/namespaces/" + ns + "/" + RestoreApi.PLURAL,
        body,
        dryRun ? Map.of("dryRun", "All", "fieldValidation", "Strict") : Map.of());
    return name;
  }

  private V1Job job(Neo4jRestore r, JobRole role) throws ApiException {
    String job =
        ResourceNames.job(
            r.metadata().name(), r.metadata().uid(), r.metadata().generation(), null, role);
    return new BatchV1Api(cp.admin()).readNamespacedJob(job, ns).execute();
  }

  /** What a restore could change on the target {@code prod} and around it. */
  private record Snapshot(
      Integer replicas,
      Long generation,
      Map<String, String> annotations,
      List<String> pvcs,
      List<String> jobs,
      List<String> serviceAccounts) {}

  private Snapshot snapshot() throws Exception {
    var sts = new AppsV1Api(cp.admin()).readNamespacedStatefulSet("prod-server", ns).execute();
    CoreV1Api core = new CoreV1Api(cp.admin());
    List<String> pvcs =
        core.listNamespacedPersistentVolumeClaim(ns).execute().getItems().stream()
            .map(
                p ->
                    p.getMetadata().getName()
                        + " "
                        + p.getMetadata().getUid()
                        + " "
                        + p.getMetadata().getResourceVersion())
            .sorted()
            .toList();
    List<String> jobs =
        new BatchV1Api(cp.admin())
            .listNamespacedJob(ns).execute().getItems().stream()
                .map(j -> j.getMetadata().getName())
                .filter(j -> !j.startsWith("ok-"))
                .sorted()
                .toList();
    List<String> accounts =
        core.listNamespacedServiceAccount(ns).execute().getItems().stream()
            .map(a -> a.getMetadata().getName())
            .filter(a -> !a.startsWith("ok-"))
            .sorted()
            .toList();
    return new Snapshot(
        sts.getSpec().getReplicas(),
        sts.getMetadata().getGeneration(),
        fixtures.clusterAnnotations(ns, "prod"),
        pvcs,
        jobs,
        accounts);
  }

  /** The shipped CRD without a single validation: every hostile value reaches the runner. */
  private void relaxCrd() throws Exception {
    before = snapshot();
    JsonNode crd = ApiMapper.yaml().readTree(shippedCrd());
    strip(crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec"));
    relaxed = true;
    cp.installCrd(ApiMapper.yaml().writeValueAsString(crd));
    ObjectNode probe = HostileCorpus.with(HostileCorpus.S3, "/spec/source/backupPath", "../x");
    Wait.until(
        "the CRD without rules to be served",
        Duration.ofSeconds(60),
        () -> {
          try {
            create(probe, "probe", true);
            return true;
          } catch (ApiException e) {
            return false;
          }
        });
  }

  private void strictCrd() {
    cp.installCrd(shippedCrd());
    ObjectNode probe = HostileCorpus.with(HostileCorpus.S3, "/spec/source/backupPath", "../x");
    Wait.until(
        "the shipped CRD to be served again",
        Duration.ofSeconds(60),
        () -> {
          try {
            create(probe, "probe", true);
            return false;
          } catch (ApiException e) {
            return e.getCode() == 422;
          }
        });
    relaxed = false;
  }

  private static void strip(JsonNode node) {
    if (node.isMissingNode()) {
      throw new IllegalStateException("no spec schema in the CRD");
    }
    if (node.isObject()) {
      ((ObjectNode) node).remove(VALIDATION_KEYWORDS);
      node.forEach(HostileSpecIT::strip);
    } else if (node.isArray()) {
      node.forEach(HostileSpecIT::strip);
    }
  }

  private static String shippedCrd() {
    try (InputStream in = RestoreApi.class.getResourceAsStream(RestoreApi.CRD_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

package io.neo4jrestore.testenv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.PatchUtils;
import io.neo4jrestore.api.RestoreApi;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The CRD as the real API server enforces it. */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomResourceValidationIT {
  private ControlPlane cp;
  private CustomObjectsApi api;
  private String ns;

  @BeforeAll
  void setUp(ControlPlane controlPlane) {
    cp = controlPlane;
    api = new CustomObjectsApi(cp.admin());
    ns = cp.createNamespace("crd");
  }

  List<Path> examples() {
    return CorpusFiles.examples();
  }

  List<Path> invalid() {
    return CorpusFiles.invalid();
  }

  private Object create(Map<String, Object> body, boolean dryRun) throws ApiException {
    var call =
        api.createNamespacedCustomObject(
                RestoreApi.GROUP, RestoreApi.VERSION, ns, RestoreApi.PLURAL, body)
            .fieldValidation("Strict");
    if (dryRun) {
      call = call.dryRun("All");
    }
    return call.execute();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void every_reference_example_is_accepted_by_dry_run_and_apply(Path file) throws ApiException {
    create(CorpusFiles.body(file, ns), true);
    create(CorpusFiles.body(file, ns), false);
    @SuppressWarnings("unchecked")
    Map<String, Object> stored =
        (Map<String, Object>)
            api.getNamespacedCustomObject(
                    RestoreApi.GROUP, RestoreApi.VERSION, ns, RestoreApi.PLURAL, name(file))
                .execute();
    assertTrue(stored.containsKey("spec"), stored.toString());
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void every_invalid_resource_is_refused_naming_the_field(Path file) {
    String[] expected = CorpusFiles.expectation(file);
    ApiException e =
        assertThrows(
            ApiException.class, () -> create(CorpusFiles.body(file, ns), true), file.toString());
    String body = e.getResponseBody();
    assertTrue(e.getCode() == 422 || e.getCode() == 400, "HTTP " + e.getCode() + ": " + body);
    assertTrue(
        body.contains(expected[0]) && body.contains(expected[1].replace("\"", "\\\"")),
        () ->
            file.getFileName()
                + ": expected '"
                + expected[0]
                + ": "
                + expected[1]
                + "' in "
                + body);
  }

  @Test
  void target_database_and_source_are_immutable() throws ApiException {
    Path file = examples().get(0);
    Map<String, Object> body = CorpusFiles.body(file, ns);
    @SuppressWarnings("unchecked")
    Map<String, Object> meta = (Map<String, Object>) body.get("metadata");
    meta.put("name", "immutable-check");
    create(body, false);
    for (String[] change :
        List.of(
            new String[] {
              "{\"spec\":{\"targetCluster\":\"elsewhere\"}}", "targetCluster is immutable"
            },
            new String[] {"{\"spec\":{\"databaseName\":\"otherdb\"}}", "databaseName is immutable"},
            new String[] {
              "{\"spec\":{\"source\":{\"backupRef\":\"other\"}}}", "source is immutable"
            })) {
      ApiException e =
          assertThrows(ApiException.class, () -> mergePatch("immutable-check", change[0], false));
      assertEquals(422, e.getCode());
      assertTrue(e.getResponseBody().contains(change[1]), e.getResponseBody());
    }
    // other fields stay editable
    mergePatch("immutable-check", "{\"spec\":{\"timeout\":\"3h\"}}", false);
  }

  @Test
  @SuppressWarnings("unchecked")
  void status_and_spec_are_written_through_separate_endpoints() throws ApiException {
    Path file = examples().get(0);
    Map<String, Object> body = CorpusFiles.body(file, ns);
    ((Map<String, Object>) body.get("metadata")).put("name", "status-check");
    create(body, false);
    mergePatch(
        "status-check",
        "{\"status\":{\"phase\":\"Running\",\"message\":\"restoring\",\"steps\":[{\"name\":\"Restore\",\"state\":\"Running\"}],"
            + "\"undo\":{\"originalReplicas\":3,\"databaseStopped\":true}}}",
        true);
    // a spec write carrying a status changes only the spec
    mergePatch(
        "status-check", "{\"spec\":{\"timeout\":\"2h\"},\"status\":{\"phase\":\"Failed\"}}", false);
    // a status write carrying a spec changes only the status
    mergePatch(
        "status-check",
        "{\"spec\":{\"timeout\":\"9h\"},\"status\":{\"message\":\"still restoring\"}}",
        true);
    Map<String, Object> stored =
        (Map<String, Object>)
            api.getNamespacedCustomObject(
                    RestoreApi.GROUP, RestoreApi.VERSION, ns, RestoreApi.PLURAL, "status-check")
                .execute();
    Map<String, Object> spec = (Map<String, Object>) stored.get("spec");
    Map<String, Object> status = (Map<String, Object>) stored.get("status");
    assertEquals("2h", spec.get("timeout"));
    assertEquals("Running", status.get("phase"));
    assertEquals("still restoring", status.get("message"));
    // declared status fields survive (not pruned)
    assertEquals(
        3L,
        ((Number) ((Map<String, Object>) status.get("undo")).get("originalReplicas")).longValue());
    assertEquals(
        "Restore", ((Map<String, Object>) ((List<Object>) status.get("steps")).get(0)).get("name"));
  }

  private void mergePatch(String name, String patch, boolean status) throws ApiException {
    PatchUtils.patch(
        Object.class,
        () ->
            status
                ? api.patchNamespacedCustomObjectStatus(
                        RestoreApi.GROUP,
                        RestoreApi.VERSION,
                        ns,
                        RestoreApi.PLURAL,
                        name,
                        new V1Patch(patch))
                    .buildCall(null)
                : api.patchNamespacedCustomObject(
                        RestoreApi.GROUP,
                        RestoreApi.VERSION,
                        ns,
                        RestoreApi.PLURAL,
                        name,
                        new V1Patch(patch))
                    .buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        cp.admin());
  }

  @SuppressWarnings("unchecked")
  private static String name(Path file) {
    return (String) ((Map<String, Object>) CorpusFiles.body(file, "x").get("metadata")).get("name");
  }
}

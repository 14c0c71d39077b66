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

  @Test
  @SuppressWarnings("unchecked")
  void kubectl_get_shows_the_newest_drills_outcome_in_wide_output() throws ApiException {
    create(
        Map.of(
            "apiVersion",
            RestoreApi.API_VERSION,
            "kind",
            RestoreApi.KIND,
            "metadata",
            Map.of("name", "drill-column", "namespace", ns),
            "spec",
            Map.of(
                "targetCluster",
                "prod",
                "databaseName",
                "orders",
                "source",
                Map.of("type", "backup", "backupRef", "nightly"),
                "drill",
                Map.of("assertions", List.of("RETURN true")))),
        false);
    mergePatch(
        "drill-column",
        "{\"status\":{\"drills\":[{\"startTime\":\"2026-12-06T02:00:00Z\",\"outcome\":\"Failed\"},"
            + "{\"startTime\":\"2026-11-29T02:00:00Z\",\"outcome\":\"Passed\"}]}}",
        true);

    // what kubectl asks for: the server's Table of the resource
    var client = cp.admin();
    var call =
        client.buildCall(
            client.getBasePath(),
            "/apis/"
                + RestoreApi.API_VERSION
                + "/namespaces/"
                + ns
                + "/"
                + RestoreApi.PLURAL
                + "/drill-column",
            "GET",
            List.of(),
            List.of(),
            null,
            Map.of("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io"),
            Map.of(),
            Map.of(),
            new String[] {"BearerToken"},
            null);
    Map<String, Object> table = (Map<String, Object>) client.execute(call, Map.class).getData();
    List<Map<String, Object>> columns = (List<Map<String, Object>>) table.get("columnDefinitions");
    int column = -1;
    for (int i = 0; i < columns.size(); i++) {
      if ("Last Drill".equals(columns.get(i).get("name"))) {
        column = i;
        assertEquals(1, ((Number) columns.get(i).get("priority")).intValue(), "-o wide only");
      }
    }
    assertTrue(column >= 0, String.valueOf(columns));
    List<Object> cells =
        (List<Object>) ((List<Map<String, Object>>) table.get("rows")).get(0).get("cells");
    assertEquals("Failed", cells.get(column), "the newest record");
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

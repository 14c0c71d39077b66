package io.neo4jrestore.runner.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which version serves a resource, on the real API server: from aggregated discovery in one request
 * for all lookups of a client, and from the group's documents where the server does not offer
 * aggregated discovery (simulated by asking for plain JSON only).
 */
@ExtendWith(ControlPlaneExtension.class)
class ServedVersionsIT {
  private static RawApi client(ControlPlane cp, List<String> paths, boolean aggregated) {
    ApiClient c = ControlPlane.client(cp.adminKubeconfig());
    c.setHttpClient(
        c.getHttpClient()
            .newBuilder()
            .addInterceptor(
                chain -> {
                  var request = chain.request();
                  paths.add(request.url().encodedPath());
                  if (!aggregated) {
                    request = request.newBuilder().header("Accept", RawApi.JSON).build();
                  }
                  return chain.proceed(request);
                })
            .build());
    return new RawApi(c);
  }

  private static List<Optional<String>> lookups(RawApi raw) throws Exception {
    return List.of(
        ServedVersions.versionServing(raw, RestoreApi.GROUP, RestoreApi.CLUSTER_PLURAL),
        ServedVersions.versionServing(raw, RestoreApi.GROUP, RestoreApi.BACKUP_PLURAL),
        ServedVersions.versionServing(raw, RestoreApi.GROUP, "nosuchthings"),
        ServedVersions.versionServing(raw, "no.such.group", "things"));
  }

  @Test
  void aggregated_discovery_answers_every_lookup_of_a_client_with_one_request(ControlPlane cp)
      throws Exception {
    LenientJson.install();
    List<String> paths = Collections.synchronizedList(new ArrayList<>());
    List<Optional<String>> answers = lookups(client(cp, paths, true));
    assertTrue(answers.get(0).isPresent() && answers.get(1).isPresent(), answers.toString());
    assertEquals(Optional.empty(), answers.get(2));
    assertEquals(Optional.empty(), answers.get(3));
    assertEquals(List.of("/apis"), paths);
  }

  @Test
  void without_aggregated_discovery_the_group_documents_give_the_same_answers(ControlPlane cp)
      throws Exception {
    LenientJson.install();
    List<String> paths = Collections.synchronizedList(new ArrayList<>());
    List<Optional<String>> answers = lookups(client(cp, paths, false));
    assertEquals(lookups(client(cp, new ArrayList<>(), true)), answers);
    assertEquals(List.of("/apis", "/apis/" + RestoreApi.GROUP), paths.subList(0, 2));
    assertTrue(paths.contains("/apis/" + RestoreApi.GROUP + "/" + answers.get(0).orElseThrow()));
    assertTrue(paths.contains("/apis/no.such.group"), paths.toString());
  }
}

package io.neo4jrestore.runner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class RunCommandTest {
  @Test
  void an_unreachable_api_server_is_not_blamed_on_rbac() {
    String m = RunCommand.readFailure(new ApiException(new ConnectException("Connection refused")));
    assertTrue(m.startsWith("the API server cannot be reached"), m);
    assertTrue(m.contains("Connection refused"), m);
    assertFalse(m.contains("RBAC") || m.contains("RoleBinding"), m);
  }

  @Test
  void a_refusal_points_at_the_runners_identity() {
    String m = RunCommand.readFailure(new ApiException(403, "forbidden"));
    assertTrue(m.contains("neo4j-restore-runner ServiceAccount and its RoleBinding"), m);
  }
}

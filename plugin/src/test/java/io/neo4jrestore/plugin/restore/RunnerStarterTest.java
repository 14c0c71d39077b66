package io.neo4jrestore.plugin.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.api.RunnerJobs;
import io.neo4jrestore.plugin.testing.Snapshots;
import org.junit.jupiter.api.Test;

class RunnerStarterTest {
  @Test
  void the_attempt_is_the_restores_uid_generation_and_retry_token() {
    ObjectNode restore = Snapshots.restore("ns", "r").generation(4).snapshot();
    RunnerJobs.Request plain = RunnerStarter.request(restore, "img");
    assertEquals(4, plain.generation());
    assertNull(plain.retryToken());
    assertEquals(ResourceNames.runnerJob("r", "uid-r", 4, null), RunnerJobs.name(plain));

    ((ObjectNode) restore.get("metadata")).putObject("annotations").put(Annotations.RETRY, "t2");
    RunnerJobs.Request retry = RunnerStarter.request(restore, "img");
    assertEquals("t2", retry.retryToken());
    assertEquals(ResourceNames.runnerJob("r", "uid-r", 4, "t2"), RunnerJobs.name(retry));
  }
}

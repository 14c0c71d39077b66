package io.neo4jrestore.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceNamesTest {
  private static final String UID = "0f6e4a7c-3b1d-4c55-9f0e-1c2d3e4f5a6b";
  private static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  @Test
  void runner_job_name_is_stable_and_readable() {
    String name = ResourceNames.runnerJob("nightly-restore", UID, 3, null);
    assertEquals(name, ResourceNames.runnerJob("nightly-restore", UID, 3, null));
    assertTrue(name.startsWith("nightly-restore-run-"), name);
    assertTrue(name.endsWith("-g3"), name);
    assertTrue(name.matches(DNS_LABEL), name);
  }

  @Test
  void names_differ_by_uid_generation_retry_token_and_role() {
    Set<String> names = new HashSet<>();
    names.add(ResourceNames.runnerJob("r", UID, 1, null));
    names.add(ResourceNames.runnerJob("r", UID.replace('0', '1'), 1, null));
    names.add(ResourceNames.runnerJob("r", UID, 2, null));
    names.add(ResourceNames.runnerJob("r", UID, 1, "retry-1"));
    names.add(ResourceNames.runnerJob("r", UID, 1, "retry-2"));
    for (JobRole role : JobRole.values()) {
      names.add(ResourceNames.job("r", UID, 1, null, role));
    }
    assertEquals(5 + JobRole.values().length - 1, names.size(), names.toString());
  }

  @Test
  void long_names_are_shortened_to_63_characters_without_a_trailing_dash() {
    String longName = "a".repeat(40) + "-" + "b".repeat(200) + ".c";
    for (JobRole role : JobRole.values()) {
      String name = ResourceNames.job(longName, UID, Long.MAX_VALUE, "token", role);
      assertTrue(name.length() <= 63, name);
      assertTrue(name.matches(DNS_LABEL), name);
    }
    String dashy = "x".repeat(20) + "-".repeat(30) + "y";
    String name = ResourceNames.runnerJob(dashy, UID, 1, null);
    assertTrue(name.matches(DNS_LABEL) && !name.contains("--run"), name);
  }

  @Test
  void two_long_names_with_the_same_prefix_do_not_collide_across_uids() {
    String prefix = "p".repeat(80);
    assertNotEquals(
        ResourceNames.runnerJob(prefix + "1", "uid-1", 1, null),
        ResourceNames.runnerJob(prefix + "2", "uid-2", 1, null));
  }

  @Test
  void hash_has_the_requested_length_even_for_small_digests() {
    for (int i = 0; i < 2000; i++) {
      assertEquals(6, ResourceNames.hash("v" + i, 6).length());
    }
  }

  @Test
  void long_restore_names_become_valid_unique_label_values() {
    String a = "r".repeat(100) + "-a";
    String b = "r".repeat(100) + "-b";
    String va = Labels.restoreNameValue(a);
    assertTrue(va.length() <= 63 && va.matches("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"), va);
    assertNotEquals(va, Labels.restoreNameValue(b));
    assertEquals("short-name", Labels.restoreNameValue("short-name"));
    assertEquals(va, Labels.forJob(a, UID, 1, JobRole.RESTORE).get(Labels.RESTORE));
  }

  @Test
  void target_lease_names_stay_within_253_characters() {
    String lease = ResourceNames.targetLease("Neo4jEnterpriseStandalone", "t".repeat(253));
    assertTrue(lease.length() <= 253, lease);
    assertEquals(
        "neo4j-restore-cluster-prod", ResourceNames.targetLease("Neo4jEnterpriseCluster", "prod"));
  }
}

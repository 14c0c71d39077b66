package io.neo4jrestore.plugin.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DraftsTest {
  @Test
  void refusals_of_flag_built_resources_name_the_flag() {
    assertEquals("--bucket", Drafts.flagFor("spec.source.storage.bucket"));
    assertEquals("--provider", Drafts.flagFor("spec.source.storage.cloud.provider"));
    assertEquals("--pvc", Drafts.flagFor("spec.source.storage.pvc.name"));
    assertEquals("--pre-cypher", Drafts.flagFor("spec.options.preRestore.cypherStatements[0]"));
    assertEquals("--source-type", Drafts.flagFor("spec.source.type"));
    assertNull(Drafts.flagFor("spec.source.pitr"));
    assertEquals("--drill-assert", Drafts.flagFor("spec.drill.assertions[20]"));
    assertEquals("--drill-schedule", Drafts.flagFor("spec.drill.schedule"));
    assertEquals("--drill-namespace", Drafts.flagFor("spec.drill.namespace"));
    assertEquals("--stop-cluster", Drafts.flagFor("spec.stopCluster"));
  }

  @Test
  void a_valid_flag_built_resource_has_no_violations() {
    Drafts.Draft d =
        Drafts.fromFlags(
            "ok",
            "ns",
            new CreateFlags(
                "prod",
                "movies",
                "gcs",
                null,
                "bk",
                "p",
                null,
                "gcp",
                "creds",
                null,
                "2025-01-04T12:30:00Z",
                false,
                false,
                "30m",
                false,
                false,
                List.of(),
                List.of(),
                List.of(),
                null,
                null,
                null));
    assertTrue(Drafts.violations(d).isEmpty(), Drafts.violations(d).toString());
    assertEquals("gcp", d.object().at("/spec/source/storage/cloud/provider").asText());
  }

  @Test
  void the_crds_cross_field_rules_apply_to_flags_too() {
    Drafts.Draft d =
        Drafts.fromFlags(
            "bad",
            "ns",
            new CreateFlags(
                "prod", "movies", "s3", null, "bk", null, null, "gcp", null, null, null, false,
                false, "1 week", false, false, List.of(), List.of(), List.of(), null, null, null));
    String refusal = Drafts.refusal(d, Drafts.violations(d));
    assertTrue(
        refusal.contains(
            "spec.source.storage.cloud.provider: cloud.provider must match type: s3 needs aws,"
                + " gcs needs gcp, azure needs azure (flag --provider)"),
        refusal);
    assertTrue(refusal.contains("spec.timeout:"), refusal);
    assertTrue(refusal.contains("(flag --timeout)"), refusal);
  }

  @Test
  void a_resource_name_must_be_a_dns_subdomain() {
    Drafts.Draft d =
        Drafts.fromFlags(
            "Bad_Name",
            "ns",
            new CreateFlags(
                "prod", "movies", "backup", "nightly", null, null, null, null, null, null, null,
                false, false, null, false, false, List.of(), List.of(), List.of(), null, null,
                null));
    assertEquals("metadata.name", Drafts.violations(d).get(0).field());
  }
}

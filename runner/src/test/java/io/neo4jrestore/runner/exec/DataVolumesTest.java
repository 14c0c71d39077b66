package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimSpec;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimStatus;
import io.neo4jrestore.api.model.DataVolume;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataVolumesTest {
  private static final List<DataVolume> RECORDED =
      List.of(
          new DataVolume("data-prod-server-0", "uid-0", "pv-0"),
          new DataVolume("data-prod-server-1", "uid-1", "pv-1"));

  private static V1PersistentVolumeClaim claim(String name, String uid, String phase) {
    return new V1PersistentVolumeClaim()
        .metadata(new V1ObjectMeta().name(name).uid(uid))
        .spec(new V1PersistentVolumeClaimSpec().volumeName("pv-" + uid))
        .status(new V1PersistentVolumeClaimStatus().phase(phase));
  }

  @Test
  void the_same_claims_bound_again_are_no_change() {
    assertEquals(
        List.of(),
        DataVolumes.changes(
            "prod",
            RECORDED,
            Map.of(
                "data-prod-server-0", claim("data-prod-server-0", "uid-0", "Bound"),
                "data-prod-server-1", claim("data-prod-server-1", "uid-1", "Bound"))));
  }

  @Test
  void a_claim_that_is_gone_new_unbound_or_being_deleted_is_named_with_what_changed() {
    V1PersistentVolumeClaim deleting = claim("data-prod-server-0", "uid-0", "Bound");
    deleting.getMetadata().deletionTimestamp(OffsetDateTime.parse("2026-01-01T00:00:00Z"));
    assertEquals(
        List.of(
            "PVC prod/data-prod-server-0 is being deleted",
            "PVC prod/data-prod-server-1 is gone (it was UID uid-1, volume pv-1)"),
        DataVolumes.changes("prod", RECORDED, Map.of("data-prod-server-0", deleting)));
    assertEquals(
        List.of(
            "PVC prod/data-prod-server-0 was replaced: UID uid-0 (volume pv-0) before the"
                + " scale-down, UID new-0 (volume pv-new-0) now, a new volume",
            "PVC prod/data-prod-server-1 is Pending, not Bound"),
        DataVolumes.changes(
            "prod",
            RECORDED,
            Map.of(
                "data-prod-server-0", claim("data-prod-server-0", "new-0", "Bound"),
                "data-prod-server-1", claim("data-prod-server-1", "uid-1", "Pending"))));
  }

  @Test
  void the_mirror_annotation_reads_back_as_names_and_uids() {
    String mirror = DataVolumes.mirror(RECORDED);
    assertEquals("data-prod-server-0=uid-0,data-prod-server-1=uid-1", mirror);
    assertEquals(
        List.of(
            new DataVolume("data-prod-server-0", "uid-0", null),
            new DataVolume("data-prod-server-1", "uid-1", null)),
        DataVolumes.parseMirror(mirror));
    assertTrue(DataVolumes.parseMirror(null).isEmpty());
    assertTrue(DataVolumes.parseMirror("garbage").isEmpty(), "unreadable: nothing recorded");
  }
}

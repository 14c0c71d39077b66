package io.neo4jrestore.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** Labels on everything this product creates. */
public final class Labels {
  public static final String PREFIX = "restore.neo4j.neo4j.com/";

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "neo4j-restore";
  public static final String PART_OF = "app.kubernetes.io/part-of";

  /** The restore's name, as {@link #restoreNameValue} makes it fit a label value. */
  public static final String RESTORE = PREFIX + "restore";

  /** The restore's UID: tells Jobs of a deleted and re-created resource apart. */
  public static final String RESTORE_UID = PREFIX + "restore-uid";

  /** The generation the attempt was started for. */
  public static final String GENERATION = PREFIX + "generation";

  /** {@link JobRole#label()}: runner, restore, verify, inspect, hook. */
  public static final String COMPONENT = PREFIX + "component";

  // --- restore drills (issue #18) ---

  /**
   * On every object a drill creates (its server's StatefulSet, Service and claim): the UID of the
   * Neo4jRestore. Cleanup selects by it, so it finds what a dead runner left.
   */
  public static final String DRILL = PREFIX + "drill";

  private Labels() {}

  /**
   * A restore name as a label value: itself when it fits (63 characters), otherwise shortened with
   * a hash of the whole name so it stays unique. Select by {@link #RESTORE_UID} when exactness
   * matters.
   */
  public static String restoreNameValue(String restoreName) {
    if (restoreName.length() <= 63) {
      return restoreName;
    }
    String head = restoreName.substring(0, 56);
    while (head.endsWith("-") || head.endsWith(".")) {
      head = head.substring(0, head.length() - 1);
    }
    return head + "-" + ResourceNames.hash(restoreName, 6);
  }

  /** The labels of a Job (and its pods) created for one attempt of a restore. */
  public static Map<String, String> forJob(
      String restoreName, String restoreUid, long generation, JobRole role) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    labels.put(PART_OF, MANAGED_BY_VALUE);
    labels.put(RESTORE, restoreNameValue(restoreName));
    labels.put(RESTORE_UID, restoreUid);
    labels.put(GENERATION, Long.toString(generation));
    labels.put(COMPONENT, role.label());
    return labels;
  }
}

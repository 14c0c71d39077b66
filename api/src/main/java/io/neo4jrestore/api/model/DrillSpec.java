package io.neo4jrestore.api.model;

import java.util.List;

/**
 * A restore drill ({@code spec.drill}): the backup is restored into a throw-away single-server
 * Neo4j that the runner starts beside the target (same image, license acceptance and admin
 * credentials), the assertions run against it, the outcome goes to {@code status.drills}, and
 * everything the drill created is deleted. The target itself is only read.
 *
 * @param assertions Cypher statements run as-is against the restored database, in order; each must
 *     return one row whose single column is {@code true}
 * @param keep how many drill records {@code status.drills} keeps, newest first (default 5)
 * @param schedule a 5-field cron schedule (UTC): the dispatcher starts a new drill when it has
 *     fired since the last one started (by a new retry annotation value); null: drills only when
 *     asked
 * @param namespace where the throw-away server, its claim, Service, credentials and restore Job are
 *     made (docs/drills.md); null: the restore's own namespace
 */
public record DrillSpec(List<String> assertions, Integer keep, String schedule, String namespace) {
  /** The default of {@link #keep}. */
  public static final int DEFAULT_KEEP = 5;

  public int keepOrDefault() {
    return keep == null ? DEFAULT_KEEP : keep;
  }

  /** The namespace the drill's objects are made in: {@link #namespace}, else {@code own}. */
  public String namespaceOr(String own) {
    return namespace == null || namespace.isEmpty() ? own : namespace;
  }

  /** The assertions, never null. */
  public List<String> assertionsOrEmpty() {
    return assertions == null ? List.of() : assertions;
  }
}

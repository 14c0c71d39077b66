package io.neo4jrestore.api.model;

import java.util.List;
import java.util.Map;

/**
 * The plan an attempt follows, pinned when it was claimed: a runner that resumes the attempt
 * follows these values, never the spec as edited since. What must not go into status (hook
 * statements and Job templates, additional arguments, the source's details) is pinned by digest:
 * when the live spec no longer matches one, the resumed runner cannot know the claimed value and
 * ends the attempt with {@code PlanChanged} instead of running a different restore.
 *
 * @param targetKind the target's kind, as resolved
 * @param targetCluster the target's name
 * @param databaseName the database restored
 * @param source the source in one line (type and where), its artifacts are pinned in {@code
 *     resolvedSource}
 * @param force {@code spec.force}
 * @param replaceExisting {@code spec.options.replaceExisting}
 * @param stopCluster {@code spec.stopCluster}
 * @param verifyBackup {@code spec.options.verifyBackup}
 * @param timeout {@code spec.timeout} (absent: the runner's default)
 * @param bounds the bound of every wait, derived from {@code timeout}
 * @param hooks which hooks run (statement counts, Job images), never their statements
 * @param pinned {@code sha256:<hex>} per spec field kept out of status, keyed by its path
 * @param drillNamespace {@code spec.drill.namespace} of a drill (null: the restore's own): where
 *     its objects are, so that a resumed runner cleans up there whatever the spec says now
 */
public record AttemptPlan(
    String targetKind,
    String targetCluster,
    String databaseName,
    String source,
    Boolean force,
    Boolean replaceExisting,
    Boolean stopCluster,
    Boolean verifyBackup,
    String timeout,
    PlanBounds bounds,
    List<PlannedHook> hooks,
    Map<String, String> pinned,
    String drillNamespace) {}

package io.neo4jrestore.runner.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Steps;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.AttemptPlan;
import io.neo4jrestore.api.model.AttemptStatus;
import io.neo4jrestore.api.model.DrillSpec;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.Neo4jRestoreSpec;
import io.neo4jrestore.api.model.PlanBounds;
import io.neo4jrestore.api.model.PlannedHook;
import io.neo4jrestore.api.model.RestoreHooks;
import io.neo4jrestore.api.model.RestoreOptions;
import io.neo4jrestore.api.model.RestoreSource;
import io.neo4jrestore.api.model.StorageLocation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The plan an attempt follows (pure): written into {@code status.attempt.plan} at the claim, and
 * what a resumed runner does when the spec was edited since.
 *
 * <p>The spec splits in two. The fields in {@link #KEPT} are kept in the plan as values: a resumed
 * runner takes them from the plan, whatever the spec says now. Every other field (the source, the
 * additional arguments, the hooks; and any field added later) must not go into status, so the plan
 * keeps a SHA-256 of each, salted with the resource's UID: a resumed runner that finds one changed
 * cannot know the claimed value and ends the attempt with {@code PlanChanged} ({@link
 * #endsBefore}). Either way the edit is the next attempt, as a new generation always is.
 */
public final class ClaimedPlan {
  /**
   * A spec field whose claimed value is in the plan: its JSON path inside {@code spec}, its value
   * in the plan, and its value in a spec (defaults applied, as the plan records it).
   */
  private record Kept(
      String path,
      Function<AttemptPlan, Object> claimed,
      Function<Neo4jRestoreSpec, Object> live) {}

  /** The fields the plan keeps as values; {@link #follow} puts each back into the spec. */
  private static final List<Kept> KEPT_FIELDS =
      List.of(
          new Kept("targetCluster", AttemptPlan::targetCluster, Neo4jRestoreSpec::targetCluster),
          new Kept("databaseName", AttemptPlan::databaseName, Neo4jRestoreSpec::databaseName),
          new Kept("force", AttemptPlan::force, Neo4jRestoreSpec::forceOrDefault),
          new Kept("stopCluster", AttemptPlan::stopCluster, Neo4jRestoreSpec::stopClusterOrDefault),
          new Kept("timeout", AttemptPlan::timeout, Neo4jRestoreSpec::timeout),
          new Kept(
              "options.replaceExisting",
              AttemptPlan::replaceExisting,
              spec -> spec.options() != null && flag(spec.options().replaceExisting())),
          new Kept(
              "options.verifyBackup",
              AttemptPlan::verifyBackup,
              spec -> spec.options() != null && flag(spec.options().verifyBackup())),
          new Kept(
              "drill.namespace",
              AttemptPlan::drillNamespace,
              spec -> spec.drill() == null ? null : spec.drill().namespace()));

  /** Spec fields whose claimed value is in the plan (JSON paths inside {@code spec}). */
  public static final List<String> KEPT = KEPT_FIELDS.stream().map(Kept::path).toList();

  /** Which steps read each field pinned by digest; a field not named here: every step. */
  private static final Map<String, List<String>> READERS =
      Map.of(
          "source",
          List.of(Steps.RESOLVE_SOURCE, Steps.VERIFY_BACKUP, Steps.RESTORE),
          "options.additionalArgs",
          List.of(Steps.RESOLVE_SOURCE, Steps.RESTORE),
          // ResolveSource sends the hook Jobs to the API server as a dry run
          "options.preRestore",
          List.of(Steps.RESOLVE_SOURCE, Steps.PRE_RESTORE_HOOKS),
          "options.postRestore",
          List.of(Steps.RESOLVE_SOURCE, Steps.POST_RESTORE_HOOKS));

  private ClaimedPlan() {}

  /**
   * What a runner does with the attempt it takes up.
   *
   * @param restore the resource with the spec to follow: the claimed one for an attempt in progress
   * @param edited fields kept in the plan that the spec no longer matches (followed from the plan)
   * @param changed fields pinned by digest that the spec no longer matches
   * @param liveGeneration the generation of the spec as read
   */
  public record Resume(
      Neo4jRestore restore, List<String> edited, List<String> changed, long liveGeneration) {

    /** True when the spec was edited since the claim, in any field. */
    public boolean specEdited() {
      return !edited.isEmpty() || !changed.isEmpty();
    }
  }

  /** The plan of a fresh claim of {@code spec} into a target of kind {@code targetKind}. */
  public static AttemptPlan of(
      Neo4jRestoreSpec spec, String targetKind, WaitBounds bounds, String salt) {
    RestoreOptions o = spec.options();
    return new AttemptPlan(
        targetKind,
        spec.targetCluster(),
        spec.databaseName(),
        source(spec.source()),
        spec.forceOrDefault(),
        o != null && flag(o.replaceExisting()),
        spec.stopClusterOrDefault(),
        o != null && flag(o.verifyBackup()),
        spec.timeout(),
        new PlanBounds(
            seconds(bounds.restoreJob()),
            seconds(bounds.restoreJobWait()),
            seconds(bounds.scaleDown()),
            seconds(bounds.scaleUp()),
            seconds(bounds.databaseCommand()),
            seconds(bounds.bringUp()),
            seconds(bounds.inspectJob())),
        hooks(o),
        pinned(spec, salt),
        spec.drill() == null ? null : spec.drill().namespace());
  }

  /**
   * The decision for a runner taking up {@code r}: an attempt in progress with a plan is followed
   * as claimed; anything else (no attempt yet, an ended one, one claimed by a runner without plans)
   * follows the spec as read.
   */
  public static Resume resume(Neo4jRestore r) {
    long live = r.metadata().generation() == null ? 1 : r.metadata().generation();
    AttemptStatus a = r.status() == null ? null : r.status().attempt();
    if (a == null
        || a.plan() == null
        || r.spec() == null
        || Phases.isTerminal(r.status().phase())) {
      return new Resume(r, List.of(), List.of(), live);
    }
    AttemptPlan plan = a.plan();
    Neo4jRestoreSpec spec = r.spec();
    Neo4jRestoreSpec followed = follow(plan, spec);
    List<String> edited = new ArrayList<>();
    for (Kept field : KEPT_FIELDS) {
      if (!Objects.equals(field.claimed().apply(plan), field.live().apply(spec))) {
        edited.add(field.path());
      }
    }
    return new Resume(
        new Neo4jRestore(
            r.apiVersion(),
            r.kind(),
            r.metadata().withGeneration(a.generation()),
            followed,
            r.status()),
        edited,
        changed(plan.pinned(), pinned(spec, r.metadata().uid())),
        live);
  }

  /**
   * Whether a resumed attempt whose pinned {@code changed} fields no longer match ends before
   * {@code step}. Until the restore is done, it ends at its first step after the claim that is not
   * done, as soon as any step still to run reads a changed field: the target is put back as it was.
   * Once the restore is done, it goes on (the restored database is brought up) and ends before the
   * first step that reads a changed field. A restore Job already started is waited for first: it
   * was made from the claimed plan, and stopping there would leave a half-written store.
   *
   * @param done the steps recorded as succeeded or skipped
   */
  public static boolean endsBefore(
      String step, Collection<String> changed, Set<String> done, boolean restoreJobStarted) {
    return endsBefore(Steps.ORDER, step, changed, done, restoreJobStarted);
  }

  /**
   * As {@link #endsBefore(String, Collection, Set, boolean)} for a run whose steps are {@code
   * order} ({@link Steps#ORDER} for a restore, {@link Steps#DRILL_ORDER} for a drill).
   */
  public static boolean endsBefore(
      List<String> order,
      String step,
      Collection<String> changed,
      Set<String> done,
      boolean restoreJobStarted) {
    if (changed.isEmpty()
        || Runner.ALWAYS.contains(step)
        || (Steps.RESTORE.equals(step) && restoreJobStarted)) {
      return false;
    }
    List<String> toRun =
        done.contains(Steps.RESTORE)
            ? List.of(step)
            : order.subList(order.indexOf(step), order.size()).stream()
                .filter(s -> !done.contains(s))
                .toList();
    return changed.stream().anyMatch(f -> readers(f, order).stream().anyMatch(toRun::contains));
  }

  /** The steps that read {@code field}. */
  static List<String> readers(String field) {
    return readers(field, Steps.ORDER);
  }

  /** The steps of {@code order} that read {@code field}; a field not named: every one. */
  private static List<String> readers(String field, List<String> order) {
    return READERS.getOrDefault(
        field, order.stream().filter(s -> !Runner.ALWAYS.contains(s)).toList());
  }

  /** The failure message of {@code PlanChanged}: what changed, what happened, what comes next. */
  public static String message(
      String name, String namespace, long claimed, Resume resume, String beforeStep) {
    return "spec."
        + String.join(", spec.", resume.changed())
        + " changed since generation "
        + claimed
        + " was claimed (now generation "
        + resume.liveGeneration()
        + "); the claimed value is kept only as a digest, so this resumed runner cannot follow the"
        + " claimed plan and ended the attempt before "
        + beforeStep
        + ". The edit is the next attempt: the dispatcher starts it within a minute (kubectl"
        + " neo4j-restore watch "
        + name
        + " -n "
        + namespace
        + ")";
  }

  /** The claimed spec: the values the plan keeps, over the spec as it is now. */
  static Neo4jRestoreSpec follow(AttemptPlan plan, Neo4jRestoreSpec live) {
    RestoreOptions o = live.options();
    RestoreOptions options =
        o == null && !flag(plan.replaceExisting()) && !flag(plan.verifyBackup())
            ? null
            : new RestoreOptions(
                plan.replaceExisting(),
                plan.verifyBackup(),
                o == null ? null : o.additionalArgs(),
                o == null ? null : o.preRestore(),
                o == null ? null : o.postRestore());
    return new Neo4jRestoreSpec(
        plan.targetCluster(),
        live.source(),
        plan.databaseName(),
        options,
        flag(plan.force()),
        flag(plan.stopCluster()),
        plan.timeout(),
        live.drill() == null
            ? null
            : new DrillSpec(
                live.drill().assertions(),
                live.drill().keep(),
                live.drill().schedule(),
                plan.drillNamespace()));
  }

  /** The bounds the plan recorded, or null for a plan without them. */
  static WaitBounds bounds(AttemptPlan plan) {
    PlanBounds b = plan == null ? null : plan.bounds();
    if (b == null) {
      return null;
    }
    return new WaitBounds(
        Duration.ofSeconds(b.restoreJob()),
        Duration.ofSeconds(b.restoreJobWait()),
        Duration.ofSeconds(b.scaleDown()),
        Duration.ofSeconds(b.scaleUp()),
        Duration.ofSeconds(b.databaseCommand()),
        Duration.ofSeconds(b.bringUp()),
        Duration.ofSeconds(b.inspectJob()));
  }

  /**
   * {@code sha256:<hex>} of every spec field not in {@link #KEPT}, keyed by its path ({@code
   * options.<field>} for the options): the field's canonical JSON (keys sorted, absent and null
   * alike), salted so that equal hooks of two resources do not show equal digests.
   */
  static Map<String, String> pinned(Neo4jRestoreSpec spec, String salt) {
    ObjectNode tree = ApiMapper.json().valueToTree(spec);
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> field : tree.properties()) {
      if (field.getKey().equals("options") && field.getValue().isObject()) {
        for (Map.Entry<String, JsonNode> option : field.getValue().properties()) {
          put(out, "options." + option.getKey(), option.getValue(), salt);
        }
      } else {
        put(out, field.getKey(), field.getValue(), salt);
      }
    }
    return out;
  }

  private static void put(Map<String, String> out, String path, JsonNode value, String salt) {
    if (!KEPT.contains(path) && !value.isNull()) {
      out.put(path, digest(salt + "\n" + path + "\n" + canonical(value)));
    }
  }

  /** The paths whose digests differ, either side missing counting as a difference. */
  static List<String> changed(Map<String, String> claimed, Map<String, String> now) {
    Map<String, String> was = claimed == null ? Map.of() : claimed;
    Set<String> paths = new TreeSet<>(was.keySet());
    paths.addAll(now.keySet());
    return paths.stream().filter(p -> !Objects.equals(was.get(p), now.get(p))).toList();
  }

  /** JSON with object keys sorted at every level, nulls left out, no whitespace. */
  static String canonical(JsonNode node) {
    if (node.isObject()) {
      StringBuilder out = new StringBuilder("{");
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      node.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
      sorted.values().removeIf(JsonNode::isNull);
      Iterator<Map.Entry<String, JsonNode>> it = sorted.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.append(ApiMapper.toJson(e.getKey())).append(':').append(canonical(e.getValue()));
        out.append(it.hasNext() ? "," : "");
      }
      return out.append('}').toString();
    }
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(item -> items.add(canonical(item)));
      return "[" + String.join(",", items) + "]";
    }
    return node.toString();
  }

  private static String digest(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return "sha256:"
          + HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The source in one line: its type and where, e.g. {@code s3 bucket/path/orders.backup}. */
  private static String source(RestoreSource s) {
    if (s == null) {
      return null;
    }
    String where = s.backupRef() == null ? "" : "Neo4jBackup/" + s.backupRef();
    StorageLocation at = s.storage();
    if (at != null) {
      where = at.pvc() != null && at.pvc().name() != null ? "pvc/" + at.pvc().name() : at.bucket();
      where = join(where, at.path());
    }
    where = join(where, s.backupPath());
    return s.type()
        + (where.isEmpty() ? "" : " " + where)
        + (s.pointInTime() == null ? "" : " until " + s.pointInTime());
  }

  private static String join(String a, String b) {
    if (b == null || b.isEmpty()) {
      return a == null ? "" : a;
    }
    String tail = b.startsWith("/") ? b.substring(1) : b;
    return a == null || a.isEmpty() ? tail : a + "/" + tail;
  }

  private static List<PlannedHook> hooks(RestoreOptions o) {
    List<PlannedHook> out = new ArrayList<>();
    if (o != null) {
      add(out, "preRestore", o.preRestore());
      add(out, "postRestore", o.postRestore());
    }
    return out.isEmpty() ? null : out;
  }

  private static void add(List<PlannedHook> out, String phase, RestoreHooks h) {
    if (h == null) {
      return;
    }
    if (h.cypherStatements() != null && !h.cypherStatements().isEmpty()) {
      out.add(new PlannedHook(phase, "cypher", h.cypherStatements().size(), null, null));
    }
    if (h.job() != null) {
      String image =
          h.job().template() == null || h.job().template().container() == null
              ? null
              : h.job().template().container().image();
      out.add(new PlannedHook(phase, "job", null, image, h.job().timeout()));
    }
  }

  private static boolean flag(Boolean b) {
    return Boolean.TRUE.equals(b);
  }

  private static Long seconds(Duration d) {
    return d.toSeconds();
  }
}

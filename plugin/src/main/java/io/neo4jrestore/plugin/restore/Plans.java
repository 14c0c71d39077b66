package io.neo4jrestore.plugin.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.Annotations;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.PlanOnly;
import io.neo4jrestore.plugin.ExitCode;
import io.neo4jrestore.plugin.PluginException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Plans (docs/plan.md) as the plugin handles them: a plan-only resource, its {@code status.plan}
 * written by its runner, and turning a reviewed plan into the restore. The plugin never reads
 * Secrets or backups: the runner plans in the cluster.
 */
public final class Plans {
  /** How often {@link #await} reads the resource while its runner plans. */
  static final Duration POLL = Duration.ofSeconds(1);

  private Plans() {}

  /** The draft as a plan: marked plan-only, so its runner plans and the dispatcher leaves it. */
  public static ObjectNode planOnly(ObjectNode draft) {
    ObjectNode copy = draft.deepCopy();
    ObjectNode meta =
        copy.has("metadata") ? (ObjectNode) copy.get("metadata") : copy.putObject("metadata");
    ObjectNode annotations =
        meta.has("annotations") && meta.get("annotations").isObject()
            ? (ObjectNode) meta.get("annotations")
            : meta.putObject("annotations");
    annotations.put(Annotations.PLAN_ONLY, PlanOnly.TRUE);
    return copy;
  }

  /**
   * The plan of the resource's current generation, or empty while its runner has not written it.
   */
  public static Optional<JsonNode> current(JsonNode restore) {
    JsonNode plan = restore.at("/status/plan");
    long generation = restore.at("/metadata/generation").asLong(1);
    if (plan.isMissingNode() || plan.isNull() || plan.path("generation").asLong(-1) != generation) {
      return Optional.empty();
    }
    for (JsonNode c : restore.at("/status/conditions")) {
      if (Conditions.PLANNED.equals(c.path("type").asText())
          && c.path("observedGeneration").asLong(generation) == generation) {
        return Optional.of(plan);
      }
    }
    return Optional.empty();
  }

  /** Whether the plan says the restore would start. */
  public static boolean wouldStart(JsonNode plan) {
    return plan.path("wouldStart").asBoolean(false);
  }

  /** Waits for the plan of {@code name}'s current generation; TIMEOUT after {@code timeout}. */
  public static JsonNode await(
      RestoreCluster cluster,
      String namespace,
      String name,
      Duration timeout,
      Clock clock,
      Follower.Sleeper sleeper) {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      JsonNode restore =
          cluster
              .find(namespace, name)
              .orElseThrow(
                  () ->
                      new PluginException(
                          ExitCode.API,
                          "neo4jrestore "
                              + namespace
                              + "/"
                              + name
                              + " was deleted while planning"));
      Optional<JsonNode> plan = current(restore);
      if (plan.isPresent()) {
        return restore;
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new PluginException(
            ExitCode.TIMEOUT,
            "no plan after "
                + timeout.toSeconds()
                + "s: its runner has not written status.plan of neo4jrestore "
                + namespace
                + "/"
                + name
                + "; see kubectl neo4j-restore logs "
                + name
                + " -n "
                + namespace);
      }
      try {
        sleeper.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PluginException(ExitCode.TIMEOUT, "interrupted while waiting for the plan");
      }
    }
  }

  /**
   * The annotations that turn the reviewed plan {@code restore} into the restore: the plan-only
   * marker removed, the digest it was reviewed at recorded, and a retry token so that its runner
   * Job is a new one (the plan's own has run). Refused (exit 5) when it is not a plan, has no plan
   * for its current generation, or its plan would be refused.
   */
  public static Map<String, String> fromPlan(JsonNode restore) {
    String ns = restore.at("/metadata/namespace").asText();
    String name = restore.at("/metadata/name").asText();
    if (!PlanOnly.TRUE.equals(
        restore.at("/metadata/annotations").path(Annotations.PLAN_ONLY).asText(null))) {
      throw PluginException.refused(
          "neo4jrestore "
              + ns
              + "/"
              + name
              + " is not a plan (no "
              + Annotations.PLAN_ONLY
              + " annotation): nothing to create from; make one with kubectl neo4j-restore plan");
    }
    JsonNode plan =
        current(restore)
            .orElseThrow(
                () ->
                    PluginException.refused(
                        "the plan "
                            + ns
                            + "/"
                            + name
                            + " has no status.plan for its current generation yet (its runner"
                            + " has not planned it, or the spec was edited since): wait for it"
                            + " (kubectl neo4j-restore plan shows it) and review it first"));
    if (!wouldStart(plan)) {
      throw PluginException.refused(
          "the plan "
              + ns
              + "/"
              + name
              + " says the restore would be refused ("
              + PlanPrinter.reasons(plan)
              + "); fix what it names, delete it and plan again");
    }
    String digest = plan.path("digest").asText();
    Map<String, String> annotations = new HashMap<>();
    annotations.put(Annotations.PLAN_ONLY, null);
    annotations.put(Annotations.FROM_PLAN, digest);
    annotations.put(
        Annotations.RETRY, "plan-" + digest.substring(0, Math.min(12, digest.length())));
    return annotations;
  }
}

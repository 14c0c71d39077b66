package io.neo4jrestore.plugin.restore;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;

/** The human form of a plan ({@code status.plan}): pure, a value in and text out. */
public final class PlanPrinter {
  private PlanPrinter() {}

  /** The reasons of the plan's refusals, distinct, comma-separated. */
  public static String reasons(JsonNode plan) {
    Set<String> reasons = new LinkedHashSet<>();
    plan.path("refusals").forEach(r -> reasons.add(r.path("reason").asText()));
    return String.join(", ", reasons);
  }

  /** The plan of {@code restore} as a reader reviews it. */
  public static String text(JsonNode restore) {
    JsonNode plan = restore.at("/status/plan");
    String ns = restore.at("/metadata/namespace").asText();
    String name = restore.at("/metadata/name").asText();
    StringBuilder b = new StringBuilder();
    b.append("Plan for neo4jrestore ")
        .append(ns)
        .append('/')
        .append(name)
        .append(" (generation ")
        .append(plan.path("generation").asLong())
        .append("), made ")
        .append(plan.path("plannedAt").asText())
        .append('\n');
    JsonNode t = plan.path("target");
    if (!t.isMissingNode()) {
      b.append("target:   ")
          .append(t.path("kind").asText())
          .append(' ')
          .append(t.path("name").asText())
          .append(" (")
          .append(t.path("apiVersion").asText())
          .append("), Neo4j ")
          .append(t.path("neo4jVersion").asText())
          .append(", ")
          .append(t.path("servers").asInt())
          .append(" server(s), StatefulSet ")
          .append(t.path("statefulSet").asText())
          .append(", image ")
          .append(t.path("image").asText())
          .append('\n');
    }
    JsonNode s = plan.path("source");
    if (!s.isMissingNode()) {
      b.append("source:   ").append(s.path("location").asText());
      int artifacts = s.path("artifacts").size();
      b.append(artifacts == 0 ? " (a backup folder)" : " (" + artifacts + " artifact(s))");
      if (s.hasNonNull("restoreUntil")) {
        b.append(", --restore-until=").append(s.path("restoreUntil").asText());
      }
      b.append('\n');
    }
    if (plan.path("steps").size() > 0) {
      b.append("\nsteps:\n");
      int i = 1;
      for (JsonNode step : plan.path("steps")) {
        b.append(
            String.format(
                "  %2d. %-18s %s%n",
                i++, step.path("name").asText(), step.path("action").asText()));
      }
    }
    if (plan.hasNonNull("downtime")) {
      b.append("\ndowntime: ").append(plan.path("downtime").asText()).append('\n');
    }
    if (plan.path("warnings").size() > 0) {
      b.append("\nwarnings:\n");
      plan.path("warnings").forEach(w -> b.append("  - ").append(w.asText()).append('\n'));
    }
    b.append('\n');
    if (Plans.wouldStart(plan)) {
      b.append(
              "The restore would start. Run exactly this plan with:\n  kubectl neo4j-restore create --from-plan ")
          .append(name)
          .append(" -n ")
          .append(ns)
          .append('\n');
    } else {
      b.append("The restore WOULD BE REFUSED (nothing was changed):\n");
      plan.path("refusals")
          .forEach(
              r ->
                  b.append("  - ")
                      .append(r.path("reason").asText())
                      .append(": ")
                      .append(r.path("message").asText())
                      .append('\n'));
    }
    b.append("plan digest: ").append(plan.path("digest").asText()).append('\n');
    return b.toString();
  }
}

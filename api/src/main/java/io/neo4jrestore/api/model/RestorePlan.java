package io.neo4jrestore.api.model;

import java.util.List;
import java.util.Map;

/**
 * {@code status.plan}: what a restore of this spec would do, as its runner found it without
 * changing anything (docs/plan.md). Written by the runner of a plan-only resource; kept when the
 * plan becomes the restore ({@code create --from-plan}), as the record of what was reviewed.
 *
 * @param generation the generation of the spec that was planned
 * @param plannedAt when the runner made the plan (RFC 3339)
 * @param wouldStart whether the restore would start (no refusal)
 * @param steps the steps the restore would run, in order, each with what it would do
 * @param refusals every refusal the runner would make before its first change, with its reason
 * @param warnings settings without effect, checks that could not be made
 * @param downtime the expected downtime window, in words
 * @param target what the target resolved to
 * @param source the source as it resolved now (the restore pins it again when it runs)
 * @param facts the facts the restore depends on, by name (no credentials): the runner compares them
 *     again when the restore is pinned to this plan
 * @param digest SHA-256 of {@code facts}, what {@code create --from-plan} records
 */
public record RestorePlan(
    Long generation,
    String plannedAt,
    Boolean wouldStart,
    List<PlanStep> steps,
    List<PlanRefusal> refusals,
    List<String> warnings,
    String downtime,
    TargetStatus target,
    ResolvedSource source,
    Map<String, String> facts,
    String digest) {

  /**
   * One step of the plan.
   *
   * @param name the step's name ({@link io.neo4jrestore.api.Steps})
   * @param action what it would do, in one line; "skipped: ..." when it would not run
   */
  public record PlanStep(String name, String action) {}

  /**
   * One refusal the runner would make.
   *
   * @param reason the failure reason the restore would end with ({@link
   *     io.neo4jrestore.api.Reasons})
   * @param message the runner's message, as the restore would show it
   */
  public record PlanRefusal(String reason, String message) {}
}

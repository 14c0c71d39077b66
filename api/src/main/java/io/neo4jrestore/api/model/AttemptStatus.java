package io.neo4jrestore.api.model;

/**
 * The attempt this status describes. One attempt per generation (and retry token).
 *
 * @param generation the spec generation the attempt was claimed for
 * @param retryToken the retry annotation's value when the attempt was started by a retry
 * @param runnerJob the runner Job's name
 * @param runnerPod the runner pod that last held the attempt
 * @param resumes how many times a new runner pod resumed this attempt
 * @param claimedAt when the attempt was claimed
 * @param plan what the attempt follows, pinned when it was claimed (absent before the claim, and
 *     for attempts claimed by a runner older than this field)
 */
public record AttemptStatus(
    Long generation,
    String retryToken,
    String runnerJob,
    String runnerPod,
    Integer resumes,
    String claimedAt,
    AttemptPlan plan) {}

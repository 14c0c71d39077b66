package io.neo4jrestore.runner.job;

import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.ResourceNames;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Name, namespace and labels of one Job of a restore attempt. The labels go on the Job and on its
 * pod template, so {@code kubectl neo4j-restore logs} finds the pods by label.
 *
 * @param name the Job name (a DNS label: at most 63 characters, it becomes the pods' {@code
 *     job-name} label)
 * @param namespace the restore's namespace (the target's)
 * @param labels in a stable order (manifests are compared with golden files)
 */
public record JobIdentity(String name, String namespace, Map<String, String> labels) {
  public JobIdentity {
    requireText(name, "Job name");
    requireText(namespace, "namespace");
    if (name.length() > ResourceNames.MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "Job name \"" + name + "\" is longer than " + ResourceNames.MAX_NAME_LENGTH);
    }
    Objects.requireNonNull(labels, "labels");
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  /**
   * The Job of {@code role} for one attempt: the name from {@link ResourceNames#job}, the labels
   * from {@link Labels#forJob}.
   */
  public static JobIdentity forAttempt(
      String namespace,
      String restoreName,
      String restoreUid,
      long generation,
      String retryToken,
      JobRole role) {
    return new JobIdentity(
        ResourceNames.job(restoreName, restoreUid, generation, retryToken, role),
        namespace,
        Labels.forJob(restoreName, restoreUid, generation, role));
  }

  static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
  }
}

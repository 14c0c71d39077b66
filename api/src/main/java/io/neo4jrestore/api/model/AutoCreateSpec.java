package io.neo4jrestore.api.model;

import java.util.Map;

/** A per-restore ServiceAccount carrying workload-identity annotations. */
public record AutoCreateSpec(Boolean enabled, Map<String, String> annotations) {

  /** The reference documents {@code enabled} as defaulting to true. */
  public boolean enabledOrDefault() {
    return enabled == null || enabled;
  }
}

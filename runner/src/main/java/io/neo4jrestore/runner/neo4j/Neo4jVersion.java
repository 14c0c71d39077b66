package io.neo4jrestore.runner.neo4j;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Neo4j server version from an image tag: SemVer 5.x ({@code 5.26.3-enterprise}) or CalVer
 * ({@code 2025.04.0-enterprise}). Orders 5.x before every CalVer release.
 */
public record Neo4jVersion(int major, int minor, int patch) implements Comparable<Neo4jVersion> {
  public static final Neo4jVersion MIN_SEMVER = new Neo4jVersion(5, 26, 0);
  public static final Neo4jVersion MIN_CALVER = new Neo4jVersion(2025, 1, 0);

  private static final Pattern TAG = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:[-_].*)?$");

  /** Parses an image tag; throws IllegalArgumentException with the tag when it is not a version. */
  public static Neo4jVersion parseTag(String tag) {
    Matcher m = tag == null ? null : TAG.matcher(tag.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "image tag \""
              + tag
              + "\" does not start with a Neo4j version such as 5.26.0 or 2025.04.0");
    }
    int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    return new Neo4jVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch);
  }

  /**
   * A year as major version (Neo4j's CalVer started with 2025.01; older years are not releases).
   */
  public boolean isCalVer() {
    return major >= 1000;
  }

  /** 5.26.0+ or 2025.01.0+: the versions this product restores into. */
  public boolean isSupported() {
    return isCalVer() ? compareTo(MIN_CALVER) >= 0 : compareTo(MIN_SEMVER) >= 0;
  }

  public boolean atLeast(int major, int minor) {
    return compareTo(new Neo4jVersion(major, minor, 0)) >= 0;
  }

  @Override
  public int compareTo(Neo4jVersion o) {
    if (major != o.major) {
      return Integer.compare(major, o.major);
    }
    if (minor != o.minor) {
      return Integer.compare(minor, o.minor);
    }
    return Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return isCalVer()
        ? String.format(java.util.Locale.ROOT, "%d.%02d.%d", major, minor, patch)
        : major + "." + minor + "." + patch;
  }
}

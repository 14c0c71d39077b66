package io.neo4jrestore.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The one naming function for everything this product creates per restore attempt.
 *
 * <p>Names are stable (the plugin and the dispatcher compute the same runner Job name, so {@code
 * AlreadyExists} means someone already started the attempt), at most 63 characters (a Job's name
 * becomes its pods' {@code job-name} label), and differ when a resource is deleted and re-created
 * with the same name (the restore's UID is part of the name).
 *
 * <p>Shape: {@code <restore name, shortened>-<role>-<6 chars of the UID's hash>-g<generation>} and,
 * for an attempt started by a retry token, {@code -r<5 chars of the token's hash>}.
 */
public final class ResourceNames {
  public static final int MAX_NAME_LENGTH = 63;

  private ResourceNames() {}

  /** The Job of the given role for one attempt. */
  public static String job(
      String restoreName, String restoreUid, long generation, String retryToken, JobRole role) {
    return shortened(
        restoreName, role.nameInfix(), restoreUid, attemptSuffix(generation, retryToken));
  }

  /** The runner Job for one attempt. */
  public static String runnerJob(
      String restoreName, String restoreUid, long generation, String retryToken) {
    return job(restoreName, restoreUid, generation, retryToken, JobRole.RUNNER);
  }

  /**
   * A ServiceAccount created for one restore (workload identity {@code autoCreate}); one per
   * restore UID so restores with different identities never share one.
   */
  public static String serviceAccount(String restoreName, String restoreUid) {
    return shortened(restoreName, "sa", restoreUid, null);
  }

  /** The ServiceAccount, without any API permission, that hook and restore Jobs run as. */
  public static String unprivilegedServiceAccount() {
    return "neo4j-restore-workload";
  }

  /** The Lease that makes restores of one target mutually exclusive. */
  public static String targetLease(String targetKind, String targetName) {
    String kind = targetKind.toLowerCase(Locale.ROOT).replace("neo4jenterprise", "");
    String name = "neo4j-restore-" + kind + "-" + targetName;
    if (name.length() <= 253) {
      return name;
    }
    // still unique per target: shortened name plus a hash of the full one
    return name.substring(0, 240) + "-" + hash(name, 12);
  }

  /** {@code g<generation>} or {@code g<generation>-r<hash>} for a retry token. */
  public static String attemptSuffix(long generation, String retryToken) {
    String suffix = "g" + generation;
    if (retryToken != null && !retryToken.isEmpty()) {
      suffix += "-r" + hash(retryToken, 5);
    }
    return suffix;
  }

  private static String shortened(String name, String role, String uid, String attempt) {
    StringBuilder tail = new StringBuilder("-").append(role).append('-').append(hash(uid, 6));
    if (attempt != null) {
      tail.append('-').append(attempt);
    }
    int budget = MAX_NAME_LENGTH - tail.length();
    String head = name.toLowerCase(Locale.ROOT).replace('.', '-');
    if (head.length() > budget) {
      head = head.substring(0, budget);
    }
    // a DNS label must not end with '-'
    while (head.endsWith("-")) {
      head = head.substring(0, head.length() - 1);
    }
    return head + tail;
  }

  /** {@code length} base-36 characters of the SHA-256 of {@code value} (its low-order digits). */
  public static String hash(String value, int length) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      String base36 = new java.math.BigInteger(1, digest).toString(36);
      return base36.substring(base36.length() - length);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}

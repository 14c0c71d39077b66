package io.neo4jrestore.runner.lock;

import java.util.Optional;

/**
 * Who holds a target's Lease: one restore (name and UID) and the runner pod working on it. Written
 * to {@code spec.holderIdentity} as {@code <restore>/<uid>/<pod>} (none of them contains '/').
 */
public record Holder(String restore, String uid, String pod) {
  public String identity() {
    return restore + "/" + uid + "/" + pod;
  }

  /** The holder written by this product, or empty for an identity it did not write. */
  public static Optional<Holder> parse(String identity) {
    if (identity == null) {
      return Optional.empty();
    }
    String[] parts = identity.split("/", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Holder(parts[0], parts[1], parts[2]));
  }

  public boolean sameRestore(Holder other) {
    return other != null && uid.equals(other.uid);
  }

  @Override
  public String toString() {
    return "restore " + restore + " (runner pod " + pod + ")";
  }
}

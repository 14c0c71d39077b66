package io.neo4jrestore.runner.neo4j;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Neo4j admin user and password, read from the target's admin Secret. The password is kept as a
 * {@code char[]} and never appears in {@link #toString()} or in any message; messages name the
 * Secret and its keys only.
 */
public final class Neo4jCredentials {
  /** The key the Neo4j image reads ({@code user/password}); preferred when present. */
  public static final String NEO4J_AUTH = "NEO4J_AUTH";

  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";

  /**
   * Where an admin Secret keeps the credentials: under {@code NEO4J_AUTH} ({@code user/password},
   * the Neo4j image's variable) or under {@code username} and {@code password} (what the operator
   * writes and reads, docs/compat.md §3).
   */
  public enum Layout {
    NEO4J_AUTH,
    USERNAME_PASSWORD;

    /**
     * The layout of a Secret with these keys: {@code NEO4J_AUTH} when present (it wins, as in
     * {@link #fromSecretData}), else both {@code username} and {@code password}, else none.
     */
    public static Optional<Layout> of(Set<String> keys) {
      if (keys.contains(Neo4jCredentials.NEO4J_AUTH)) {
        return Optional.of(NEO4J_AUTH);
      }
      return keys.contains(USERNAME) && keys.contains(PASSWORD)
          ? Optional.of(USERNAME_PASSWORD)
          : Optional.empty();
    }
  }

  private final String username;
  private final char[] password;

  public Neo4jCredentials(String username, char[] password) {
    this.username = Objects.requireNonNull(username, "username");
    this.password = Objects.requireNonNull(password, "password").clone();
  }

  /** Reads the Secret's data without knowing its name (messages say "the admin Secret"). */
  public static Neo4jCredentials fromSecretData(Map<String, byte[]> data) {
    return fromSecretData(null, data);
  }

  /**
   * Reads {@code NEO4J_AUTH} ({@code user/password}, split at the first {@code /}) or, when it is
   * absent, {@code username} + {@code password}: the two layouts the Neo4j operator accepts. Values
   * are used as they are (a trailing newline is part of the password, as it is for the Neo4j
   * image).
   *
   * @param secretName the Secret's name, for error messages
   * @throws Neo4jAdminException ({@link Neo4jAdminException.Kind#INVALID}) naming the Secret and
   *     the missing or malformed keys, never a value
   */
  public static Neo4jCredentials fromSecretData(String secretName, Map<String, byte[]> data) {
    String secret = secretName == null ? "the admin Secret" : "admin Secret " + secretName;
    Map<String, byte[]> d = data == null ? Map.of() : data;
    Optional<Layout> layout = Layout.of(d.keySet());
    if (layout.isEmpty()) {
      throw missingKeys(secret, d.keySet());
    }
    if (layout.get() == Layout.NEO4J_AUTH) {
      char[] auth = decode(d.get(NEO4J_AUTH), secret, NEO4J_AUTH);
      try {
        int slash = indexOf(auth, '/');
        if (slash <= 0 || slash == auth.length - 1) {
          throw invalid(
              secret
                  + ": key "
                  + NEO4J_AUTH
                  + " must be <user>/<password> with neither part empty"
                  + (isNone(auth)
                      ? " (\"none\" disables authentication, which a restore cannot use)"
                      : ""));
        }
        return new Neo4jCredentials(
            new String(auth, 0, slash), Arrays.copyOfRange(auth, slash + 1, auth.length));
      } finally {
        Arrays.fill(auth, '\0');
      }
    }
    char[] user = decode(d.get(USERNAME), secret, USERNAME);
    char[] password = decode(d.get(PASSWORD), secret, PASSWORD);
    try {
      if (user.length == 0 || password.length == 0) {
        throw invalid(secret + ": key " + (user.length == 0 ? USERNAME : PASSWORD) + " is empty");
      }
      return new Neo4jCredentials(new String(user), password);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /**
   * The refusal of a Secret whose keys hold no credentials ({@link Layout#of} is empty): names the
   * Secret, the keys it has and the keys it needs, never a value.
   */
  public static Neo4jAdminException missingKeys(String secret, Set<String> keys) {
    boolean hasUser = keys.contains(USERNAME);
    boolean hasPassword = keys.contains(PASSWORD);
    return invalid(
        secret
            + " has neither key "
            + NEO4J_AUTH
            + " nor both "
            + USERNAME
            + " and "
            + PASSWORD
            + (hasUser || hasPassword ? " (missing " + (hasUser ? PASSWORD : USERNAME) + ")" : "")
            + "; keys present: "
            + new TreeSet<>(keys)
            + ". Set "
            + NEO4J_AUTH
            + "=<user>/<password> or "
            + USERNAME
            + " and "
            + PASSWORD);
  }

  public String username() {
    return username;
  }

  /** A copy of the password; callers should clear it after use. */
  public char[] password() {
    return password.clone();
  }

  @Override
  public String toString() {
    return "Neo4jCredentials[username=" + username + ", password=(hidden)]";
  }

  private static char[] decode(byte[] value, String secret, String key) {
    if (value == null) {
      return new char[0];
    }
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(value));
      char[] out = new char[chars.remaining()];
      chars.get(out);
      Arrays.fill(chars.array(), '\0');
      return out;
    } catch (CharacterCodingException e) {
      throw invalid(secret + ": key " + key + " is not UTF-8 text");
    }
  }

  private static int indexOf(char[] chars, char c) {
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isNone(char[] auth) {
    return new String(auth).strip().equalsIgnoreCase("none");
  }

  private static Neo4jAdminException invalid(String message) {
    return new Neo4jAdminException(Neo4jAdminException.Kind.INVALID, message);
  }
}

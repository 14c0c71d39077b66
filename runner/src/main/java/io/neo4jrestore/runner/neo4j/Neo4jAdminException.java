package io.neo4jrestore.runner.neo4j;

import java.util.Optional;

/**
 * A Neo4j administration call failed. The message says what failed, on which target and database,
 * and what to do next; it never contains a password. {@link #kind()} lets the runner decide whether
 * a resumed run can succeed ({@link #retryable()}) and which condition reason to report.
 */
public class Neo4jAdminException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the call failed, in the terms the runner acts on. */
  public enum Kind {
    /** Bad credentials: fix the admin Secret. */
    AUTHENTICATION,
    /** The user lacks a privilege (e.g. not an admin). */
    FORBIDDEN,
    /** The certificate is not trusted (wrong CA, wrong host name, TLS misconfigured). */
    TLS,
    /** Bolt could not be reached or the connection broke; a later attempt may succeed. */
    UNAVAILABLE,
    /** Neo4j reported a transient error (leader switch, database starting); retry. */
    TRANSIENT,
    /** This Neo4j does not offer the command (Community edition, too old a version). */
    UNSUPPORTED,
    /** The database (or a server) does not exist. */
    NOT_FOUND,
    /** A {@code WAIT} or a bring-up deadline ran out before Neo4j finished. */
    TIMED_OUT,
    /** Our input cannot be sent (invalid name, missing CA, bad URI); nothing was sent. */
    INVALID,
    /** Neo4j refused the statement for another reason (message and code included). */
    REJECTED
  }

  private final Kind kind;
  private final String neo4jCode;

  public Neo4jAdminException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  public Neo4jAdminException(Kind kind, String message, String neo4jCode, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.neo4jCode = neo4jCode;
  }

  public Kind kind() {
    return kind;
  }

  /** The Neo4j status code ({@code Neo.ClientError....}) when Neo4j reported one. */
  public Optional<String> neo4jCode() {
    return Optional.ofNullable(neo4jCode);
  }

  /** True when the same call may succeed later without anyone changing anything. */
  public boolean retryable() {
    return kind == Kind.UNAVAILABLE || kind == Kind.TRANSIENT;
  }
}

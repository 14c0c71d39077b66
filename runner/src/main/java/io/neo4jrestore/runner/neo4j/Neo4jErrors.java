package io.neo4jrestore.runner.neo4j;

import io.neo4jrestore.runner.neo4j.Neo4jAdminException.Kind;
import java.net.URI;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.TransientException;

/**
 * Turns driver exceptions into {@link Neo4jAdminException}s that say what failed, where, and what
 * to check next. One place, so that every call site reports the same way.
 */
final class Neo4jErrors {
  static final String UNSUPPORTED_ADMINISTRATION_COMMAND =
      "Neo.ClientError.Statement.UnsupportedAdministrationCommand";
  static final String PROCEDURE_NOT_FOUND = "Neo.ClientError.Procedure.ProcedureNotFound";
  static final String DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound";
  static final String FORBIDDEN = "Neo.ClientError.Security.Forbidden";
  static final String AUTHORIZATION_EXPIRED = "Neo.ClientError.Security.AuthorizationExpired";

  /** What Community 5.26 answers to {@code SHOW SERVERS}, with "Unsupported administration...". */
  static final String NOT_SYSTEM_DATABASE = "Neo.ClientError.Statement.NotSystemDatabaseError";

  /**
   * Where a call went, for messages.
   *
   * @param uri the URI as configured (with its TLS scheme)
   * @param username the Neo4j user (never the password)
   */
  record Context(URI uri, String username, BoltEndpoint.Origin origin) {
    String where() {
      return origin.target() + " (" + uri + ")";
    }

    String hostAndPort() {
      return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }
  }

  private Neo4jErrors() {}

  /**
   * @param action what was attempted, e.g. {@code STOP DATABASE for database "movies"}
   */
  static Neo4jAdminException map(RuntimeException e, String action, Context c) {
    if (e instanceof Neo4jAdminException already) {
      return already;
    }
    String code = e instanceof Neo4jException n ? n.code() : null;
    String failed = action + " on " + c.where() + " failed: ";
    if (e instanceof AuthenticationException) {
      return new Neo4jAdminException(
          Kind.AUTHENTICATION,
          failed
              + "Neo4j rejected the credentials of user "
              + c.username()
              + ". Check the admin Secret "
              + c.origin().adminSecret()
              + " (NEO4J_AUTH or username/password): it must hold that user's current password",
          code,
          e);
    }
    Throwable tls = tlsCause(e);
    if (tls != null) {
      String ca =
          c.origin()
              .caSecret()
              .map(
                  s ->
                      "the server certificate must be signed by the CA in key ca.crt of Secret "
                          + s
                          + " and name the host "
                          + c.uri().getHost()
                          + "; check that Secret and the target's certificate")
              .orElse(
                  "no CA Secret is configured: if the target serves TLS, connect with bolt+s or"
                      + " neo4j+s and the CA from the target's TLS Secret");
      return new Neo4jAdminException(
          Kind.TLS,
          failed + "TLS with " + c.hostAndPort() + " failed (" + rootMessage(tls) + "); " + ca,
          code,
          e);
    }
    if (FORBIDDEN.equals(code) || AUTHORIZATION_EXPIRED.equals(code)) {
      return new Neo4jAdminException(
          Kind.FORBIDDEN,
          failed
              + "user "
              + c.username()
              + " lacks the privilege ("
              + e.getMessage()
              + "). The admin Secret "
              + c.origin().adminSecret()
              + " must name an admin user",
          code,
          e);
    }
    if (e instanceof ServiceUnavailableException || e instanceof SessionExpiredException) {
      String reason = rootMessage(e);
      boolean plain = !c.uri().getScheme().endsWith("+s");
      return new Neo4jAdminException(
          Kind.UNAVAILABLE,
          failed
              + "could not reach Neo4j ("
              + reason
              + "). Is the Bolt service "
              + c.hostAndPort()
              + " reachable from the runner pod (Service exists, pods Ready, no NetworkPolicy"
              + " blocking the port)?"
              + (plain && reason.contains("encryption")
                  ? " If the target serves Bolt over TLS only, connect with bolt+s:// or"
                      + " neo4j+s:// and the CA from its TLS Secret"
                  : ""),
          code,
          e);
    }
    if (e instanceof TransientException) {
      return new Neo4jAdminException(
          Kind.TRANSIENT,
          failed + code + ": " + e.getMessage() + ". This is transient: retry",
          code,
          e);
    }
    if (UNSUPPORTED_ADMINISTRATION_COMMAND.equals(code)
        || (NOT_SYSTEM_DATABASE.equals(code)
            && String.valueOf(e.getMessage()).startsWith("Unsupported administration command"))) {
      return new Neo4jAdminException(
          Kind.UNSUPPORTED,
          failed
              + "this Neo4j does not support the command ("
              + code
              + "). Neo4j Community Edition refuses database administration; restore targets"
              + " must run Neo4j Enterprise Edition",
          code,
          e);
    }
    if (PROCEDURE_NOT_FOUND.equals(code)) {
      return new Neo4jAdminException(
          Kind.UNSUPPORTED,
          failed
              + "this Neo4j does not offer the procedure ("
              + code
              + ": "
              + e.getMessage()
              + "). Check SHOW PROCEDURES on the target",
          code,
          e);
    }
    if (DATABASE_NOT_FOUND.equals(code)) {
      return new Neo4jAdminException(
          Kind.NOT_FOUND, failed + "the database does not exist (" + e.getMessage() + ")", code, e);
    }
    if (e instanceof Neo4jException) {
      return new Neo4jAdminException(
          Kind.REJECTED, failed + (code == null ? "" : code + ": ") + e.getMessage(), code, e);
    }
    if (e instanceof IllegalArgumentException) {
      return new Neo4jAdminException(Kind.INVALID, failed + e.getMessage(), null, e);
    }
    return new Neo4jAdminException(Kind.REJECTED, failed + rootMessage(e), null, e);
  }

  private static Throwable tlsCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException || t instanceof CertificateException) {
        return t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return root == e || e.getMessage() == null || e.getMessage().contains(m)
        ? (e.getMessage() == null ? m : e.getMessage())
        : e.getMessage() + ": " + m;
  }
}

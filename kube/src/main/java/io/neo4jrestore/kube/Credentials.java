package io.neo4jrestore.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Where the {@code Authorization} header comes from. Client certificates are set up in TLS. */
public interface Credentials {
  /** The header value, or null to send none. Runs an exec plugin if it must. */
  String authorization() throws CredentialsException;

  /**
   * The server answered 401 to {@code sent}: forget it. True when asking again may give a different
   * value, so the request is worth one retry.
   */
  default boolean invalidate(String sent) {
    return false;
  }

  /** No header (client certificate only, or anonymous). */
  Credentials NONE = () -> null;

  /** A fixed bearer token from the kubeconfig. */
  static Credentials token(String token) {
    String header = "Bearer " + token.trim();
    return () -> header;
  }

  /** Basic authentication from {@code username}/{@code password}. */
  static Credentials basic(String username, String password) {
    String header =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (username + ":" + (password == null ? "" : password))
                        .getBytes(StandardCharsets.UTF_8));
    return () -> header;
  }

  /**
   * {@code tokenFile}: read on every request (it may be rotated while a watch runs), trimmed so a
   * trailing newline does not end up in the header.
   */
  static Credentials tokenFile(Path file, String user) {
    return new Credentials() {
      @Override
      public String authorization() throws CredentialsException {
        String token;
        try {
          token = Files.readString(file).trim();
        } catch (IOException e) {
          throw new CredentialsException(
              "cannot read the token file "
                  + file
                  + " of user \""
                  + user
                  + "\": "
                  + e.getMessage()
                  + "; check the path in the kubeconfig",
              e);
        }
        if (token.isEmpty()) {
          throw new CredentialsException(
              "the token file " + file + " of user \"" + user + "\" is empty");
        }
        return "Bearer " + token;
      }

      @Override
      public boolean invalidate(String sent) {
        return true; // the file is re-read anyway; it may have been rotated meanwhile
      }
    };
  }
}

package io.neo4jrestore.api.validation;

/**
 * One refused field, in the API server's shape: {@code field} is the JSON path (e.g. {@code
 * spec.source.backupRef}), {@code message} the same text the CRD's rule carries.
 */
public record Violation(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
